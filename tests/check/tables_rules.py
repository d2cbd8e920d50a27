#!/usr/bin/env python3
"""CALS tables' frame, colsep and rowsep (at table, tgroup, colspec,
spanspec, row and entry), align (char and charoff among them) and valign,
and HTML tables' border, rules and frame, in both formats: the rules the
PDF draws (mutool's trace), where its glyphs stand (stext), the classes of
the EPUB's cells; a table that says nothing keeps the house rules."""
import os, re, subprocess, zipfile

from _check import epubcheck, report, done
from _stext import lines, rules

BOOKC = os.environ["BOOKC"]; OUT = os.environ["OUT"]
HEAD = ('<article xmlns="http://docbook.org/ns/docbook" version="5.0" '
        'xml:lang="en"><title>Rules</title>\n')
DOCS = {
    # a box with every rule inside
    "grid": '''<informaltable frame="all"><tgroup cols="2" colsep="1" rowsep="1">
<tbody><row><entry>a1</entry><entry>b1</entry></row>
<row><entry>a2</entry><entry>b2</entry></row></tbody></tgroup></informaltable>''',
    # no rule at all
    "none": '''<informaltable frame="none"><tgroup cols="2"><tbody>
<row><entry>a1</entry><entry>b1</entry></row>
<row><entry>a2</entry><entry>b2</entry></row></tbody></tgroup></informaltable>''',
    # the sides alone; an entry and a row say no to what the tgroup asks
    "override": '''<informaltable frame="sides"><tgroup cols="2" colsep="1" rowsep="1">
<tbody><row rowsep="0"><entry colsep="0">a1</entry><entry>b1</entry></row>
<row><entry>a2</entry><entry>b2</entry></row>
<row><entry>a3</entry><entry>b3</entry></row></tbody></tgroup></informaltable>''',
    # a colspec's rule and a spanspec's
    "specs": '''<informaltable frame="topbot"><tgroup cols="3">
<colspec colname="c1" colsep="1"/><colspec colname="c2"/><colspec colname="c3"/>
<spanspec spanname="s23" namest="c2" nameend="c3" rowsep="1"/>
<tbody><row><entry>a1</entry><entry spanname="s23">b1</entry></row>
<row><entry>a2</entry><entry>b2</entry><entry>c2</entry></row></tbody></tgroup></informaltable>''',
    # alignment on the decimal point, right, centre, vertical
    "align": '''<informaltable><tgroup cols="3">
<colspec colname="n" align="char" char="."/><colspec colname="r" align="right"/><colspec colname="t"/>
<tbody><row><entry>10</entry><entry>r</entry><entry>top</entry></row>
<row><entry>0.125</entry><entry align="center">c</entry><entry>x</entry></row>
<row valign="bottom"><entry>123.5</entry><entry valign="middle">mid</entry>
<entry>one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty twenty-one twenty-two</entry></row>
</tbody></tgroup></informaltable>''',
    # an HTML table's rules="rows"
    "html": '''<informaltable border="1" rules="rows" frame="hsides">
<tr><td>a1</td><td align="right">b1</td></tr>
<tr valign="middle"><td>a2</td><td>b2</td></tr></informaltable>''',
    # nothing said: the house rules (PDF: above, below; EPUB: every cell)
    "house": '''<informaltable><tgroup cols="2"><tbody>
<row><entry>a1</entry><entry>b1</entry></row>
<row><entry>a2</entry><entry>b2</entry></row></tbody></tgroup></informaltable>''',
}
def glyphs(pdf):
    """{text of a line: (x of its first glyph, y, x of each glyph)}."""
    out = {}
    for pg, y, chars in lines(pdf):
        if pg == 1:
            out["".join(c[4] for c in chars).strip()] = (
                chars[0][2], y, [c[2] for c in chars])
    return out


def cells(epub):
    z = zipfile.ZipFile(epub)
    x = "".join(z.read(n).decode() for n in z.namelist()
                if n.endswith(".xhtml") and "nav" not in n)
    table = re.search(r"<table[^>]*>", x).group(0)
    tds = re.findall(r'<t[dh]([^>]*)>(.*?)</t[dh]>', x, re.S)
    by = {}
    for attrs, body in tds:
        m = re.search(r'class="([^"]*)"', attrs)
        text = re.sub(r"<[^>]+>", "", body).strip()
        by[text] = set(m.group(1).split()) if m else set()
    return table, by, x


def xs(rs, kind):
    """The distinct middles of the rules of a kind, rounded."""
    return sorted({round((r[1] + r[3]) / 2 if kind == "v" else
                         (r[2] + r[4]) / 2) for r in rs if r[0] == kind})


got = {}
for name, body in DOCS.items():
    src = os.path.join(OUT, f"rules-{name}.xml")
    pdf, epub = src[:-4] + ".pdf", src[:-4] + ".epub"
    open(src, "w", encoding="utf-8").write(HEAD + body + "\n</article>\n")
    p = subprocess.run([BOOKC, "-q", "-o", pdf, "-o", epub, src],
                       capture_output=True, text=True)
    report(f"{name}: compiles", p.returncode == 0, p.stderr)
    got[name] = (rules(pdf), glyphs(pdf), cells(epub), epub)

# grid: three verticals (left, middle, right), three horizontals
r, g, (table, by, _), epub = got["grid"]
report("grid: PDF draws three vertical rules", len(xs(r, "v")) == 3, r)
report("grid: PDF draws three horizontal rules", len(xs(r, "h")) == 3, r)
report("grid: EPUB table has the four sides",
       all(f"frame-{s}" in table for s in ("top", "bottom", "left", "right")),
       table)
report("grid: EPUB cells carry their inner rules only",
       by["a1"] >= {"colsep", "rowsep"} and by["b1"] == {"rowsep"} and
       by["a2"] == {"colsep"} and by["b2"] == set(), by)
report("grid: epubcheck", *epubcheck(epub))

# none: no rule drawn, no cell bordered
r, g, (table, by, x), epub = got["none"]
report("none: PDF draws no rule", r == [], r)
report("none: EPUB table says it is ruled, with no side",
       'class="ruled"' in table, table)
report("none: EPUB cells carry no rule",
       all(not (c & {"colsep", "rowsep"}) for c in by.values()), by)

# override: sides; a1 has no rule on its right, row 1 none below it
r, g, (table, by, _), _e = got["override"]
v = [x for x in r if x[0] == "v"]
ya1 = g["a1"][1]; ya2 = g["a2"][1]
edges = (min(x[1] for x in v), max(x[1] for x in v))
inner = [x for x in v if x[1] not in edges]
report("override: PDF frame draws both sides",
       len(xs(r, "v")) == 3, r)
report("override: no vertical rule beside a1 (entry colsep=0)",
       not [x for x in inner if x[2] < ya1 - 3 < x[4]] and
       [x for x in inner if x[2] < ya2 - 3 < x[4]], v)
report("override: one horizontal rule (row 1 rowsep=0; frame sides)",
       len(xs(r, "h")) == 1 and
       ya2 < [x for x in r if x[0] == "h"][0][2] < g["a3"][1], r)
report("override: EPUB classes",
       by["a1"] == set() and by["b1"] == set() and by["a2"] ==
       {"colsep", "rowsep"} and by["b2"] == {"rowsep"} and
       by["a3"] == {"colsep"} and "frame-left" in table and
       "frame-top" not in table, (table, by))

# specs: colspec colsep on column 1; spanspec rowsep under b1
r, g, (table, by, _), _e = got["specs"]
h = [x for x in r if x[0] == "h"]
inner = [x for x in h if g["b1"][1] < x[2] < g["b2"][1]]
report("specs: a vertical rule right of column 1 on both rows",
       len([x for x in r if x[0] == "v"]) == 2, r)
report("specs: the spanspec's rule under b1 alone",
       len(inner) == 1 and inner[0][1] > g["a1"][0] + 5 and
       abs(inner[0][3] - max(x[3] for x in h)) < 1, (inner, h))
report("specs: EPUB", by["a1"] == {"colsep"} and by["b1"] == {"rowsep"} and
       by["a2"] == {"colsep"}, by)

# align: decimal points one above the other; 10 ends where they stand
r, g, (table, by, x), epub = got["align"]
dot = [g["0.125"][2][1], g["123.5"][2][3]]
end10 = g["10"][2][1] + (g["10"][2][1] - g["10"][2][0])
report("align: PDF decimal points line up", abs(dot[0] - dot[1]) < 0.3, dot)
report("align: PDF 10 ends at the decimal point", abs(end10 - dot[0]) < 1.5,
       (end10, dot))
report("align: right-aligned r ends right of centred c",
       g["r"][0] > g["c"][0] + 1, (g["r"], g["c"]))
col3 = g[[k for k in g if k.startswith("one")][0]]
long_ys = [v[1] for v in g.values() if abs(v[0] - col3[0]) < 0.5]
report("align: valign bottom sets 123.5 on the long cell's last line",
       abs(g["123.5"][1] - max(long_ys)) < 0.5, (g["123.5"], long_ys))
report("align: valign middle sets mid between the long cell's lines",
       min(long_ys) + 1 < g["mid"][1] < max(long_ys) - 1, (g["mid"], long_ys))
report("align: EPUB classes", "align-char" in by["10"] and
       "align-right" in by["r"] and "align-center" in by["c"] and
       "valign-middle" in by["mid"] and "valign-bottom" in by["123.5"], by)
report("align: EPUB lines up on the point with no character added",
       re.search(r'>0<span class="char-rest" style="min-width: 4ch">\.125'
                 r'</span>', x) and
       re.search(r'>10<span class="char-rest" style="min-width: 4ch">'
                 r'</span>', x), x[:2000])
report("align: epubcheck", *epubcheck(epub))

# html: rules=rows, frame=hsides
r, g, (table, by, _), epub = got["html"]
report("html: PDF top, middle and bottom rules, no vertical",
       len(xs(r, "h")) == 3 and not xs(r, "v"), r)
report("html: EPUB", by["a1"] == {"rowsep"} and
       by["b1"] == {"rowsep", "align-right"} and
       "valign-middle" in by["a2"] and "frame-top" in table and
       "frame-left" not in table and " border=" not in table and
       " rules=" not in table, (table, by))
report("html: epubcheck", *epubcheck(epub))

# house: top and bottom rules only; the EPUB's cells keep their borders
r, g, (table, by, _), _e = got["house"]
report("house: PDF top and bottom rules only",
       len(xs(r, "h")) == 2 and not xs(r, "v"), r)
report("house: EPUB table not ruled", "ruled" not in table, table)
done()
