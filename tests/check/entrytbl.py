#!/usr/bin/env python3
"""A CALS entrytbl (tests/model/entrytbl.xml): its inner cells get the
rules and alignment its own colspecs, rows, entries and its colsep/rowsep
give them, and its spans (namest/nameend) over its own columns. PDF: the
inner column rules (one running down to the outer cell's end, one
stopping above a spanning entry), the inner row rules (none under a row
that says rowsep="0"), centred and right-aligned columns, a span centred
over two columns (mutool trace and stext); EPUB: the inner table's cells
carry colsep/rowsep/align classes and a colspan; epubcheck clean."""
import os, re, subprocess

from _check import epubcheck, epub_body, report, done
from _stext import lines, rules

BOOKC = os.environ["BOOKC"]; OUT = os.environ["OUT"]
TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SRC = os.path.join(TOP, "tests", "model", "entrytbl.xml")

pdf = os.path.join(OUT, "entrytbl.pdf"); epub = os.path.join(OUT, "entrytbl.epub")
p = subprocess.run([BOOKC, "-q", "-o", pdf, "-o", epub, SRC], capture_output=True, text=True)
report("entrytbl: compiles", p.returncode == 0, p.stderr)

g = {}
for pg, y, chars in lines(pdf):
    if pg == 1:
        g["".join(c[4] for c in chars).strip()] = (y, [c[2] for c in chars])
rs = rules(pdf)
vx = sorted({round((r[1] + r[3]) / 2, 1) for r in rs if r[0] == "v"})
report("pdf: five column rules (frame, outer, two inner)", len(vx) == 5, vx)
if len(vx) == 5:
    left, outer, ab, bc, right = vx
    def vseg(x):
        segs = [r for r in rs if r[0] == "v" and abs((r[1] + r[3]) / 2 - x) < 0.3]
        return min(r[2] for r in segs), max(r[4] for r in segs)
    hy = sorted({round((r[2] + r[4]) / 2, 1) for r in rs if r[0] == "h"})
    outer_row_end = [y for y in hy if y > g["a3 and b3"][0]][0] if "a3 and b3" in g else None
    report("pdf: the B|C rule runs down to the outer cell's end",
           outer_row_end is not None and abs(vseg(bc)[1] - outer_row_end) < 1, (vseg(bc), hy))
    report("pdf: the A|B rule stops above the entry spanning A and B",
           "a3 and b3" in g and vseg(ab)[1] < g["a3 and b3"][0] - 5, (vseg(ab), g.get("a3 and b3")))
    inner_h = [r for r in rs if r[0] == "h" and r[1] >= outer - 1 and r[3] <= right + 1
               and r[1] > left + 1]
    ys = sorted({round(r[2], 1) for r in inner_h})
    report("pdf: inner row rules under the head and under a1, none under a2",
           "a2" in g and "a1" in g and
           any(g["Head A"][0] < y < g["a1"][0] for y in ys) and
           any(g["a1"][0] < y < g["a2"][0] for y in ys) and
           not any(g["a2"][0] < y < g["a3 and b3"][0] for y in ys), (ys, g.get("a2")))
    def centre(k):
        xs = g[k][1]
        return (xs[0] + xs[-1] + (xs[-1] - xs[0]) / max(len(xs) - 1, 1)) / 2
    report("pdf: column B centred", "b1" in g and abs(centre("b1") - (ab + bc) / 2) < 2.5,
           (centre("b1") if "b1" in g else None, ab, bc))
    report("pdf: column C right-aligned", "c1" in g and g["c1"][1][0] > (bc + right) / 2,
           (g.get("c1"), bc, right))
    report("pdf: the span centred over A and B",
           "a3 and b3" in g and abs(centre("a3 and b3") - (outer + bc) / 2) < 2.5,
           (centre("a3 and b3") if "a3 and b3" in g else None, outer, bc))

body = epub_body(epub)
inner = re.search(r'class="entrytbl[^"]*"><table class="ruled">(.*?)</table>', body, re.S)
report("epub: the inner table is ruled by its cells", inner is not None,
       re.findall(r'entrytbl.{0,80}', body))
cls = {}
for attrs, text in re.findall(r'<t[dh]([^>]*)><p[^>]*>([^<]*)</p>', inner.group(1) if inner else ""):
    m = re.search(r'class="([^"]*)"', attrs)
    cls[text] = (set(m.group(1).split()) if m else set(), 'colspan="2"' in attrs)
report("epub: inner cells carry their rules and alignment",
       cls.get("a1", (set(),))[0] == {"colsep", "rowsep", "align-left"} and
       cls.get("b2", (set(),))[0] == {"colsep", "align-center"} and
       cls.get("c1", (set(),))[0] == {"rowsep", "align-right"}, cls)
report("epub: the span over two inner columns",
       cls.get("a3 and b3") == ({"colsep", "align-center"}, True), cls.get("a3 and b3"))
report("epub: epubcheck", *epubcheck(epub))
done()
