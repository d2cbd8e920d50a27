#!/usr/bin/env python3
"""Books that number their own headings (issue 19), from
tests/labels/own.xml (Chinese Markdown as pandoc writes it: "第二章 安装
Docker", "1.1 快速上手") with tests/labels/off.ini ([label]
number-chapters = false), with the default style (which leaves the
numbering to the author where most chapters, or sections, number
themselves) and with tests/labels/on.ini (both keys true).

- PDF, text from mutool draw -F stext: with the key off no "第 N 章"
  anywhere: not before the author's chapter titles, not in the contents
  (page ii), not in the running heads (lines above the text block), not
  in an xref's text; the author's titles are all there, the sections'
  with their own numbers alone (number-sections left to the book). The default style prints neither
  bookc's chapter labels nor its section numbers ("1.1 快速上手" once);
  with on.ini bookc's label is printed before them (so the check can
  fail).
- EPUB: with the key off and by default no h1 carries a span.label and
  no nav or NCX entry starts with 第 N 章; with on.ini they do; epubcheck
  0 fatals / 0 errors / 0 warnings for both.
Environment: BOOKC, OUT, TOP.
"""
import html, os, re, subprocess, tempfile, zipfile

BOOKC = os.environ.get("BOOKC", "out/bookc")
OUT = os.environ.get("OUT") or tempfile.mkdtemp()
TOP = os.environ.get("TOP") or os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.abspath(__file__))))
SRC = os.path.join(TOP, "tests", "labels", "own.xml")
OFF = os.path.join(TOP, "tests", "labels", "off.ini")
ON = os.path.join(TOP, "tests", "labels", "on.ini")
LABEL = re.compile(r"第\s*\d+\s*章")

from _check import epubcheck, report, done
from _stext import lines


def build(name, *args):
    pdf, epub = (os.path.join(OUT, name + e) for e in (".pdf", ".epub"))
    env = dict(os.environ, BOOKC_DATADIR=TOP)
    wrap = os.environ.get("BOOKC_WRAP", "").split()
    p = subprocess.run(wrap + [BOOKC, "-q", *args, "-o", pdf, "-o", epub,
                               SRC], env=env, capture_output=True)
    return p.returncode == 0, p.stderr.decode(errors="replace"), pdf, epub


def text_lines(pdf):
    """[(page, y, text)] of every stext line."""
    return [(pg, y, "".join(c[4] for c in cs)) for pg, y, cs in lines(pdf)]


def epub_parts(path):
    z = zipfile.ZipFile(path)
    xh = {n: z.read(n).decode() for n in z.namelist()
          if n.endswith(".xhtml")}
    h1 = [h for n, t in xh.items() if not n.endswith("nav.xhtml")
          for h in re.findall(r"<h1[^>]*>.*?</h1>", t, re.S)]
    nav = [html.unescape(a) for n, t in xh.items() if n.endswith("nav.xhtml")
           for a in re.findall(r"<a [^>]*>([^<]*)</a>", t)]
    ncx = [html.unescape(t) for n in z.namelist() if n.endswith(".ncx")
           for t in re.findall(r"<text>([^<]*)</text>", z.read(n).decode())]
    return h1, nav, ncx


TITLES = ["第一章 认识 Docker", "第二章 安装 Docker", "第三章 使用",
          "Chapter 4: Networking"]

ok, err, pdf, epub = build("own-off", "-s", OFF)
report("off: built", ok, err)
if ok:
    ls = text_lines(pdf)
    text = "\n".join(t for _, _, t in ls)
    report("off: no 第 N 章 anywhere in the PDF", not LABEL.search(text),
           [t for _, _, t in ls if LABEL.search(t)][:5])
    for t in TITLES:
        report(f"off: the heading {t!r} is printed as the author wrote it",
               any(l == t for _, _, l in ls), t)
    toc = [t for pg, _, t in ls if pg == 2]
    report("off: the contents lists the author's titles without a label",
           any(t.startswith("第二章 安装 Docker") for t in toc) and
           not any(LABEL.search(t) for t in toc), toc[:8])
    heads = [t for pg, y, t in ls if y < 80 and pg > 2]
    report("off: running heads carry the author's title alone",
           "第二章 安装 Docker" in heads and
           not any(LABEL.search(t) for t in heads), heads[:5])
    report("off: an xref names the chapter by its own title",
           "即“第二章 安装 Docker”" in text.replace("\n", ""),
           [t for t in text.splitlines() if "即" in t])
    report("off: sections, which off.ini leaves to the book, keep the author's number alone",
           any(t == "1.1 快速上手" for _, _, t in ls) and
           not any(re.match(r"1\.1\s+1\.1", t) for _, _, t in ls),
           [t for _, _, t in ls if "快速上手" in t])
    h1, nav, ncx = epub_parts(epub)
    report("off: EPUB h1s carry no label",
           h1 and not any('class="label"' in h or LABEL.search(h)
                          for h in h1), h1[:3])
    report("off: EPUB nav and NCX entries carry no 第 N 章",
           "第二章 安装 Docker" in nav and "第二章 安装 Docker" in ncx and
           not any(LABEL.search(a) for a in nav + ncx), (nav + ncx)[:6])
    report("off: epubcheck 0/0/0", *epubcheck(epub))

ok, err, pdf, epub = build("own-auto")
report("default: built", ok, err)
if ok:
    ls = text_lines(pdf)
    text = "\n".join(t for _, _, t in ls)
    report("default: most chapters number themselves, so no 第 N 章 anywhere",
           not LABEL.search(text), [t for _, _, t in ls if LABEL.search(t)][:5])
    for t in TITLES:
        report(f"default: the heading {t!r} is printed as the author wrote it",
               any(l == t for _, _, l in ls), t)
    report("default: so do most sections: '1.1 快速上手' alone, no '1.1 1.1'",
           any(t == "1.1 快速上手" for _, _, t in ls) and
           not any(re.match(r"1\.1\s+1\.1", t) for _, _, t in ls),
           [t for _, _, t in ls if "快速上手" in t])
    h1, nav, ncx = epub_parts(epub)
    report("default: EPUB h1s and nav carry no label",
           h1 and "第二章 安装 Docker" in nav and
           not any('class="label"' in h or LABEL.search(h) for h in h1) and
           not any(LABEL.search(a) for a in nav + ncx), (h1[:3], nav[:4]))
    report("default: epubcheck 0/0/0", *epubcheck(epub))

ok, err, pdf, epub = build("own-on", "-s", ON)
report("on: built", ok, err)
if ok:
    ls = text_lines(pdf)
    report("on: bookc's label comes before the author's number",
           any(t == "第 2 章" for _, _, t in ls) and
           any(t.startswith("第 2 章 第二章") for pg, _, t in ls if pg == 2),
           [t for _, _, t in ls if "第二章" in t][:5])
    h1, nav, ncx = epub_parts(epub)
    report("on: EPUB h1 and nav carry 第 2 章",
           any("第 2 章" in h for h in h1) and
           "第 2 章 第二章 安装 Docker" in nav, (h1[:2], nav[:3]))
    report("on: epubcheck 0/0/0", *epubcheck(epub))

done()
