#!/usr/bin/env python3
"""Lists of figures and tables (issue 11) in the PDF's front matter and
the EPUB's navigation, from tests/lists/lists.xml.

- Each list has one entry per numbered figure (table), in book order, with
  its number and title, and the page the figure is on: the page whose
  caption carries that number in the page dump (BOOKC_PAGE_DUMP). Examples
  and informal figures and tables are in neither list.
- Each entry links to the page of its figure (mutool run: the links of
  the list's pages); the outline has the lists.
- The EPUB's loi and lot navigation lists the same entries.
- English titles with -l en; the [toc] style keys turn the lists off in
  both formats; a two-sided style opens each list on a right-hand page
  and still ends the front matter on a left-hand one.
Uses mutool and pdftotext. Environment: BOOKC, OUT, TOP.
"""
import os, re, subprocess, sys, tempfile, zipfile

BOOKC = os.environ.get("BOOKC", "out/bookc")
OUT = os.environ.get("OUT") or tempfile.mkdtemp()
TOP = os.environ.get("TOP") or os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.abspath(__file__))))
SRC = os.path.join(TOP, "tests", "lists", "lists.xml")


from _check import LINKS_JS, report, done

def run(cmd, env=None):
    p = subprocess.run(cmd, cwd=TOP, env=env, capture_output=True)
    return p.returncode, p.stdout.decode("utf-8", "replace"), \
        p.stderr.decode("utf-8", "replace")


def build(name, *args):
    """Builds NAME.pdf and NAME.epub; returns (ok, err, pdf, epub, dump)."""
    pdf, epub = (os.path.join(OUT, name + e) for e in (".pdf", ".epub"))
    dump = os.path.join(OUT, name + ".dump")
    env = dict(os.environ, BOOKC_DATADIR=TOP, BOOKC_PAGE_DUMP=dump)
    wrap = os.environ.get("BOOKC_WRAP", "").split()
    rc, _, err = run(wrap + [BOOKC, "-q", *args, "-o", pdf, "-o", epub, SRC],
                     env)
    return rc == 0, err, pdf, epub, dump


def pages(dump):
    """[(physical number, label, [(y, block, text)])] from a page dump."""
    out = []
    for line in open(dump, encoding="utf-8"):
        m = re.match(r"page (\d+) (\S+)( blank)?$", line)
        if m:
            out.append((int(m.group(1)), m.group(2), []))
            continue
        f = line.rstrip("\n").split(" ", 6)
        if len(f) == 7 and out:
            out[-1][2].append((float(f[2]), f[5][0], f[6]))
    return out


def norm(s):
    """Entry or caption text without the typesetter's spaces."""
    return re.sub(r"[\s\u2005\u3000]+", " ", s).strip()


def lists(pg, title, word):
    """The entries of the list titled title: [(physical page, y, label,
    title)], and the physical pages the list is on."""
    entries, on, inside = [], [], False
    for num, label, lines in pg:
        heads = [t for _, b, t in lines if b == "h"]
        if heads:
            inside = heads[0] == title
        if not inside or not re.fullmatch(r"[ivxlc]+", label):
            continue
        on.append(num)
        for y, b, t in lines:
            m = re.match(rf"{word} (\S+) (.*)$", norm(t))
            if b == "o" and m:
                entries.append((num, y, m.group(1), m.group(2)))
    return entries, on


def captions(pg, word):
    """label -> (physical page, page label) of the captions in the body."""
    out = {}
    for num, label, lines in pg:
        if re.fullmatch(r"[ivxlc]+", label):
            continue
        for _, b, t in lines:
            m = re.match(rf"{word} (\S+) ", norm(t))
            if b == "o" and m:
                out.setdefault(m.group(1), (num, label))
    return out


def printed_numbers(pdf, on, word):
    """label -> page number printed at the right of its entry."""
    out = {}
    for num in on:
        _, text, _ = run(["pdftotext", "-layout", "-f", str(num), "-l",
                          str(num), pdf, "-"])
        for line in text.splitlines():
            m = re.match(rf"\s*{word} (\S+)\s.*?\s(\d+)\s*$", line)
            if m:
                out[m.group(1)] = m.group(2)
    return out


def links(pdf):
    """physical page -> [(y0, y1, target physical page)]."""
    js = os.path.join(OUT, "links.js")
    open(js, "w").write(LINKS_JS)
    _, out, _ = run(["mutool", "run", js, pdf])
    res = {}
    for line in out.splitlines():
        f = line.split()
        m = re.match(r"#page=(\d+)", f[-1]) if len(f) == 6 else None
        if m:
            res.setdefault(int(f[0]), []).append(
                (float(f[2]), float(f[4]), int(m.group(1))))
    return res


def source_formal():
    """(figures, tables): the titles of numbered figures and tables in
    book order, with the number each should have."""
    text = open(SRC, encoding="utf-8").read()
    figs, tabs, count = [], [], {}
    chapter = None
    for m in re.finditer(r"<(chapter|appendix|figure|table|example)\b[^>]*>"
                         r"(\s*<title>(.*?)</title>)?", text, re.S):
        kind = m.group(1)
        if kind == "chapter":
            chapter = str(sum(1 for _ in re.finditer(
                r"<chapter\b", text[:m.end()])))
        elif kind == "appendix":
            chapter = "ABCDEFGHIJ"[len(re.findall(r"<appendix\b",
                                                  text[:m.start()]))]
        elif kind != "example":
            count[(chapter, kind)] = count.get((chapter, kind), 0) + 1
            title = re.sub(r"<[^>]+>", "", m.group(3))
            (tabs if kind == "table" else figs).append(
                (f"{chapter}.{count[(chapter, kind)]}", norm(title)))
    return figs, tabs


def nav_list(epub, kind):
    """The entries of the EPUB navigation's loi or lot, or None."""
    with zipfile.ZipFile(epub) as z:
        nav = z.read("EPUB/nav.xhtml").decode("utf-8")
    m = re.search(rf'<nav epub:type="{kind}".*?</nav>', nav, re.S)
    if not m:
        return None
    return [norm(re.sub(r"<[^>]+>", "", a))
            for a in re.findall(r"<a [^>]*>(.*?)</a>", m.group(0), re.S)]


def check_lists(name, pdf, pg, title, word, want):
    entries, on = lists(pg, title, word)
    where = captions(pg, word)
    got = [(label, t) for _, _, label, t in entries]
    report(f"{name}: one entry a numbered one, number and title", got == want,
           f"got {got[:4]}... ({len(got)}), want {want[:4]}... ({len(want)})")
    nums = printed_numbers(pdf, on, word)
    bad = [f"{label}: printed {nums.get(label)}, on {where.get(label)}"
           for label, _ in want
           if label not in where or nums.get(label) != where[label][1]]
    report(f"{name}: each entry's page is its {word}'s", not bad and want,
           "; ".join(bad[:5]))
    lk = links(pdf)
    bad = []
    for num, y, label, _ in entries:
        # the line's box reaches from its baseline up about one line
        hits = {t for y0, y1, t in lk.get(num, []) if y0 - 2 <= y <= y1 + 8}
        if hits != {where.get(label, (None,))[0]}:
            bad.append(f"{label}: links to {sorted(hits)}, "
                       f"{word} on {where.get(label)}")
    report(f"{name}: each entry links to its {word}", not bad and entries,
           "; ".join(bad[:5]))
    return on


def main():
    figs, tabs = source_formal()
    ok, err, pdf, epub, dump = build("lists")
    report("zh: builds", ok, err)
    if not ok:
        return
    pg = pages(dump)
    lof = check_lists("zh figures", pdf, pg, "插图目录", "图", figs)
    lot = check_lists("zh tables", pdf, pg, "表格目录", "表", tabs)
    report("zh: lists follow the contents, figures then tables",
           lof and lot and max(lof) < min(lot) and
           any("目录" == t for _, _, ls in pg[:min(lof)] for _, b, t in ls
               if b == "h"), f"figures on {lof}, tables on {lot}")
    _, outline, _ = run(["mutool", "show", pdf, "outline"])
    report("zh: outline has both lists", "插图目录" in outline and
           "表格目录" in outline, outline[:300])
    report("zh: EPUB loi is the same list",
           nav_list(epub, "loi") == [f"图 {l} {t}" for l, t in figs],
           (nav_list(epub, "loi") or [])[:3])
    report("zh: EPUB lot is the same list",
           nav_list(epub, "lot") == [f"表 {l} {t}" for l, t in tabs],
           (nav_list(epub, "lot") or [])[:3])

    ok, err, pdf, epub, dump = build("lists-en", "-l", "en")
    report("en: builds", ok, err)
    if ok:
        pg = pages(dump)
        check_lists("en figures", pdf, pg, "List of Figures", "Figure", figs)
        check_lists("en tables", pdf, pg, "List of Tables", "Table", tabs)
        with zipfile.ZipFile(epub) as z:
            nav = z.read("EPUB/nav.xhtml").decode("utf-8")
        report("en: EPUB lists titled in English", "<h2>List of Figures</h2>"
               in nav and "<h2>List of Tables</h2>" in nav)

    # The switch: both lists off, then the tables alone.
    for style, has_lof, has_lot in (("off", False, False),
                                    ("tables", False, True)):
        ok, err, pdf, epub, dump = build(
            "lists-" + style, "-s", os.path.join(TOP, "tests", "lists",
                                                 style + ".ini"))
        if not ok:
            report(f"[toc] {style}: builds", False, err)
            continue
        heads = {t for _, _, ls in pages(dump) for _, b, t in ls if b == "h"}
        got = ("插图目录" in heads, "表格目录" in heads,
               nav_list(epub, "loi") is not None,
               nav_list(epub, "lot") is not None)
        report(f"[toc] {style}: lists in PDF and EPUB as the style says",
               got == (has_lof, has_lot, has_lof, has_lot), got)

    # Two-sided: each list opens on a right-hand page, the body on the
    # first right-hand page after the front matter.
    ok, err, pdf, epub, dump = build("lists-a5", "-s", "a5")
    if ok:
        pg = pages(dump)
        _, lof = lists(pg, "插图目录", "图")
        _, lot = lists(pg, "表格目录", "表")
        body = next(n for n, label, _ in pg if label == "1")
        report("a5: lists open on right-hand pages, body on a recto",
               lof and lot and lof[0] % 2 == 1 and lot[0] % 2 == 1 and
               body % 2 == 1 and body > lot[-1],
               f"figures {lof}, tables {lot}, body from {body}")
    else:
        report("a5: builds", False, err)


main()
done()
