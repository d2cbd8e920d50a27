#!/bin/bash
# 安装并配置 Keystone 身份服务
set -euo pipefail

DB_PASS="${KEYSTONE_DBPASS:-secret}"
CONF=/etc/keystone/keystone.conf
readonly LOG_DIR=/var/log/keystone

# 列出文件
ls -la "$LOG_DIR" | grep -v '^total' > /tmp/files.txt 2>&1

function sync_db {
    local tries=0
    while [ $tries -lt 3 ]; do
        su -s /bin/sh -c "keystone-manage db_sync" keystone && return 0
        tries=$((tries + 1))
        echo "重试 $tries: $(date +%T)" >&2
    done
    return 1
}

if [[ -f "$CONF" && ! -L $CONF ]]; then
    sed -i "s|^#connection =.*|connection = mysql+pymysql://keystone:${DB_PASS}@controller/keystone|" \
        "$CONF"
else
    echo 'missing config' ; exit 2
fi

for svc in apache2 memcached; do systemctl restart $svc; done
echo $? $# $@ `hostname` a#b
