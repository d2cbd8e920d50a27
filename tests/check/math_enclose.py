#!/usr/bin/env python3
"""menclose (issue 24), from tests/math/enclose.xml: pandoc writes \\boxed
as <menclose notation="box">, and MathML 3 names more notations.

- compiles with no message (menclose is no longer "not MathML Core; set
  as a row");
- PDF: the box of "x = 1" is four rules meeting at their corners around
  its glyphs, each glyph at least 0.25 em inside (TeX's \\fbox: 3pt at
  10pt) and the rules as thick as the math font's fraction rule; the
  display box around E = mc2 likewise; roundedbox and circle are stroked
  curves, the strikes stroked lines (1 up, 1 down and up); actuarial's
  rules stand over and right of its n; the text layer still gives the
  formulas' characters;
- EPUB: menclose kept with its notation, epubcheck reports nothing.
Uses mutool, java. Environment: BOOKC, OUT, TOP.
"""
import os, re, subprocess, tempfile, zipfile

from _check import epubcheck, report, done
import _stext

BOOKC = os.environ.get("BOOKC", "out/bookc")
OUT = os.environ.get("OUT") or tempfile.mkdtemp()
TOP = os.environ.get("TOP") or os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.abspath(__file__))))
SRC = os.path.join(TOP, "tests", "math", "enclose.xml")
os.makedirs(OUT, exist_ok=True)
pdf = os.path.join(OUT, "enclose.pdf")
epub = os.path.join(OUT, "enclose.epub")
p = subprocess.run([BOOKC, "-o", pdf, "-o", epub, SRC], cwd=TOP,
                   capture_output=True)
err = p.stderr.decode("utf-8", "replace").strip()
report("math_enclose: compiles without a message", p.returncode == 0 and
       not err, err)

lines = _stext.lines(pdf)
maths = [c for _, _, cs in lines for c in cs if "LatinModern" in c[0] and
         c[4].strip()]
rules = _stext.rules(pdf)


def framed(text):
    """The frame of rules around the run of math characters text: (its
    rules, the characters) or (None, chars)."""
    s = "".join(c[4] for c in maths)
    i = s.find(text)
    if i < 0:
        return None, []
    chars = maths[i:i + len(text)]
    x0, x1 = min(c[2] for c in chars), max(c[2] for c in chars)
    y = chars[0][3]
    hs = [r for r in rules if r[0] == "h" and r[1] < x0 and r[3] > x1 and
          abs(r[2] - y) < 20]
    vs = [r for r in rules if r[0] == "v" and r[2] < y < r[4]]
    left = [r for r in vs if x0 - 20 < r[1] < x0]
    right = [r for r in vs if x1 < r[1] < x1 + 25]
    vs = (max(left, key=lambda r: r[1]), min(right, key=lambda r: r[1])) \
        if left and right else left + right
    return (hs, vs), chars


for text, what in (("x=1", "inline"), ("E=mc2", "display")):
    fr, chars = framed(text)
    ok = fr is not None and len(fr[0]) == 2 and len(fr[1]) == 2
    why = (fr, chars[:1])
    if ok:
        (top, bot), (left, right) = sorted(fr[0], key=lambda r: r[2]), \
            sorted(fr[1], key=lambda r: r[1])
        size = chars[0][1]
        thick = top[4] - top[2]
        ink_l = min(c[2] for c in chars)
        ok = (abs(top[1] - left[1]) < 0.1 and abs(bot[3] - right[3]) < 0.1
              and abs(left[2] - top[2]) < 0.1 and abs(right[4] - bot[4]) < 0.1
              and ink_l - left[3] >= 0.25 * size
              and 0.3 < thick < 0.6)
        why = (top, bot, left, right, ink_l, size)
    report(f"math_enclose: pdf: the {what} box, four rules meeting around "
           f"{text}, its glyphs 0.25 em or more inside", ok, why)

tr = subprocess.run(["mutool", "draw", "-F", "trace", "-o", "-", pdf, "1"],
                    capture_output=True).stdout.decode()
strokes = re.findall(r"<stroke_path.*?</stroke_path>", tr, re.S)
curves = [s for s in strokes if "<curveto" in s]
lines_ = [s for s in strokes if "<curveto" not in s and
          s.count("<lineto") == 1]
report("math_enclose: pdf: roundedbox and circle stroked curves, the three "
       "diagonal strikes stroked lines", len(curves) == 2 and
       len(lines_) == 3, (len(curves), len(lines_)))
n = [c for c in maths if c[4] == "n"]
act = [r for r in rules if n and (
    (r[0] == "h" and r[2] < n[0][3] - 4 and r[1] < n[0][2] < r[3]) or
    (r[0] == "v" and r[1] > n[0][2] and r[2] < n[0][3] < r[4]))]
report("math_enclose: pdf: actuarial, a rule over its n and one at its "
       "right", len(act) == 2, act)
text = "".join(c[4] for c in maths)
report("math_enclose: pdf: the text layer gives the formulas' characters",
       all(t in text for t in ("x=1", "y", "ab", "E=mc2", "123")), text)

ok, tail = epubcheck(epub)
report("math_enclose: epub: epubcheck", ok, tail)
z = zipfile.ZipFile(epub)
x = "".join(z.read(n).decode() for n in z.namelist()
            if n.endswith(".xhtml"))
report("math_enclose: epub: menclose kept with its notation",
       len(re.findall(r"<menclose", x)) == 10 and
       '<menclose notation="updiagonalstrike downdiagonalstrike">' in x,
       re.findall(r"<menclose[^>]*>", x))
done()
