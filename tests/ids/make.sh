#!/bin/sh
# Rebuilds the test books in tests/ids from their sources with pandoc
# (2.17); the DocBook is committed so the tests do not need pandoc.
set -e
cd "$(dirname "$0")"
pandoc -s -t docbook5 labels.md -o labels.xml
pandoc -s -f gfm -t docbook5 --metadata title=GFM --metadata lang=zh-CN \
    gfm.md -o gfm.xml
pandoc -s -f latex -t docbook5 --metadata title=Duplicate \
    --metadata lang=en dup.tex -o dup.xml
for c in ch1 ch2; do
	pandoc -t docbook5 --top-level-division=chapter files/$c.md \
	    -o files/$c.xml
done
