#!/usr/bin/env python3
"""Formulas as XeLaTeX sets them (issue 24, make compare-xelatex), from
tests/math/tex.xml (pandoc --mathml of tests/math/tex.tex), measured in
mutool's stext against what XeLaTeX (unicode-math, Latin Modern Math) does
with the same TeX at the same size (10.5pt):

- a display integral's limits at its top and bottom right (XeLaTeX: the
  superscript's baseline 12.4pt above the integral's, the subscript's
  10.5pt below), the subscript tucked under the slant by the italic
  correction (6.2pt left of the superscript), and an inline sum's limits
  dropped from its glyph as from a box (superscript 6.0pt up, subscript
  4.1pt down);
- no space around a relation, a binary operator or a comma in a script
  (XeLaTeX: i=1 under the sum 8.6pt from i to 1, m×n 13.1pt from m to n,
  1,2 5.1pt from 1 to 2);
- a function's name as pandoc writes \operatorname{sgn}, \Pr, \det (an
  <mo> the dictionary does not know) spaced as TeX's Op: sgn(b) and Pr(A)
  with no space before the parenthesis, "+ Pr" with the plus's space
  only, "det A" with a thin space;
- a norm's bars as pandoc writes \lVert \rVert (∥, U+2225, prefix and
  postfix) are fences, not relations: no space inside them; so are
  vmatrix's bars (∣, U+2223: ∣ to a 2.9pt, XeLaTeX 3.0; ∣ to = 5.8pt,
  XeLaTeX 5.8);
- an overbrace as wide as what it spans (its assembly's connectors
  overlapping more rather than running past: XeLaTeX's starts at the 1 of
  1+2+⋯+n and ends 0.5pt short of the n's end);
- a minus after a relation a sign, not a binary operator ("= −2" as
  pandoc writes an align cell: − to 2 8.7pt, XeLaTeX 8.1);
- \mathrm{d} (pandoc: <mstyle mathvariant="normal"><mi>d</mi>) upright:
  the mstyle's mathvariant inherited (the d of "dx" as wide as det's);
- a fence may fall short of what it holds by TeX's \delimiterfactor
  (901) and \delimitershortfall (5pt): \left(\frac{n}{e}\right) in
  display takes the variant XeLaTeX takes (advance 0.597em; 0.663 when
  stretched to the full height);
- align*'s columns in pairs, the relation's column right against the
  one before it (z to = 7.8pt, XeLaTeX 8.0), a matrix's columns still
  apart (tests/check/math.py); its cells in display style (a fraction's
  y at the body's size, 7.1pt above the baseline, as XeLaTeX's);
- cramped style: a superscript under a radical or in a denominator rises
  less (SuperscriptShiftUpCramped: w³ under √ 3.0pt up, as XeLaTeX's x³
  under ∛, u³ beside it 3.8pt);
- tests/math/chapter.xml (pandoc's DocBook of tests/math/chapter.tex, the
  chapter make compare-xelatex sets both ways: 57 formulas in Chinese
  prose) compiles to PDF and EPUB without a message, the EPUB
  epubcheck-clean with every formula MathML; its tables' rows as TeX
  sets arrays: a matrix's a line pitch apart (18.38pt, XeLaTeX 18.3),
  cases' 1.2 pitches (22.05, XeLaTeX 21.97), align*'s a pitch and a \jot
  (21.38, XeLaTeX 21.30); a superscript on a row in fences of their own
  size, (a+b)^2 as pandoc writes it, rises as on a character, TeX's
  closing parenthesis (3.8pt, as XeLaTeX's); a combining accent (\hat,
  \vec, \tilde) stands at its own height over x and v, raised over θ by
  what θ passes the font's AccentBaseHeight (2.68pt, XeLaTeX 2.54).
Uses mutool (stext and trace), java. Environment: BOOKC, OUT, TOP.
"""
import os, re, subprocess, tempfile, zipfile

from _check import epubcheck, report, done
import _stext

BOOKC = os.environ.get("BOOKC", "out/bookc")
OUT = os.environ.get("OUT") or tempfile.mkdtemp()
TOP = os.environ.get("TOP") or os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.abspath(__file__))))
os.makedirs(OUT, exist_ok=True)
pdf = os.path.join(OUT, "math_tex.pdf")
p = subprocess.run([BOOKC, "-o", pdf, os.path.join(TOP, "tests", "math",
                                                   "tex.xml")],
                   capture_output=True, text=True)
if not report("math_tex: tex.xml compiles without a message",
              p.returncode == 0 and p.stderr.strip() == "", p.stderr):
    done()
# (c, size, x, y) of every character of the math font
chars = [(c, s, x, y) for pg, _, cs in _stext.lines(pdf)
         for f, s, x, y, c in cs if "LatinModern" in f and c != " "]


def find(c, near=None, dx=(-40, 40), dy=(-40, 40), size=None, nth=0):
    hits = [ch for ch in chars if ch[0] == c and
            (size is None or size[0] <= ch[1] <= size[1]) and
            (near is None or (dx[0] <= ch[2] - near[2] <= dx[1] and
                              dy[0] <= ch[3] - near[3] <= dy[1]))]
    return hits[nth] if len(hits) > nth else None


# ---- Large operators' scripts ----------------------------------------------

integral = find("∫")
sup = find("∞", near=integral, dx=(0, 25), dy=(-20, -1), size=(7, 8))
sub = find("−", near=integral, dx=(0, 25), dy=(1, 20), size=(7, 8))
report("math_tex: a display integral's limits at its top and bottom "
       "(XeLaTeX: 12.4pt up, 10.5pt down), the subscript tucked under "
       "its slant (6.2pt left of the superscript)",
       integral and sup and sub and integral[3] - sup[3] > 10.5 and
       sub[3] - integral[3] > 9.5 and 4.5 < sup[2] - sub[2] < 8,
       (integral, sup, sub))
sigma = find("∑")
ssup = find("n", near=sigma, dx=(0, 20), dy=(-10, -1), size=(7, 8))
ssub = find("i", near=sigma, dx=(0, 20), dy=(1, 10), size=(7, 8))
report("math_tex: an inline sum's limits dropped from its glyph "
       "(XeLaTeX: 6.0pt up, 4.1pt down)",
       sigma and ssup and ssub and sigma[3] - ssup[3] > 4.8 and
       ssub[3] - sigma[3] > 3.6, (sigma, ssup, ssub))

# ---- Spacing in scripts ----------------------------------------------------

one = find("1", near=ssub, dx=(3, 20), dy=(-0.5, 0.5))
em = find("m", size=(7, 8))
en = find("n", near=em, dx=(3, 25), dy=(-0.5, 0.5))
c1 = find("1", size=(7, 8), nth=1)
c2 = find("2", near=c1, dx=(1, 15), dy=(-0.5, 0.5))
report("math_tex: no space around a relation, a binary operator or a "
       "comma in a script (XeLaTeX: i=1 8.6pt, m×n 13.1pt, 1,2 5.1pt)",
       one and en and c2 and one[2] - ssub[2] < 9.5 and
       en[2] - em[2] < 13.5 and c2[2] - c1[2] < 6,
       (ssub, one, em, en, c1, c2))

# ---- Function names ---------------------------------------------------------

ch_n = find("n", size=(10, 11), dy=(-1, 1), near=find("g"), dx=(0, 10))
ch_p = find("(", near=ch_n, dx=(0, 15), dy=(-0.5, 0.5))
pr_r = find("r", size=(10, 11))
pr_p = find("(", near=pr_r, dx=(0, 15), dy=(-0.5, 0.5))
plus = find("+", near=pr_r, dx=(0, 40), dy=(-0.5, 0.5))
pr2 = find("P", near=plus, dx=(0, 20), dy=(-0.5, 0.5))
det_t = find("t", size=(10, 11))
det_a = find("A", near=det_t, dx=(0, 15), dy=(-0.5, 0.5))
report("math_tex: function names spaced as TeX's \\operatorname "
       "(sgn(b): n to ( 5.8pt, XeLaTeX 6.9; Pr(A): r to ( 4.1pt, XeLaTeX "
       "4.9; + to Pr 10.5pt, XeLaTeX 10.4; det A: t to A 5.8pt)",
       ch_p and pr_p and pr2 and det_a and ch_p[2] - ch_n[2] < 6.5 and
       pr_p[2] - pr_r[2] < 5 and pr2[2] - plus[2] < 11.5 and
       5 < det_a[2] - det_t[2] < 6.5,
       (ch_n, ch_p, pr_r, pr_p, plus, pr2, det_t, det_a))

# ---- Norms ------------------------------------------------------------------

bars = [ch for ch in chars if ch[0] == "∥"]
na = find("𝐀", near=bars[0] if bars else None, dx=(0, 15), dy=(-0.5, 0.5))
report("math_tex: a norm's bars (∥ prefix and postfix) set close to what "
       "they hold (∥ to A 5.3pt, XeLaTeX ‖ to A 4.2; A to ∥ 9.1pt)",
       len(bars) == 2 and na and na[2] - bars[0][2] < 6 and
       bars[1][2] - na[2] < 10, (bars, na))

# ---- Overbrace --------------------------------------------------------------

brace = sorted((ch for ch in chars if ch[0] in "\u23de\ufffd"), key=lambda c: c[2])
b1 = find("1", near=brace[0] if brace else None, dx=(-5, 5), dy=(0, 6))
bn = find("n", near=brace[-1] if brace else None, dx=(-5, 15), dy=(0, 6),
          size=(10, 11))
report("math_tex: an overbrace starts over the first character it spans and "
       "ends over the last (its parts 1+2+⋯+n wide, not wider)",
       brace and b1 and bn and abs(brace[0][2] - b1[2]) < 1 and
       bn[2] - 6 < brace[-1][2] < bn[2], (brace, b1, bn))

# ---- A sign after a relation ------------------------------------------------

two = [ch for ch in chars if ch[0] == "2" and ch[1] > 10]
minus = find("−", near=two[-1] if two else None, dx=(-15, 0), dy=(-0.5, 0.5))
report("math_tex: a minus after a relation is a sign (= −2: − to 2 8.7pt, "
       "XeLaTeX 8.1; as a binary operator 10.5)",
       minus and two[-1][2] - minus[2] < 9.5, (minus, two[-1:]))

# ---- align* -----------------------------------------------------------------

zz = find("z", size=(10, 11))
eq = find("=", near=zz, dx=(0, 30), dy=(-0.5, 0.5))
report("math_tex: align*'s relation column right against the column before "
       "it (z to = 7.8pt, XeLaTeX 8.0; with a column space 16.2)",
       zz and eq and eq[2] - zz[2] < 9, (zz, eq))

# ---- mathvariant from an mstyle ----------------------------------------------

dd = find("d", near=integral, dx=(20, 60), dy=(-0.5, 0.5))
dx_ = find("x", near=dd, dx=(1, 10), dy=(-0.5, 0.5))
det_d = find("e", near=det_t, dx=(-10, 0), dy=(-0.5, 0.5))
det_d = find("d", near=det_d, dx=(-10, 0), dy=(-0.5, 0.5))
report("math_tex: \\mathrm{d} upright, its mstyle's mathvariant inherited "
       "(d to x as det's d to e, 5.8pt; an italic d 5.5)",
       dd and dx_ and det_d and abs((dx_[2] - dd[2]) - 5.83) < 0.15,
       (dd, dx_, det_d))

vb = sorted((ch for ch in chars if ch[0] == "∣"), key=lambda c: c[2])
va = find("a", near=vb[0] if vb else None, dx=(0, 10), dy=(-20, 20))
veq = find("=", near=vb[-1] if vb else None, dx=(0, 15), dy=(-0.5, 0.5))
report("math_tex: vmatrix's bars (∣ prefix and postfix) fences, not "
       "relations (∣ to a 2.9pt, XeLaTeX 3.0; ∣ to = 5.8pt, XeLaTeX 5.8)",
       len(vb) == 2 and va and veq and va[2] - vb[0][2] < 4 and
       veq[2] - vb[1][2] < 7, (vb, va, veq))

# ---- Delimiter sizes ----------------------------------------------------------

trace = subprocess.run(["mutool", "draw", "-F", "trace", "-o", "-", pdf],
                       capture_output=True).stdout.decode("utf-8", "replace")
parens = re.findall(r'<g unicode="\(" [^>]*adv="([.\d]+)"', trace)
report("math_tex: a display fence around n/e the size XeLaTeX picks "
       "(\\delimiterfactor 901, \\delimitershortfall 5pt: advance 0.597em, "
       "0.663 stretched to the full height)",
       parens and abs(float(parens[-1]) - 0.597) < 0.01, parens)

eqs = sorted((ch for ch in chars if ch[0] == "=" and eq and
              abs(ch[2] - eq[2]) < 0.5), key=lambda c: c[3])
fy = [ch for ch in chars if ch[0] == "y" and len(eqs) == 3 and
      -25 < ch[2] - eqs[1][2] < 0 and -10 < ch[3] - eqs[1][3] < -3]
report("math_tex: align*'s cells in display style (y of y/2 10.5pt, 7.1pt "
       "above its row's baseline; XeLaTeX 10.46, 7.1)",
       len(fy) == 1 and fy[0][1] > 10, fy)

# ---- Cramped style ------------------------------------------------------------

uu = find("u", size=(10, 11))
u3 = find("3", near=uu, dx=(0, 10), dy=(-6, -1))
ww = find("w", size=(10, 11))
w3 = find("3", near=ww, dx=(0, 12), dy=(-6, -1))
report("math_tex: a superscript under a radical cramped (w³ under √ 3.0pt "
       "up, XeLaTeX 3.0; u³ beside it 3.8pt)",
       u3 and w3 and uu[3] - u3[3] > 3.6 and ww[3] - w3[3] < 3.3,
       (uu, u3, ww, w3))

# ---- The chapter ---------------------------------------------------------------

cpdf = os.path.join(OUT, "math_chapter.pdf")
cepub = os.path.join(OUT, "math_chapter.epub")
p = subprocess.run([BOOKC, "-o", cpdf, "-o", cepub, os.path.join(
    TOP, "tests", "math", "chapter.xml")], capture_output=True, text=True)
report("math_tex: chapter.xml compiles to PDF and EPUB without a message",
       p.returncode == 0 and p.stderr.strip() == "", p.stderr)
if p.returncode == 0:
    ok, tail = epubcheck(cepub)
    report("math_tex: epubcheck math_chapter.epub", ok, tail)
    z = zipfile.ZipFile(cepub)
    x = "".join(z.read(n).decode() for n in z.namelist()
                if n.endswith(".xhtml"))
    report("math_tex: the chapter's formulas MathML in the EPUB (57 or more "
           "math elements: a long inline one may come in pieces)",
           x.count('<math xmlns="http://www.w3.org/1998/Math/MathML"') >= 57,
           x.count("<math "))

    # Table rows as TeX's arrays set them, baseline to baseline.
    base = {}
    for pg, y, cs in _stext.lines(cpdf):
        t = "".join(c[4] for c in cs if c[4] != " ")
        for key in ("a21", "am1", "x<0", "x=0", "x>0", "2x+3y−z=1",
                    "x−y+4z=−2"):
            if t.startswith(key) and key not in base:
                base[key] = (pg, y)

    def apart(a, b):
        if a in base and b in base and base[a][0] == base[b][0]:
            return (base[b][1] - base[a][1]) / (2 if a == "a21" else 1)
        return None
    # (a+b)^2 as pandoc writes it: the superscript on the fenced row.
    rises = [round(c[3] - cs[i + 1][3], 2) for pg, y, cs in
             _stext.lines(cpdf) for i, c in enumerate(cs[:-1])
             if c[4] == ")" and cs[i + 1][4] in "2n" and cs[i + 1][1] < c[1]]
    report("math_tex: a superscript on (a+b) rises as on TeX's closing "
           "parenthesis, a character (3.8pt, XeLaTeX 3.8; from the row's "
           "box 5.2)", len(rises) >= 3 and all(abs(r - 3.8) < 0.15
                                               for r in rises), rises)
    # Combining accents (pandoc's \hat, \vec, \tilde): raised by what
    # the letter passes the font's AccentBaseHeight, as XeLaTeX does.
    tr = subprocess.run(["mutool", "draw", "-F", "trace", "-o", "-", cpdf],
                        capture_output=True).stdout.decode("utf-8", "replace")
    gl = [(u, float(y)) for u, y in re.findall(
        r'<g unicode="([^"]*)" glyph="[^"]*" x="[^"]+" y="([^"]+)"', tr)]
    acc = {}
    for k, (u, y) in enumerate(gl[:-1]):
        if u in "\u0302\u0303\u20d7" and gl[k + 1][0] in "xvθ":
            acc.setdefault(gl[k + 1][0], round(gl[k + 1][1] - y, 2))
    report("math_tex: a combining accent drawn at its own height over x and "
           "v (0pt, as XeLaTeX; 0.9 and 0.2 lower before), raised over θ by "
           "what it passes AccentBaseHeight (2.68pt, XeLaTeX 2.54)",
           acc.get("x") == 0 and acc.get("v") == 0 and
           abs(acc.get("θ", 0) - 2.6) < 0.15, acc)
    mat, cas, ali = apart("a21", "am1"), apart("x<0", "x=0"), \
        apart("2x+3y−z=1", "x−y+4z=−2")
    report("math_tex: a matrix's rows a line pitch apart (18.38pt; XeLaTeX "
           "18.3, MathML's 1ex: 11.8), cases' 1.2 pitches (XeLaTeX 22.0), "
           "align*'s a pitch and a \\jot (XeLaTeX 21.3)",
           mat and cas and ali and abs(mat - 18.375) < 0.2 and
           abs(cas - 22.0) < 0.3 and abs(ali - 21.3) < 0.3,
           (mat, cas, ali, base))
done()
