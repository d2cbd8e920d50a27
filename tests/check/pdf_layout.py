#!/usr/bin/env python3
"""Layout tests of the PDF back end through its page dump
(BOOKC_PAGE_DUMP=FILE: "page N LABEL", then "N x y w right TAG text" per
line, device.h).

- Golden dumps: tests/pdf/NAME.xml with NAME.dump (style a4), and
  tests/math/NAME.xml where a NAME.dump stands beside it (elements.xml:
  every MathML element bookc lays out, each formula's glyph ids and
  origins, rules and strokes). Regenerate with PDF_UPDATE=1 after checking
  the diff; the dump changes whenever the paragraph typesetter (typo.c)
  sets lines differently, or the formula layout sets a glyph elsewhere.
- Properties: no line runs past the measure, a long table repeats its
  header row on each page and never splits a row (nor a group of rows a
  cell spans), a JPEG is embedded byte for byte, footnotes (and URL
  footnotes) sit at the foot of the page that cites them, a bad image is
  one warning and a placeholder, both styles build every test book.
"""
import difflib, os, re, subprocess, sys, tempfile

BOOKC = os.environ.get("BOOKC", "out/bookc")
OUT = os.environ.get("OUT") or tempfile.mkdtemp()
TOP = os.environ.get("TOP") or os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.abspath(__file__))))
DIR = os.path.join(TOP, "tests", "pdf")


from _check import report, done

def compile_book(src, style="a4"):
    """Returns (exit status, stderr, dump text, pdf path)."""
    base = os.path.splitext(os.path.basename(src))[0]
    pdf = os.path.join(OUT, f"{base}-{style}.pdf")
    dump = os.path.join(OUT, f"{base}-{style}.dump")
    env = dict(os.environ, BOOKC_DATADIR=TOP, BOOKC_PAGE_DUMP=dump)
    cmd = os.environ.get("BOOKC_WRAP", "").split() + \
        [BOOKC, "-s", style, "-o", pdf, src]
    p = subprocess.run(cmd, cwd=TOP, env=env, capture_output=True)
    text = open(dump, encoding="utf-8").read() if os.path.exists(dump) \
        else ""
    return p.returncode, p.stderr.decode("utf-8", "replace"), text, pdf


def parse(dump):
    """[(label, [(x, y, w, text)])] per page."""
    pages = []
    for line in dump.splitlines():
        m = re.match(r"page \d+ (\S+)", line)
        if m:
            pages.append((m.group(1), []))
            continue
        m = re.match(r"\d+ (\S+) (\S+) (\S+) \S+ \S+ ?(.*)$", line)
        if m and pages:
            pages[-1][1].append((float(m.group(1)), float(m.group(2)),
                                 float(m.group(3)), m.group(4)))
    return pages


def golden():
    # Every tests/pdf book, and the formula books of tests/math that
    # have a dump beside them (their formulas' glyphs, rules, strokes).
    maths = os.path.join(TOP, "tests", "math")
    books = [os.path.join(DIR, f) for f in sorted(os.listdir(DIR))
             if f.endswith(".xml")] + \
        [os.path.join(maths, f) for f in sorted(os.listdir(maths))
         if f.endswith(".xml") and os.path.exists(
             os.path.join(maths, f[:-4] + ".dump"))]
    for path in books:
        f = os.path.basename(path)
        exp = path[:-4] + ".dump"
        rc, err, dump, _ = compile_book(os.path.relpath(path, TOP))
        name = f"golden-{f[:-4]}"
        if os.environ.get("PDF_UPDATE"):
            open(exp, "w", encoding="utf-8").write(dump)
        if not os.path.exists(exp):
            report(name, False, "no expected .dump (PDF_UPDATE=1)")
        elif rc != 0:
            report(name, False, f"exit {rc}: {err}")
        else:
            want = open(exp, encoding="utf-8").read()
            diff = "".join(list(difflib.unified_diff(
                want.splitlines(True), dump.splitlines(True), "expected",
                "got"))[:20])
            report(name, dump == want, "dump differs\n" + diff)


def properties():
    measure_right = 71.89 + 451.5 + 0.05       # a4: 43 em of 10.5 pt
    worst = []
    for f in sorted(os.listdir(DIR)):
        if not f.endswith(".xml"):
            continue
        _, _, dump, _ = compile_book(os.path.join("tests", "pdf", f))
        for label, lines in parse(dump):
            for x, y, w, t in lines:
                if x + w > measure_right:
                    worst.append(f"{f} p.{label}: {t[:30]} ends at "
                                 f"{x + w:.2f}")
    report("lines-within-measure", not worst, "; ".join(worst[:4]))

    # A long table: header on every page with rows, rows kept whole.
    rc, err, dump, _ = compile_book("tests/pdf/breaking.xml")
    pages = parse(dump)
    problems = []
    row_pages = {}
    for label, lines in pages:
        texts = [t for _, _, _, t in lines]
        rows = [t for t in texts if re.match(r"服务 \d+$", t)]
        if rows:
            body = [l for l in lines if l[1] < 780]
            top = min(body, key=lambda l: l[1])[3] if body else ""
            if top != "名称":
                problems.append(f"page {label} starts with {top!r}")
        for t in texts:
            m = re.match(r"(?:服务 |第 )(\d+)", t)
            if m:
                row_pages.setdefault(m.group(1), set()).add(label)
    split = [k for k, v in row_pages.items() if len(v) > 1]
    report("table-header-repeated", rc == 0 and len(pages) > 3 and
           not problems, "; ".join(problems) + err)
    report("table-rows-not-split", not split, "rows split: " +
           ", ".join(split))
    code = [(label, t) for label, lines in pages for _, _, _, t in lines
            if t.startswith("line_")]
    by_page = {}
    for label, t in code:
        by_page.setdefault(label, []).append(t)
    alone = [p for p, ts in by_page.items() if len(ts) < 2]
    report("listing-no-lone-lines", len(code) == 40 and not alone,
           f"{len(code)} code lines; alone on {alone}")

    # Spans: cells on the grid where their spans put them, and a group of
    # rows joined by a morerows cell on one page.
    rc, err, dump, _ = compile_book("tests/pdf/spans.xml")
    pages = parse(dump)
    at = {t: (label, x, w) for label, lines in pages for x, _, w, t in lines}
    where = {}
    for label, lines in pages:
        for _, _, _, t in lines:
            m = re.match(r"(?:组|项)\s+(\d+)", t)
            if m:
                where.setdefault(m.group(1), set()).add(label)
    split = sorted((k for k, v in where.items() if len(v) > 1), key=int)
    ok = len(where) == 20 and len({p for v in where.values() for p in v}) > 1
    report("table-span-groups-not-split", rc == 0 and ok and not split,
           f"groups split: {split}; {len(where)} groups " + err)
    grid = all(k in at for k in ("乙丙合并", "跨两列的单元格", "左右合并", "右一",
                                 "右二", "上下", "左", "一", "二", "三"))
    if grid:
        # spanning cells start at their first column and are wider than it
        grid = at["跨两列的单元格"][1] == at["二"][1] and \
            at["左"][1] == at["一"][1] and at["乙丙合并"][1] == at["二"][1] \
            and at["右一"][1] == at["左右合并"][1] and \
            at["跨两列的单元格"][2] > at["三"][1] - at["二"][1]
    report("table-spans-placed", grid, "cells not where their spans put them")

    # Features: footnotes at the foot, URL footnote, bad image.
    rc, err, dump, pdf = compile_book("tests/pdf/features.xml")
    pages = parse(dump)
    warn = [l for l in err.splitlines() if "broken.png" in l]
    report("bad-image-warns-once", rc == 0 and len(warn) == 1 and
           "[image missing]" in dump, err)
    ok = False
    for label, lines in pages:
        fn = [l for l in lines if re.match(r"2\s", l[3]) and
              "https://www.openstack.org/" in l[3]]
        cite = [l for l in lines
                if "OpenStack官方网站2" in re.sub(r"\s", "", l[3])]
        if fn and cite:
            body = [l for l in lines if l not in fn and l[1] < 780 and
                    not re.match(r"1\s", l[3])]
            ok = fn[0][1] > max(l[1] for l in body)
    report("url-footnote-at-foot", ok, "footnote for the link not found "
           "below the text of the page citing it")
    # A JPEG goes into the PDF as it is (DCTDecode), never re-encoded.
    jpeg = open(os.path.join(DIR, "photo.jpg"), "rb").read()
    data = open(pdf, "rb").read() if os.path.exists(pdf) else b""
    report("jpeg-embedded-unchanged", jpeg in data and b"/DCTDecode" in data,
           "the JPEG's bytes are not in the PDF")
    p = subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, "-"],
                       capture_output=True)
    text = re.sub(r"\s+", "", p.stdout.decode("utf-8", "replace"))
    report("xref-with-page", "表2.1服务列表（第2页）" in text,
           "xref text not found")
    report("xref-same-page-no-page", re.search(r"本节即2\.1节“代码”。", text)
           is not None, "an xref to its own page printed a page number")
    for f in sorted(os.listdir(DIR)):
        if f.endswith(".xml"):
            rc, err, dump, pdf = compile_book(os.path.join("tests", "pdf",
                                                           f), "a5")
            q = subprocess.run(["qpdf", "--check", pdf], capture_output=True)
            report(f"a5-{f[:-4]}", rc == 0 and q.returncode == 0 and
                   b"WARNING" not in q.stdout + q.stderr,
                   err + q.stdout.decode() + q.stderr.decode())


golden()
properties()
done()
