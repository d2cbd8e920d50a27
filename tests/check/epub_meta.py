#!/usr/bin/env python3
"""The EPUB's metadata and navigation as readers use them (issue 22,
point 7): the OPF 2 guide with the cover, so Calibre does not add a cover
of its own; no dc:date for a book without one (dcterms:modified from
SOURCE_DATE_EPOCH); copyright years and holders apart (OPF, title page,
PDF); every author on the cover; the bodymatter landmark at the first
chapter, not the preface; an index after the chapters is back matter with
a landmark; no footnote rule outside the notes (a reader that hides them
hides it). epubcheck clean. Calibre's ebook-convert, when installed."""
import os, re, shutil, subprocess, zipfile

from _check import epubcheck, pdf_lines, report, done

BOOKC = os.environ["BOOKC"]; OUT = os.environ["OUT"]
TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SRC = os.path.join(TOP, "tests", "epub", "meta.xml")
ENV = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")


def build(name, xml=None, pdf=False):
    src = SRC
    if xml is not None:
        src = os.path.join(OUT, name + ".xml")
        open(src, "w", encoding="utf-8").write(xml)
    out = os.path.join(OUT, name + ".epub")
    cmd = [BOOKC, "-q", "-o", out] + (["-o", os.path.join(OUT, name + ".pdf")] if pdf else []) + [src]
    p = subprocess.run(cmd, capture_output=True, text=True, env=ENV)
    report(f"{name}: compiles without messages", p.returncode == 0 and not p.stderr, p.stderr)
    return out


def read(epub, name):
    return zipfile.ZipFile(epub).read(name).decode()


epub = build("meta", pdf=True)
opf = read(epub, "EPUB/package.opf")
nav = read(epub, "EPUB/nav.xhtml")
report("opf: guide has the cover page",
       re.search(r'<guide>.*<reference type="cover" [^>]*href="cover.xhtml"', opf, re.S) is not None,
       opf[-600:])
report("opf: guide's text reference is the first chapter",
       '<reference type="text" title="Start" href="ch01.xhtml"/>' in opf, opf[-600:])
report("opf: no dc:date when the book has none", "dc:date" not in opf, opf[:900])
report("opf: dcterms:modified from SOURCE_DATE_EPOCH",
       '<meta property="dcterms:modified">2023-11-14T22:13:20Z</meta>' in opf, opf[:900])
report("opf: copyright years and holders apart",
       "<dc:rights>Copyright © 2002, 2003, 2004 Ada Lovelace, Charles Babbage</dc:rights>" in opf,
       re.findall(r"<dc:rights>.*?</dc:rights>", opf))
tp = read(epub, "EPUB/titlepage.xhtml")
report("title page: copyright years and holders apart",
       re.search(r'<p[^>]*class="copyright"[^>]*>© 2002, 2003, 2004 Ada Lovelace, Charles Babbage</p>', tp)
       is not None, re.findall(r'<p[^>]*class="copyright".*?</p>', tp))
report("pdf: copyright line", "2002, 2003, 2004 Ada Lovelace, Charles Babbage" in
       pdf_lines(os.path.join(OUT, "meta.pdf")), pdf_lines(os.path.join(OUT, "meta.pdf"))[:8])
lm = re.search(r'<nav epub:type="landmarks".*?</nav>', nav, re.S).group(0)
report("nav: bodymatter is the first chapter, not the preface",
       re.search(r'epub:type="bodymatter" href="ch01.xhtml"', lm) is not None, lm)
idx = re.search(r'epub:type="index" href="([^"#]+)#', lm)
report("nav: an index landmark", idx is not None, lm)
if idx:
    body = read(epub, "EPUB/" + idx.group(1))
    report("index at the end: body is backmatter", '<body epub:type="backmatter">' in body,
           re.findall(r"<body[^>]*>", body))
    report("index at the end: its section is the index",
           re.search(r'<section [^>]*epub:type="index"', body) is not None)
pre = read(epub, "EPUB/pr-01.xhtml")
report("preface: body is frontmatter", '<body epub:type="frontmatter">' in pre)
ch = read(epub, "EPUB/ch01.xhtml")
report("footnotes: no bare <hr> beside the notes",
       'epub:type="footnotes"' in ch and "<hr" not in ch,
       re.findall(r'<section class="footnotes".{0,120}', ch, re.S))
css = read(epub, "EPUB/css/book.css")
report("css: the rule belongs to the first note",
       re.search(r"aside\.footnote:first-child::before \{[^}]*border-top", css) is not None)
report("meta: epubcheck", *epubcheck(epub))

# Every author on the cover: a cover naming all three differs from one
# naming only the first.
one = build("meta-one-author", open(SRC, encoding="utf-8").read()
            .replace("<author><personname>Charles Babbage</personname></author>", "")
            .replace("<author><personname>Grace Hopper</personname></author>", ""))
report("cover: names every author (differs from the first author's alone)",
       zipfile.ZipFile(epub).read("EPUB/images/cover.png") !=
       zipfile.ZipFile(one).read("EPUB/images/cover.png"))

# A date: W3C kept, a date in prose gives its year.
for name, date, want in [("meta-w3c", "2008-03-05", "2008-03-05"),
                         ("meta-prose", "2008 年 3 月", "2008"),
                         ("meta-prose-en", "March 2008", "2008")]:
    e = build(name, open(SRC, encoding="utf-8").read().replace(
        "<copyright>", f"<date>{date}</date><copyright>"))
    o = read(e, "EPUB/package.opf")
    report(f"{name}: dc:date {want}", f"<dc:date>{want}</dc:date>" in o,
           re.findall(r"<dc:date>.*?</dc:date>", o))
report("meta-prose: epubcheck", *epubcheck(os.path.join(OUT, "meta-prose.epub")))

# Calibre: with the guide's cover reference it keeps the book's cover page
# and adds none of its own (before, it showed the cover twice).
if shutil.which("ebook-convert"):
    conv = os.path.join(OUT, "meta-calibre.epub")
    p = subprocess.run(["ebook-convert", epub, conv], capture_output=True, text=True, timeout=600)
    if report("calibre: converts", p.returncode == 0, p.stderr[-300:]):
        z = zipfile.ZipFile(conv)
        opfname = next(n for n in z.namelist() if n.endswith(".opf"))
        copf = z.read(opfname).decode()
        ids = dict(re.findall(r'<item [^>]*?id="([^"]+)"[^>]*?href="([^"]+)"', copf) +
                   [(b, a) for a, b in re.findall(r'<item [^>]*?href="([^"]+)"[^>]*?id="([^"]+)"', copf)])
        base = os.path.dirname(opfname)
        covers = 0
        for idref in re.findall(r'<itemref [^>]*idref="([^"]+)"', copf):
            href = ids.get(idref)
            if href and href.endswith("html"):
                t = z.read(os.path.normpath(os.path.join(base, href))).decode()
                covers += bool(re.search(r'<(img|image)[^>]*cover', t))
        report("calibre: one cover page in the spine", covers == 1, covers)
else:
    print("# skipped Calibre: no ebook-convert")
done()
