#!/usr/bin/env python3
"""The handout style and the style keys behind it.

- The guide in styles/handout.ini, through its page dump
  (BOOKC_PAGE_DUMP): at most 8 pages, the title block and the contents on
  page 1, no chapter or section heading last on a page, every page but the
  last at least half full, page numbers "N / total" in one place, the
  contents' page numbers those of the chapters; /PageLabels 1..N with no
  front matter, and an EPUB made in the same run lists the same pages and
  passes epubcheck; --impose 2up makes half as many sheets.
- The keys one by one on a small book (tests/handout/keys.xml), each in a
  style file that sets only that key: chapter-start (page, recto, run-on,
  and chapter-recto's old spelling and a contradiction), title (page,
  block), [toc] contents (pages, inline, none), running-heads and
  page-numbers.
"""
import os, re, subprocess, zipfile

from _check import epubcheck, report, done

TOP = os.environ["TOP"]; BOOKC = os.environ["BOOKC"]; OUT = os.environ["OUT"]
GUIDE = "book/guide.xml"
KEYS = "tests/handout/keys.xml"
PT = 72 / 25.4


def run(args):
    env = dict(os.environ, BOOKC_DATADIR=TOP)
    return subprocess.run([BOOKC] + args, cwd=TOP, env=env,
                          capture_output=True, text=True)


def pages_of(dump):
    """{page index: (label, [(x, y, w, tag, text)])} from a page dump."""
    pages, cur = {}, None
    for line in dump.splitlines():
        m = re.match(r"page (\d+) (\S+)$", line)
        if m:
            cur = int(m.group(1))
            pages[cur] = (m.group(2), [])
            continue
        f = line.split(" ", 6)
        if cur is None or len(f) < 7:
            continue
        # (the dump keeps the space between Han and Latin, U+2005)
        pages[cur][1].append((float(f[1]), float(f[2]), float(f[3]), f[5],
                              f[6].replace("\u2005", " ")))
    return pages


def build(style_text_or_name, book, name, extra=()):
    """Compiles book; returns (process, pages, pdf path)."""
    style = style_text_or_name
    if "\n" in style:
        style = os.path.join(OUT, name + ".ini")
        open(style, "w").write(style_text_or_name)
    pdf = os.path.join(OUT, name + ".pdf")
    dump = os.path.join(OUT, name + ".dump")
    env = dict(os.environ, BOOKC_DATADIR=TOP, BOOKC_PAGE_DUMP=dump)
    p = subprocess.run([BOOKC, "-s", style, "-o", pdf, *extra, book],
                       cwd=TOP, env=env, capture_output=True, text=True)
    text = open(dump, encoding="utf-8").read() if os.path.exists(dump) \
        else ""
    return p, pages_of(text), pdf


def npages(pdf):
    out = subprocess.run(["pdfinfo", pdf], capture_output=True,
                         text=True).stdout
    m = re.search(r"Pages:\s+(\d+)", out)
    return int(m.group(1)) if m else -1


# ---- the guide as a handout ------------------------------------------

# styles/handout.ini: A4, margins 20 mm top and bottom
TOPY, BOTTOM = 20 * PT, (297 - 20) * PT
p, pages, pdf = build("handout", GUIDE, "guide-handout")
report("guide: builds without a message", p.returncode == 0 and
       p.stderr == "", p.stderr)
n = len(pages)
report("guide: at most 8 pages (16 in a4)", 0 < n <= 8 and npages(pdf) == n,
       f"{n} pages")


def body(lines):
    """The page's lines but its page number (below the text area)."""
    return [l for l in lines if l[1] < BOTTOM]


def folio(lines):
    return [l for l in lines if l[1] >= BOTTOM]


first = body(pages[1][1]) if 1 in pages else []
report("guide: page 1 opens with the title",
       bool(first) and first[0][4].startswith("OpenStack 学习指南"),
       first[:1])
texts1 = [l[4] for l in first]
report("guide: the edition, the abstract and the contents on page 1",
       any("第 1 版" in t for t in texts1) and
       any(t.startswith("本书按从基础技能") for t in texts1) and
       "目录" in texts1 and
       sum(t.startswith("第 ") and "章" in t for t in texts1) >= 9,
       texts1[:16])
report("guide: page 1 has no front matter before it (label 1)",
       pages.get(1, ("?",))[0] == "1", pages.get(1))
bad_heads, thin, folios = [], [], []
for i, (label, lines) in sorted(pages.items()):
    b = body(lines)
    if b and b[-1][3].startswith("h"):
        bad_heads.append((i, b[-1][4]))
    if i < n and b:
        fill = (b[-1][1] + 18 - TOPY) / (BOTTOM - TOPY)
        if fill < 0.5:
            thin.append((i, round(fill, 2)))
    folios.append([(round(l[0], 2), l[4]) for l in folio(lines)])
report("guide: no heading is the last line of a page", not bad_heads,
       bad_heads)
report("guide: every page but the last at least half full", not thin, thin)
report("guide: each page numbered 'N / total'",
       all(f and f[0][1] == f"{i + 1} / {n}" for i, f in enumerate(folios)),
       folios)
report("guide: the page numbers stand in one place (figures of one width)",
       len({f[0][0] for f in folios if f}) == 1, folios)
# The contents' page numbers: where each chapter's heading is.
chapter_page = {}
for i, (label, lines) in sorted(pages.items()):
    for l in body(lines):
        m = re.match(r"第 (\d+) 章", l[4])
        if m and l[3].startswith("h"):
            chapter_page.setdefault(m.group(1), label)
txt = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-layout", pdf,
                      "-"], capture_output=True, text=True).stdout
listed = {m.group(1): m.group(2) for m in
          re.finditer(r"^第\s*(\d+)\s*章.*\s(\d+)$", txt, re.M)}
report("guide: the contents give each chapter's page",
       len(listed) == 9 and listed == chapter_page, (listed, chapter_page))
q = subprocess.run(["qpdf", "--qdf", pdf, "-"], capture_output=True)
labels = re.search(rb"/PageLabels (\d+) 0 R", q.stdout)
obj = re.search(rb"\n" + (labels.group(1) if labels else b"x") +
                rb" 0 obj\s*<<(.*?)>>\s*endobj", q.stdout, re.S)
report("guide: /PageLabels number the pages from 1",
       obj is not None and b"/S /D" in obj.group(1) and
       b"/St 1" in obj.group(1) and b"/r" not in obj.group(1),
       obj.group(1)[:200] if obj else "no /PageLabels")

# One edition: the EPUB made with it lists the same pages.
pdf2, epub = os.path.join(OUT, "ho.pdf"), os.path.join(OUT, "ho.epub")
r = run(["-s", "handout", "-o", pdf2, "-o", epub, GUIDE])
if report("guide: PDF and EPUB together", r.returncode == 0, r.stderr):
    nav = zipfile.ZipFile(epub).read("EPUB/nav.xhtml").decode()
    pl = re.search(r'<nav epub:type="page-list".*?</nav>', nav, re.S)
    got = re.findall(r">(\d+)</a>", pl.group(0)) if pl else []
    report("guide: the EPUB's page-list has the PDF's pages",
           got == [str(i) for i in range(1, npages(pdf2) + 1)], got)
    report("guide: epubcheck", *epubcheck(epub))
two = os.path.join(OUT, "ho-2up.pdf")
r = run(["-s", "handout", "--impose", "2up", "-o", two, GUIDE])
report("guide: --impose 2up, two handout pages a sheet",
       r.returncode == 0 and npages(two) == (n + 1) // 2,
       (r.stderr, npages(two)))

# ---- the keys one by one ----------------------------------------------

BASE = "[page]\nsize = A4\n"


def key_build(name, lines):
    return build(BASE + lines + "\n", KEYS, "keys-" + name)


def heading_pages(pages):
    """Page index of each chapter heading ("第 N 章 ...")."""
    out = []
    for i, (label, lines) in sorted(pages.items()):
        for l in lines:
            if l[3].startswith("h") and re.match(r"第 \d 章", l[4]):
                out.append((i, l is body(lines)[0] if body(lines) else
                            False))
    return out


# chapter-start: page (default), run-on, recto; chapter-recto alone
p, pg, _ = key_build("page", "chapter-start = page")
hp = heading_pages(pg)
report("chapter-start = page: each chapter first on a page of its own",
       p.returncode == 0 and len(hp) == 4 and all(top for _, top in hp) and
       len({i for i, _ in hp}) == 4, hp)
p, pg, _ = key_build("runon", "chapter-start = run-on")
hp2 = heading_pages(pg)
report("chapter-start = run-on: chapters share pages",
       p.returncode == 0 and len(hp2) == 4 and
       len({i for i, _ in hp2}) < 4 and len(pg) < len(
           key_build("page2", "chapter-start = page")[1]), (hp2, len(pg)))
bad = [(i, lines and body(lines) and body(lines)[-1][4])
       for i, (lab, lines) in pg.items()
       if body(lines) and body(lines)[-1][3].startswith("h")]
report("chapter-start = run-on: no heading last on a page", not bad, bad)
p, pg, _ = key_build("recto", "chapter-start = recto")
hp3 = heading_pages(pg)
labels = {i: pg[i][0] for i in pg}
report("chapter-start = recto: chapters on odd pages",
       p.returncode == 0 and len(hp3) == 4 and
       all(int(labels[i]) % 2 == 1 for i, _ in hp3), (hp3, labels))
p, pg4, _ = key_build("oldrecto", "chapter-recto = true")
report("chapter-recto = true alone: as chapter-start = recto",
       p.returncode == 0 and heading_pages(pg4) == hp3,
       (heading_pages(pg4), hp3))
p, _, _ = key_build("agree", "chapter-recto = true\nchapter-start = recto")
report("chapter-recto = true with chapter-start = recto: fine",
       p.returncode == 0, p.stderr)
for old, new in (("true", "run-on"), ("false", "recto")):
    p, _, _ = key_build("clash", f"chapter-recto = {old}\n"
                        f"chapter-start = {new}")
    report(f"chapter-recto = {old} with chapter-start = {new}: an error",
           p.returncode == 2 and f"bad value '{new}' for style key "
           f"'chapter-start': contradicts chapter-recto = {old}" in p.stderr
           and re.search(r"keys-clash\.ini:4:", p.stderr), p.stderr)
p, _, _ = key_build("badchoice", "chapter-start = sometimes")
report("chapter-start = sometimes: an error", p.returncode == 2 and
       "not one of the allowed values" in p.stderr, p.stderr)

# title: page (default) and block
p, pg, _ = key_build("titlepage", "title = page")
report("title = page: a title page (i), then the contents (ii)",
       p.returncode == 0 and pg[1][0] == "i" and
       body(pg[1][1])[0][4] == "样式键测试" and
       not any(re.match(r"第 \d 章", l[4]) for l in pg[1][1]), pg.get(1))
p, pg, _ = key_build("titleblock", "title = block")
b = body(pg[2][1]) if 2 in pg else []
report("title = block: the contents pages (i) come first, then page 1 "
       "opens with the title block and the first chapter follows at once "
       "(chapter-start = page does not break after the block)",
       p.returncode == 0 and pg[1][0] == "i" and pg[2][0] == "1" and
       [l[4] for l in b[:2]] == ["样式键测试", "一本小书"] and
       any(l[4].startswith("第 1 章") for l in b), [l[4] for l in b[:8]])

# [toc] contents: pages, inline, none
both_block = "title = block\n"
p, pg, _ = key_build("inline", both_block + "[toc]\ncontents = inline")
t1 = [l[4] for l in body(pg[1][1])] if 1 in pg else []
report("contents = inline: no front matter, the contents on page 1 "
       "after the title block",
       p.returncode == 0 and pg[1][0] == "1" and "目录" in t1 and
       t1.index("目录") > t1.index("样式键测试") and
       sum(t.startswith("第 ") for t in t1) >= 4, t1[:10])
p, pg, _ = key_build("none", both_block + "[toc]\ncontents = none")
alltext = [l[4] for _, (lab, ls) in pg.items() for l in ls]
report("contents = none: no contents anywhere",
       p.returncode == 0 and pg[1][0] == "1" and "目录" not in alltext,
       alltext[:6])
p, pg, _ = key_build("pages", "[toc]\ncontents = pages")
report("contents = pages: contents on a page of its own (ii)",
       p.returncode == 0 and pg[2][0] == "ii" and
       body(pg[2][1])[0][4] == "目录", pg.get(2, ("", []))[1][:2])

# running-heads: true shows the chapter above the text, false nothing
p, pg, _ = key_build("heads", "running-heads = true")
above = [l for i, (lab, ls) in pg.items() for l in ls if l[1] < 25 * PT]
report("running-heads = true: heads above the text", p.returncode == 0 and
       len(above) > 0, len(above))
p, pg, _ = key_build("noheads", "running-heads = false")
above = [l for i, (lab, ls) in pg.items() for l in ls if l[1] < 25 * PT]
report("running-heads = false: nothing above the text",
       p.returncode == 0 and not above, above[:3])

# page-numbers: plain, of-total, none (at the foot: below the text area)
FOOT = (297 - 25) * PT
for value, want in (("plain", lambda lab, n: lab),
                    ("of-total", lambda lab, n: f"{lab} / {n}"),
                    ("none", None)):
    p, pg, _ = key_build("num-" + value, both_block +
                         f"page-numbers = {value}\n[toc]\ncontents = none")
    nb = len(pg)
    feet = [[l[4] for l in ls if l[1] > FOOT] for i, (lab, ls) in
            sorted(pg.items())]
    if want is None:
        ok = all(f == [] for f in feet)
    else:
        ok = all(f == [want(lab, nb)] for f, (lab, _) in
                 zip(feet, [pg[i] for i in sorted(pg)]))
    report(f"page-numbers = {value}", p.returncode == 0 and nb > 1 and ok,
           feet)
done()
