#!/usr/bin/env python3
"""Lines cut from the measuring layout (typo_cut.c, typo_cut_lines) against lines
Pango sets itself.

typo_cut.c sets a paragraph's final lines by cutting the glyphs of the layout
it measured with at the breaks it chose; BOOKC_SET_TWICE makes it set
them in a second Pango layout instead, with a U+2028 at each break, as
it once always did. Each book is compiled both ways; mutool draw -F
stext gives every character's origin, and each must be the same
character at the same place (within 0.02 pt) both ways. The page dumps
tell which lines were cut: the second way's lines end with our U+2028,
the first way's do not; some must have been.

Books: tests/typo/cuts.xml (breaks inside Han runs, inline code in its
own font, Western words with kerning pairs, hyphens in code and narrow
cells, URLs, superscripts at line starts, English paragraphs, list items,
a footnote), tests/typo/typography.xml, tests/pdf/features.xml and the
guide.
Environment: BOOKC, OUT, TOP.
"""
import os, re, subprocess

from _check import report, done

BOOKC = os.environ.get("BOOKC", "out/bookc")
OUT = os.environ.get("OUT", "/tmp")
TOP = os.environ.get("TOP", os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.abspath(__file__)))))
BOOKS = ["tests/typo/cuts.xml", "tests/typo/typography.xml",
         "tests/pdf/features.xml", "book/guide.xml"]
TOL = 0.02
CHAR = re.compile(r'<char quad="[^"]*" x="([^"]+)" y="([^"]+)"[^>]* c="([^"]*)"')


def build(src, dest, twice):
    env = dict(os.environ, BOOKC_DATADIR=TOP,
               BOOKC_PAGE_DUMP=dest + ".dump")
    env.pop("BOOKC_SET_TWICE", None)
    if twice:
        env["BOOKC_SET_TWICE"] = "1"
    wrap = os.environ.get("BOOKC_WRAP", "").split()
    p = subprocess.run(wrap + [BOOKC, "-q", "-o", dest, src], cwd=TOP,
                       env=env, capture_output=True, timeout=300)
    return p.returncode, p.stderr.decode("utf-8", "replace")


def chars(pdf):
    """(page, x, y, c) of every character, in content order."""
    out = []
    p = subprocess.run(["mutool", "draw", "-q", "-F", "stext", "-o", "-",
                        pdf], capture_output=True, timeout=300)
    page = 0
    for line in p.stdout.decode("utf-8", "replace").splitlines():
        if line.startswith("<page "):
            page += 1
        m = CHAR.search(line)
        if m:
            out.append((page, float(m.group(1)), float(m.group(2)),
                        m.group(3)))
    return out


def ended_by_ours(dump):
    """Lines of the page dump that end with a U+2028 of ours."""
    with open(dump, encoding="utf-8") as f:
        return sum(1 for l in f if l.rstrip(" \n").endswith("\u2028"))


def main():
    for src in BOOKS:
        if not os.path.exists(os.path.join(TOP, src)):
            continue
        base = os.path.join(OUT, "cuts-" + os.path.basename(src)[:-4])
        rc1, e1 = build(src, base + "-cut.pdf", False)
        rc2, e2 = build(src, base + "-twice.pdf", True)
        name = os.path.basename(src)
        if not report(f"{name}: compiles both ways", rc1 == 0 and rc2 == 0,
                      e1 + e2):
            continue
        cut = ended_by_ours(base + "-twice.pdf.dump") - \
            ended_by_ours(base + "-cut.pdf.dump")
        report(f"{name}: lines were cut ({cut})", cut > 0,
               "no line set from cut glyphs")
        a, b = chars(base + "-cut.pdf"), chars(base + "-twice.pdf")
        bad = [(x, y) for x, y in zip(a, b) if x[0] != y[0] or
               x[3] != y[3] or abs(x[1] - y[1]) > TOL or
               abs(x[2] - y[2]) > TOL]
        worst = max((abs(x[1] - y[1]) for x, y in zip(a, b)
                     if x[3] == y[3]), default=0)
        report(f"{name}: {len(a)} characters where Pango puts them "
               f"(worst {worst:.3f} pt)", len(a) == len(b) and not bad,
               f"{len(a)} vs {len(b)} characters; first differences: "
               f"{bad[:3]}")


main()
done()
