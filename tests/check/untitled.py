#!/usr/bin/env python3
"""A book without a title (pandoc writes none unless given one) still gets
a valid EPUB: dc:title and every <title> take the first division's title,
else the file's name, never an empty string (epubcheck refuses one)."""
import os, re, subprocess, zipfile

from _check import epubcheck, report, done

BOOKC = os.environ["BOOKC"]; OUT = os.environ["OUT"]
NS = 'xmlns="http://docbook.org/ns/docbook" version="5.0" xml:lang="zh-CN"'
books = {
    "chapter": (f'<article {NS}><chapter xml:id="a"><title>用 LaTeX 排版文字</title>'
                '<para>正文。</para></chapter></article>', "用 LaTeX 排版文字"),
    "loose": (f'<article {NS}><para>只有一段。</para></article>', "loose"),
}
for name, (xml, want) in books.items():
    src = os.path.join(OUT, name + ".xml"); epub = os.path.join(OUT, name + ".epub")
    open(src, "w", encoding="utf-8").write(xml)
    p = subprocess.run([BOOKC, "-q", "-o", epub, src], capture_output=True, text=True)
    report(f"{name}: compiles", p.returncode == 0, p.stderr)
    if p.returncode:
        continue
    z = zipfile.ZipFile(epub)
    opf = z.read("EPUB/package.opf").decode()
    m = re.search(r"<dc:title[^>]*>(.*?)</dc:title>", opf)
    report(f"{name}: dc:title is '{want}'", m and m.group(1) == want, m and m.group(1))
    empty = [n for n in z.namelist() if n.endswith(".xhtml")
             and re.search(r"<title>\s*</title>", z.read(n).decode())]
    report(f"{name}: no empty <title>", not empty, empty)
    report(f"{name}: epubcheck", *epubcheck(epub))
done()
