#!/usr/bin/env python3
"""Formulas as MathML (issue 24), from tests/math/formulas.xml (MathML
written by hand: every element bookc sets) and tests/math/pandoc.xml
(pandoc --mathml -t docbook5 of tests/math/pandoc.tex).

- Both books compile to PDF and EPUB in one run without a message.
- EPUB: epubcheck reports nothing; the file holding formulas, and only it,
  has properties="mathml"; formulas are MathML in its namespace, display
  ones display="block", alttext from <alt> and from the TeX annotation;
  the titled equation's number "(1.1)"; a book without formulas has no
  mathml property and no math rule in its stylesheet.
- PDF: Latin Modern Math is embedded; from mutool's stext: inline
  formulas on the line's baseline, a superscript higher and smaller than
  its base, a subscript lower and smaller, msubsup both, a fraction's
  numerator above its denominator, limits above and below a display sum,
  a root's index smaller and higher than its radicand, a table's rows and
  columns, Han in mtext in the body's face, the equation number at the
  right of the measure with its formula centred; the text layer gives the
  source characters (no mathematical alphanumerics); a fence around a
  nested fraction drawn taller than one around a letter (ink measured in
  pdftoppm's rendering); the structure tree has a Formula with /Alt for
  each formula.
- mmultiscripts is laid out without a message; display formulas wider
  than the measure are broken at top-level operators (continuation lines
  start with their operator, indented to the first relation; an
  equation's number on the last line), or, when they cannot be, scaled;
  both reported, all drawn inside the measure.
- tests/math/more.xml: mfenced written as an mrow of mo in the EPUB, its
  fences (stretched around a fraction in display) and separators drawn
  around and between its arguments in the PDF; mmultiscripts' prescripts
  left of the base (right-aligned), postscripts in their pairs' columns;
  mpadded's width (+2em, 300%, 0), lspace and voffset moving what follows
  and its content; an untitled equation's "(1)" at the right, a titled
  one's caption (and no number).
- tests/math/altimg.xml: the EPUB writes MathML with altimg naming the
  packaged image (the math's altimg, or the equation's mediaobject, or
  an inline formula's inlinemediaobject); the PDF lays out Core MathML
  and draws the image for MathML outside Core, display or inline.
Uses mutool, pdffonts, pdftoppm, qpdf, java. Environment: BOOKC, OUT, TOP.
"""
import os, re, subprocess, tempfile, zipfile

from _check import epubcheck, report, done
import _stext

BOOKC = os.environ.get("BOOKC", "out/bookc")
OUT = os.environ.get("OUT") or tempfile.mkdtemp()
TOP = os.environ.get("TOP") or os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.abspath(__file__))))
MATH = os.path.join(TOP, "tests", "math")
os.makedirs(OUT, exist_ok=True)


def run(cmd):
    p = subprocess.run(cmd, cwd=TOP, capture_output=True)
    return p.returncode, p.stdout.decode("utf-8", "replace"), \
        p.stderr.decode("utf-8", "replace")


def compile_both(name):
    pdf = os.path.join(OUT, name + ".pdf")
    epub = os.path.join(OUT, name + ".epub")
    rc, _, err = run([BOOKC, "-o", pdf, "-o", epub,
                      os.path.join(MATH, name + ".xml")])
    report(f"math: {name} compiles without a message", rc == 0 and
           err.strip() == "", f"exit {rc}: {err.strip()}")
    return pdf, epub


pdf, epub = compile_both("formulas")
pd_pdf, pd_epub = compile_both("pandoc")

# ---- EPUB -----------------------------------------------------------------

for e in (epub, pd_epub):
    ok, tail = epubcheck(e)
    report(f"math: epubcheck {os.path.basename(e)}", ok, tail)

z = zipfile.ZipFile(epub)
opf = z.read("EPUB/package.opf").decode()
items = re.findall(r'<item [^>]*href="([^"]+\.xhtml)"[^>]*/>', opf)
with_math = [h for h in items
             if "<math " in z.read("EPUB/" + h).decode()]
marked = re.findall(r'<item [^>]*href="([^"]+)"[^>]*properties="mathml"',
                    opf)
report("math: the files with formulas, and only they, are mathml in the "
       "manifest", with_math and sorted(marked) == sorted(with_math),
       f"with math {with_math}, marked {marked}")
x = "".join(z.read("EPUB/" + h).decode() for h in with_math)
report("math: formulas written as MathML in its namespace",
       x.count('<math xmlns="http://www.w3.org/1998/Math/MathML"') == 10
       and "<mtable>" in x and "<msubsup>" in x and "m:" not in x,
       x.count("<math "))
report("math: display formulas display=block",
       len(re.findall(r'<math [^>]*display="block"', x)) == 4,
       re.findall(r'<math [^>]*>', x))
report("math: alttext from <alt> and from the TeX annotation",
       'alttext="x = (-b ± √(b²-4ac)) / 2a"' in x and
       'alttext="A = \\begin{bmatrix}1&amp;0\\\\0&amp;\\lambda\\end{bmatrix}"'
       in x, re.findall(r'alttext="[^"]*"', x))
report("math: the titled equation: its caption, no number beside it",
       'eqno' not in x and re.search(r'<figcaption><span class="label">'
       r'公式 1\.1</span> 二次方程的根</figcaption>', x), "eqno or no caption")
report("math: the stylesheet sets formulas",
       "math { font-family: math; }" in z.read("EPUB/css/book.css").decode(),
       "no math rule")
report("math: a display formula scrolls sideways in its own box, never the "
       "page, and never up and down (overflow-y hidden: Chromium drew scroll "
       "arrows beside displays)",
       'math[display="block"] { max-width: 100%; overflow-x: auto; '
       'overflow-y: hidden; }' in z.read("EPUB/css/book.css").decode(), "")
css = z.read("EPUB/css/book.css").decode()
report("math: a display formula's paragraph scrolls sideways too (WebKit "
       "lets no <math> scroll: pumpkin-book's chapters were up to 986 px "
       "wide on a 420 px screen)",
       "figure.equation p, figure.informalequation p { text-indent: 0; "
       "text-align: center; overflow-x: auto; overflow-y: hidden; }" in css,
       css[css.find("figure.equation p"):][:160])
report("math: an equation's number level with its formula (a flex line; a "
       "float dropped it below the formula in Chromium and WebKit)",
       "figure.equation p { display: flex; align-items: center; "
       "justify-content: center; }" in css and "float" not in
       css[css.find("span.eqno"):css.find("span.eqno") + 80], "")
plain = os.path.join(OUT, "plain.epub")
rc, _, err = run([BOOKC, "-q", "-o", plain,
                  os.path.join(TOP, "tests", "model", "article.xml")])
zp = zipfile.ZipFile(plain)
report("math: a book without formulas: no mathml property, no math rule",
       rc == 0 and "mathml" not in zp.read("EPUB/package.opf").decode() and
       "math {" not in zp.read("EPUB/css/book.css").decode(), err)

# ---- PDF ------------------------------------------------------------------

fonts = run(["pdffonts", pdf])[1]
report("math: Latin Modern Math embedded",
       re.search(r"LatinModernMath-Regular.* yes ", fonts) is not None, fonts)

chars = [(c, f, s, x0, y0) for pg, _, cs in _stext.lines(pdf) if pg == 3
         for f, s, x0, y0, c in cs if c != " "]


def find(c, font="LatinModern", after=None, near=None, dx=(-30, 30),
         dy=(-30, 30), size=None):
    """The first char c (in font) after index after, or within dx, dy of
    near (a char tuple); None if there is none."""
    for i, ch in enumerate(chars):
        if ch[0] != c or font not in ch[1]:
            continue
        if after is not None and i <= after:
            continue
        if size and not size[0] <= ch[2] <= size[1]:
            continue
        if near and not (dx[0] <= ch[3] - near[3] <= dx[1] and
                         dy[0] <= ch[4] - near[4] <= dy[1]):
            continue
        return ch
    return None


body = find("上", "Noto")
xb = find("x", near=body, dx=(0, 60), dy=(-1, 1))
sup = find("2", near=xb, dx=(0, 12), dy=(-8, -1))
report("math: inline formula on the line's baseline, superscript higher "
       "and smaller", body and xb and sup and sup[2] < xb[2] * 0.8,
       (body, xb, sup))
ab = find("a", near=body, dx=(40, 100), dy=(-1, 1))
sub = find("k", near=ab, dx=(0, 12), dy=(1, 6))
report("math: subscript lower and smaller", ab and sub and
       sub[2] < ab[2] * 0.8, (ab, sub))
yb = find("y", near=body, dx=(100, 160), dy=(-1, 1))
yi = find("i", near=yb, dx=(0, 10), dy=(1, 6))
y3 = find("3", near=yb, dx=(0, 10), dy=(-8, -1))
report("math: msubsup's scripts above and below each other", yb and yi and
       y3 and abs(yi[3] - y3[3]) < 1, (yb, yi, y3))
num = find("1", near=body, dx=(150, 200), dy=(-8, -1), size=(5, 9))
den = find("2", near=num, dx=(-1, 1), dy=(3, 12)) if num else None
report("math: inline fraction: numerator above denominator", num and den,
       (num, den))
han = find("若", "Noto")
n_ = find("n", near=han, dx=(0, 25), dy=(-1, 1)) if han else None
report("math: Han in mtext from the body's face, on the formula's baseline",
       han and n_ and abs(han[4] - body[4]) < 0.5, (han, n_))
eqx = find("x", near=body, dx=(100, 300), dy=(30, 60))
eqn = [ch for ch in chars if ch[0] in "(1.1)" and eqx and
       abs(ch[4] - eqx[4]) < 0.5 and ch[3] > 450]
cap = [ch for ch in chars if eqx and 5 < ch[4] - eqx[4] < 30]
report("math: the titled equation: centred, its caption below, no number",
       eqx and not eqn and 180 < eqx[3] < 300 and
       "公式1.1" in "".join(ch[0] for ch in cap), (eqx, eqn, cap))
sigma = find("∑")
over_n = find("n", near=sigma, dx=(-5, 15), dy=(-20, -6), size=(5, 8))
under_k = find("k", near=sigma, dx=(-5, 15), dy=(6, 20), size=(5, 8))
report("math: limits above and below a display sum", sigma and over_n and
       under_k, (sigma, over_n, under_k))
rad = find("√", after=chars.index(sigma) - 20 if sigma else None)
idx = find("3", near=rad, dx=(-5, 10), dy=(-10, 10), size=(3, 6.5))
radx = find("x", near=rad, dx=(0, 20), dy=(-2, 12))
report("math: a root's index smaller and higher than its radicand",
       rad and idx and radx and idx[4] < radx[4], (rad, idx, radx))
lam = find("λ")
r1 = [ch for ch in chars if lam and ch[0] in "10" and
      -15 < ch[3] - lam[3] < 1 and -20 < ch[4] - lam[4] < 1]
rows = sorted({round(ch[4]) for ch in r1})
cols = sorted({round(ch[3]) for ch in r1})
report("math: a table's cells in two rows and two columns",
       len(r1) == 3 and len(rows) == 2 and len(cols) == 2, r1)
report("math: the text layer gives the source characters",
       not any(0x1D400 <= ord(ch[0]) <= 0x1D7FF for ch in chars) and xb,
       [ch for ch in chars if 0x1D400 <= ord(ch[0]) <= 0x1D7FF][:5])


def ink_height(page, x0, y0, width):
    """Height (pt) of the dark ink in a strip width pt wide from x0,
    within 35pt of baseline y0, on page (rendered at 144 dpi)."""
    k = 2.0
    X, Y, W, H = int(x0 * k), int((y0 - 35) * k), int(width * k), \
        int(70 * k)
    ppm = subprocess.run(["pdftoppm", "-r", "144", "-gray", "-f", str(page),
                          "-l", str(page), "-x", str(X), "-y", str(Y),
                          "-W", str(W), "-H", str(H), pdf],
                         capture_output=True).stdout
    parts = ppm.split(b"\n", 3)
    w, h = map(int, parts[1].split())
    data = parts[3]
    dark = [r for r in range(h) if any(data[r * w + c] < 128
                                       for c in range(w))]
    return (dark[-1] - dark[0] + 1) / k if dark else 0


plain_paren = [ch for ch in chars if ch[0] == "(" and
               find("a", near=ch, dx=(0, 8), dy=(-0.5, 0.5))]
tall_paren = [ch for ch in chars if ch[0] == "(" and
              find("a", near=ch, dx=(0, 20), dy=(-20, -3), size=(3, 8))]
if plain_paren and tall_paren:
    # each fence's own width: up to the letter or fraction after it
    hp = ink_height(3, plain_paren[0][3], plain_paren[0][4], 3.5)
    ht = ink_height(3, tall_paren[0][3], tall_paren[0][4], 8.5)
    report("math: a fence around a nested fraction is taller than one "
           "around a letter", hp > 5 and ht > 1.8 * hp, (hp, ht))
else:
    report("math: a fence around a nested fraction is taller than one "
           "around a letter", False, (plain_paren, tall_paren))

qdf = os.path.join(OUT, "formulas.qdf")
run(["qpdf", "--qdf", "--object-streams=disable", pdf, qdf])
q = open(qdf, "rb").read().decode("latin-1")
formulas = [o for o in q.split("endobj") if "/S /Formula" in o]
report("math: a tagged Formula with /Alt per formula",
       len(formulas) == 10 and all("/Alt" in f for f in formulas),
       f"{len(formulas)} Formula, {sum('/Alt' in f for f in formulas)} "
       "with /Alt")

# ---- Diagnostics ----------------------------------------------------------

diag = os.path.join(OUT, "diag.xml")
wide = "".join(f"<m:mi>a</m:mi><m:mo>+</m:mo><m:msup><m:mi>b</m:mi>"
               f"<m:mn>{i}</m:mn></m:msup><m:mo>+</m:mo>" for i in range(40))
rel = ("<m:mi>f</m:mi><m:mo>=</m:mo>" + "".join(
    f"<m:msub><m:mi>x</m:mi><m:mn>{i}</m:mn></m:msub><m:mo>+</m:mo>"
    for i in range(12)) + "<m:mn>1</m:mn><m:mo>=</m:mo>" + "".join(
    f"<m:mfrac><m:mi>y</m:mi><m:mn>{i + 2}</m:mn></m:mfrac><m:mo>−</m:mo>"
    for i in range(14)) + "<m:mi>w</m:mi>")
open(diag, "w", encoding="utf-8").write(
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<article xmlns="http://docbook.org/ns/docbook" '
    'xmlns:m="http://www.w3.org/1998/Math/MathML" version="5.0" '
    'xml:lang="en"><title>D</title>\n'
    '<para>Tensor <inlineequation><m:math><m:mmultiscripts><m:mi>R</m:mi>'
    '<m:mi>i</m:mi><m:none/></m:mmultiscripts></m:math></inlineequation>'
    '<inlineequation><m:math><m:mmultiscripts><m:mi>T</m:mi><m:mi>j</m:mi>'
    '<m:none/></m:mmultiscripts></m:math></inlineequation>.</para>\n'
    '<informalequation><m:math display="block">' + wide +
    '<m:mi>z</m:mi></m:math></informalequation>\n'
    '<equation><m:math display="block"><m:mrow>' + rel +
    '</m:mrow></m:math></equation>\n'
    '<informalequation><m:math display="block"><m:mi>q</m:mi><m:mo>=</m:mo>'
    '<m:mfrac><m:mrow>' + wide + '</m:mrow><m:mn>2</m:mn></m:mfrac>'
    '</m:math></informalequation>\n</article>\n')
dpdf = os.path.join(OUT, "diag.pdf")
rc, _, err = run([BOOKC, "-o", dpdf, diag])
msgs = err.strip().splitlines()
report("math: mmultiscripts laid out without a message; the wide display "
       "formulas reported: two broken into lines, one (a fraction) scaled",
       rc == 0 and len(msgs) == 3 and
       re.search(r"diag\.xml:4:\d+: warning: display formula \d+pt wide is "
                 r"broken into 5 lines", err) is not None and
       re.search(r"diag\.xml:5:\d+: warning: display formula \d+pt wide is "
                 r"broken into 2 lines", err) is not None and
       re.search(r"diag\.xml:6:\d+: warning: display formula \d+pt wide is "
                 r"wider than the measure", err) is not None, err)
dlines = [(y, [ch for ch in cs if "LatinModern" in ch[0] and ch[4] != " "])
          for pg, y, cs in _stext.lines(dpdf)]
dchars = [ch for y, cs in dlines for ch in cs]
body = [ch[2] for pg, _, cs in _stext.lines(dpdf) for ch in cs
        if "Noto" in ch[0]]
left = min(ch[2] for ch in dchars) if dchars else 0
right = max(ch[2] for ch in dchars) if dchars else 0
# The measure is 452pt; the body text starts at its left edge or indented.
report("math: the wide formulas drawn inside the measure",
       dchars and body and left >= min(body) - 22 and right < left + 452,
       (min(body), left, right))
# Lines of the first formula: from its "a" (b's exponents 0..39, then z).
zs = [ch for ch in dchars if ch[4] == "z"]
first = [(y, cs) for y, cs in dlines if cs and zs and y <= zs[0][3] + 0.5
         and any(c[4] == "a" for c in cs) or (zs and cs and
         abs(y - zs[0][3]) < 0.5)]
starts = [min(cs, key=lambda c: c[2]) for y, cs in first]
report("math: a broken formula's lines one below another, continuation "
       "lines starting with their + indented",
       len(first) == 5 and starts[0][4] == "a" and
       all(c[4] == "+" and c[2] > starts[0][2] + 10 for c in starts[1:]) and
       all(first[i + 1][0] - first[i][0] > 12 for i in range(4)),
       [(round(y, 1), c[4], round(c[2], 1)) for (y, _), c in
        zip(first, starts)])
eqs = [ch for ch in dchars if ch[4] == "=" and
       not any(c[4] == "q" and abs(c[3] - ch[3]) < 1 for c in dchars)]
one = [ch for ch in dchars if ch[4] in "(1)" and eqs and
       abs(ch[3] - eqs[-1][3]) < 1 and ch[2] > left + 400]
report("math: broken at the second relation, the = of the second line "
       "under the first's, the equation's number on the last line",
       len(eqs) == 2 and abs(eqs[0][2] - eqs[1][2]) < 0.5 and
       eqs[1][3] - eqs[0][3] > 12 and "".join(c[4] for c in one) == "(1)",
       (eqs, one))

# ---- More: mfenced, mmultiscripts, mpadded ----------------------------------

m_pdf, m_epub = compile_both("more")
ok, tail = epubcheck(m_epub)
report("math: epubcheck more.epub", ok, tail)
zm = zipfile.ZipFile(m_epub)
mx = "".join(zm.read(n).decode() for n in zm.namelist()
             if n.endswith(".xhtml"))
report("math: EPUB: mfenced written as an mrow of mo (MathML Core)",
       "mfenced" not in mx and re.search(
           r'<mo [^>]*fence="true"[^>]*>\(</mo><mrow><mi>p</mi>'
           r'<mo separator="true">,</mo><mi>q</mi>', mx) and
       '<mo separator="true">;</mo>' in mx and
       re.search(r'<mo [^>]*fence="true"[^>]*>]</mo>', mx),
       re.findall(r"<math.*?</math>", mx)[:2])
mc = [ch for pg, _, cs in _stext.lines(m_pdf) if pg == 1 for ch in cs
      if "LatinModern" in ch[0]]


def mfind(c, near=None, dx=(-40, 40), dy=(-40, 40), after=None):
    for i, ch in enumerate(mc):
        if ch[4] != c or (after is not None and i <= after):
            continue
        if near and not (dx[0] <= ch[2] - near[2] <= dx[1] and
                         dy[0] <= ch[3] - near[3] <= dy[1]):
            continue
        return ch
    return None


fp = mfind("p")
lp = mfind("(", near=fp, dx=(-8, 0), dy=(-1, 1))
fr = mfind("r", near=fp, dx=(0, 40), dy=(-1, 1))
rp = mfind(")", near=fr, dx=(0, 8), dy=(-1, 1))
commas = [ch for ch in mc if ch[4] == "," and fp and fr and
          fp[2] < ch[2] < fr[2] and abs(ch[3] - fp[3]) < 1]
semi = mfind(";", near=fp, dx=(30, 90), dy=(-1, 1))
brk = [ch for ch in mc if ch[4] in "[]" and semi and
       abs(ch[3] - semi[3]) < 1]
report("math: PDF: mfenced's parentheses around its content, commas "
       "between, open/close/separators attributes",
       fp and lp and fr and rp and len(commas) == 2 and semi and
       len(brk) == 2 and brk[0][2] < semi[2] < brk[1][2],
       (lp, fp, commas, fr, rp, semi, brk))
gs = mfind("s")
gz = mfind("z", near=gs, dx=(-5, 5), dy=(5, 40))
gl = mfind("(", near=gs, dx=(-20, 0), dy=(-5, 30))
gr = mfind(")", near=gs, dx=(0, 20), dy=(-5, 30))
report("math: PDF: a display mfenced's fences stretched around a nested "
       "fraction", gs and gz and gl and gr and gl[2] < gs[2] < gr[2],
       (gs, gz, gl, gr))
R = mfind("R")
pre1 = mfind("1", near=R, dx=(-10, 0), dy=(0, 6))
pre2 = mfind("2", near=R, dx=(-10, 0), dy=(-10, 0))
post_i = mfind("i", near=R, dx=(0, 12), dy=(0, 6))
post_j = mfind("j", near=R, dx=(4, 20), dy=(-10, 0))
report("math: PDF: mmultiscripts: prescripts left of the base, below and "
       "above, smaller; postscripts right, in their pairs' columns",
       R and pre1 and pre2 and post_i and post_j and
       pre1[1] < R[1] * 0.8 and pre2[1] < R[1] * 0.8 and
       pre1[3] > R[3] > pre2[3] and post_j[2] > post_i[2] + 2 and
       post_i[3] > R[3] > post_j[3], (pre1, pre2, R, post_i, post_j))
C = mfind("C")
Cn = mfind("n", near=C, dx=(-10, 0), dy=(0, 6))
Ck = mfind("k", near=C, dx=(-10, 0), dy=(-10, 0))
report("math: PDF: a binomial's prescripts before the C, right-aligned",
       C and Cn and Ck and abs((Cn[2] + 3.5) - C[2]) < 3, (Cn, Ck, C))
trio = []
for i, ch in enumerate(mc):
    if ch[4] == "a":
        b = mfind("b", near=ch, dx=(0, 60), dy=(-8, 1))
        c = mfind("c", near=ch, dx=(0, 60), dy=(-1, 1))
        if b and c:
            trio.append((ch, b, c))
ok = len(trio) == 4
if ok:
    (a0, b0, c0), (a1, b1, c1), (a2, b2, c2), (a3, b3, c3) = trio
    em = a0[1]
    ok = (abs((c1[2] - b1[2]) - (c0[2] - b0[2]) - 2 * em) < 0.5 and
          abs((b2[2] - a2[2]) - (b0[2] - a0[2]) - em) < 0.5 and
          abs((b0[3] - b2[3]) - 0.5 * em) < 0.3 and
          abs(c3[2] - b3[2]) < 0.3)
report("math: PDF: mpadded: width +2em widens by 2em, lspace moves its "
       "content right, voffset raises it, width 0 overlaps", ok, trio)

report("math: EPUB: the untitled equation's number beside it, no caption; "
       "the titled one's caption, no number",
       re.search(r'<figure id="eq\.untitled" class="equation">\s*<p[^>]*>'
                 r'<span class="eqno">\(1\)</span><math', mx) and
       re.search(r'<figure id="eq\.titled" class="equation">\s*<p[^>]*>'
                 r'<math[^>]*>.*?</math></p>\s*<figcaption><span class='
                 r'"label">Equation 2</span> Energy</figcaption>', mx) and
       mx.count("eqno") == 1 and mx.count("<figcaption") == 1 and
       '>Equation 1</a>' in mx, re.findall(r"<figure.*?</figure>", mx, re.S))
E = mfind("E")
one = [ch for ch in mc if E and ch[4] in "(1)" and abs(ch[3] - E[3]) < 0.5
       and ch[2] > 450]
F_ = mfind("F")
two = [ch for ch in mc if F_ and abs(ch[3] - F_[3]) < 0.5 and ch[2] > 400]
words = ["".join(ch[4] for ch in cs) for pg, _, cs in _stext.lines(m_pdf)]
report("math: PDF: the untitled equation's number at the right of the "
       "measure, its formula centred; the titled one's caption, no number",
       E and "".join(ch[4] for ch in one) == "(1)" and 250 < E[2] < 350 and
       F_ and not two and "Equation2Energy" in [w.replace(" ", "").replace(
           "\u3000", "") for w in words] and not any(
           w.startswith("Equation1") for w in words), (E, one, F_, two))

# ---- altimg: the image of a formula -----------------------------------------

a_pdf = os.path.join(OUT, "altimg.pdf")
a_epub = os.path.join(OUT, "altimg.epub")
rc, _, err = run([BOOKC, "-o", a_pdf, "-o", a_epub,
                  os.path.join(MATH, "altimg.xml")])
report("math: altimg.xml: only mstack reported", rc == 0 and
       len(err.strip().splitlines()) == 1 and "<mstack>" in err, err)
ok, tail = epubcheck(a_epub)
report("math: epubcheck altimg.epub", ok, tail)
za = zipfile.ZipFile(a_epub)
ax = "".join(t for t in (za.read(n).decode() for n in za.namelist()
                         if n.endswith(".xhtml")) if "<math" in t)
report("math: EPUB: every formula MathML with altimg naming the packaged "
       "image, the mediaobject not written beside it",
       len(re.findall(r'<math [^>]*altimg="images/formula\.svg"', ax)) == 6
       and "EPUB/images/formula.svg" in za.namelist() and "<img" not in ax
       and "<mstack" in ax, re.findall(r"<math [^>]*>", ax))
atext = subprocess.run(["pdftotext", a_pdf, "-"],
                       capture_output=True).stdout.decode()
achars = [ch[4] for pg, _, cs in _stext.lines(a_pdf) for ch in cs
          if "LatinModern" in ch[0]]
report("math: PDF: Core MathML laid out (its image not drawn), MathML "
       "outside Core drawn as its image",
       atext.count("FALLBACK") == 2 and all(c in achars for c in "pquvkhs")
       and not any(c in achars for c in "23456"),
       (atext.count("FALLBACK"), achars))

# An untitled equation whose image stands for its formula keeps its
# number: "(2)" at the right margin, under the image (before, the PDF
# had none, and the EPUB had it).
e_pdf = os.path.join(OUT, "eqimage.pdf")
rc, _, err = run([BOOKC, "-o", e_pdf, os.path.join(MATH, "eqimage.xml")])
elines = _stext.lines(e_pdf)
num = [(y, cs) for pg, y, cs in elines
       if "".join(c[4] for c in cs).strip() == "(2)"]
report("math: an equation drawn as its image keeps its number, at the "
       "right margin", rc == 0 and len(num) == 1 and
       num[0][1][-1][2] > 500, [(y, "".join(c[4] for c in cs))
                                for _, y, cs in elines])

# MathML the schema refuses (empty msub, mfrac of one child,
# stretchy="perhaps", dir="up", tabindex, onclick, notation on an
# mpadded...) is mended, so the EPUB stays valid.
mend_epub = os.path.join(OUT, "math_mend.epub")
rc, _, err = run([BOOKC, "-o", mend_epub,
                  os.path.join(TOP, "tests", "diag", "math_mend.xml")])
report("math: invalid MathML mended with warnings",
       rc == 0 and err.count("warning: MathML") == 12 and
       err.count("is not MathML 3's; left out") == 3, err)
ok, tail = epubcheck(mend_epub)
report("math: epubcheck math_mend.epub (invalid MathML mended)", ok, tail)
zz = zipfile.ZipFile(mend_epub)
xm = "".join(zz.read(n).decode() for n in zz.namelist() if n.endswith(".xhtml"))
report("math: an empty msub gets two empty rows, msup's extra child a row with the last",
       "<msub><mrow/><mrow/></msub>" in xm.replace(" ", "") or
       "<msub><mrow></mrow><mrow></mrow></msub>" in xm.replace(" ", ""),
       re.findall(r"<msub>.*?</msub>", xm)[:2])

# MathML as browsers take it (web-platform-tests) that the MathML 3 schema
# refuses: several formulas in a semantics, a child in an mspace, a lone
# <none/>, an unknown element, HTML in an mtext, a CSS colour, displaystyle
# on an mfrac, an maction without actiontype, two mprescripts. The old
# binary's EPUB had 10 epubcheck errors.
sm_pdf = os.path.join(OUT, "schema_mend.pdf")
sm_epub = os.path.join(OUT, "schema_mend.epub")
rc, _, err = run([BOOKC, "-o", sm_pdf, "-o", sm_epub,
                  os.path.join(TOP, "tests", "math", "schema_mend.xml")])
report("math: schema mends told",
       rc == 0 and err.count("as written is not MathML 3") == 5 and
       "<none> as written" in err and "<mspace> as written" in err, err)
ok, tail = epubcheck(sm_epub)
report("math: epubcheck schema_mend.epub", ok, tail)
zz = zipfile.ZipFile(sm_epub)
xm = "".join(zz.read(n).decode() for n in zz.namelist() if n.endswith(".xhtml"))
report("math: displaystyle moves to an mstyle, HTML in an mtext keeps its text",
       '<mstyle displaystyle="true"><mfrac>' in xm and
       "<mtext>Hello, World</mtext>" in xm, re.findall(r"<mtext>.*?</mtext>|<mstyle.*?>", xm))
st = subprocess.run(["pdftotext", sm_pdf, "-"], capture_output=True, text=True).stdout
report("math: the mended formulas keep their content in the PDF",
       all(s in st for s in ["12", "Hello,", "World", "abc"]), st)
done()
