#!/usr/bin/env python3
"""列出服务器：一个 openstacksdk 示例。

Multi-line docstring with a "quote" inside.
"""
import os
from typing import Optional

import openstack

MAX_RETRIES = 3  # 最多重试次数
RATIO = 1.5e-3


@dataclass
class Server(Base):
    name: str
    flavor: Optional[str] = None

    def describe(self) -> str:
        return f"{self.name} ({self.flavor!r})"


def main(cloud='devstack', *, verbose=False):
    conn = openstack.connect(cloud=cloud)
    for s in conn.compute.servers():
        if s.status != "ACTIVE" and not verbose:
            continue
        print(Server(s.name).describe(), len(s.addresses), 0x1F)
    path = r'C:\temp\new' + b"\x00".decode()
    raise SystemExit(0)


if __name__ == "__main__":
    main()
