#!/usr/bin/env python3
"""Long inline formulas (issue 24), from tests/math/inline_long.xml.

- PDF: the one formula with no operator to break at is scaled with a
  positioned warning, and nothing else is reported; every glyph of the
  page stands inside the measure; an inline formula wider than a third
  of the measure breaks between lines after a top-level relation or
  binary operator, as TeX breaks inline math (a line whose formula goes
  on ends with + or =, at the right margin: the space after the operator
  goes at the break), its characters in order across the lines; the
  short formula stays on one line; one tagged Formula with /Alt per
  formula (the pieces after the first are artifacts).
- EPUB: a formula of 24 characters or more with such operators is
  written as several <math> elements, one after another with a <wbr>
  between them, inside a span role="math" named by its alttext whose
  pieces are hidden from assistive technology; each piece but the last
  ends with its operator (form="infix"); the pieces hold the formula's
  characters in order; alttext on the first only; semantics and its
  annotation left out of the pieces; a short formula and one without
  operators stay one <math>, the one without operators in a span.mwide,
  which the stylesheet lets scroll in its own box (make check-engines measures
  it at a phone's width in Chromium and WebKitGTK); epubcheck reports
  nothing.
Uses mutool, qpdf, java. Environment: BOOKC, OUT, TOP.
"""
import html, os, re, subprocess, tempfile, zipfile

from _check import epubcheck, report, done

BOOKC = os.environ.get("BOOKC", "out/bookc")
OUT = os.environ.get("OUT") or tempfile.mkdtemp()
TOP = os.environ.get("TOP") or os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.abspath(__file__))))
SRC = os.path.join(TOP, "tests", "math", "inline_long.xml")
os.makedirs(OUT, exist_ok=True)
pdf = os.path.join(OUT, "inline_long.pdf")
epub = os.path.join(OUT, "inline_long.epub")
p = subprocess.run([BOOKC, "-o", pdf, "-o", epub, SRC], cwd=TOP,
                   capture_output=True)
err = p.stderr.decode("utf-8", "replace").strip()
msgs = err.splitlines()
m = re.search(r"inline_long\.xml:(\d+):\d+: warning: inline formula .* "
              r"(\d+)pt wide is wider than the measure \((\d+)pt\); "
              r"scaled down", err)
report("math_inline: compiles; only the formula without operators is "
       "scaled, with its position", p.returncode == 0 and len(msgs) == 1
       and m is not None and m.group(1) == "9", err)
measure = float(m.group(3)) if m else 452.0

# ---- PDF ------------------------------------------------------------------

st = subprocess.run(["mutool", "draw", "-F", "stext", "-o", "-", pdf],
                    capture_output=True).stdout.decode()
page1 = re.split(r"<page ", st)[1]
chars = []
for font, inner in re.findall(r'<font name="([^"]+)" size="[^"]+">'
                              r'(.*?)</font>', page1, re.S):
    for q, y, c in re.findall(r'<char quad="([^"]+)" x="[^"]+" y="([^"]+)"'
                              r'[^>]*c="([^"]*)"', inner):
        v = [float(t) for t in q.split()]
        if c.strip():
            chars.append((font, min(v[0::2]), max(v[0::2]), float(y),
                          html.unescape(c)))
# Lines as the eye sees them (mutool's lines follow the drawing order):
# characters by baseline, a script a few points off its line's.
lines, last_y = [], None
for ch in sorted(chars, key=lambda c: c[3]):
    if last_y is None or ch[3] - last_y > 6:
        lines.append([])
    lines[-1].append(ch)
    last_y = ch[3]
lines = [sorted(ln, key=lambda c: c[1]) for ln in lines]
body = [ch for ln in lines[1:] for ch in ln]       # the title left out
left = min(ch[1] for ch in body)
outside = [ch for ch in body if ch[2] > left + measure + 0.5]
report("math_inline: pdf: every glyph inside the measure", not outside
       and body, outside[:5])


def is_math(ch):
    return "Math" in ch[0]


# A line whose last glyph is the formula's goes on with it on the next.
ends = [ln[-1] for ln in lines[1:]]
going_on = [i for i, e in enumerate(ends) if is_math(e) and
            i + 1 < len(ends) and is_math(lines[i + 2][0])]
report("math_inline: pdf: formulas break between lines (5 times) after "
       "+ or =, as TeX breaks inline math",
       len(going_on) == 5 and all(ends[i][4] in "+=×" for i in going_on),
       [(i, ends[i][4]) for i in going_on])
# The operator ending such a line stands at the right margin: the space
# after it goes at the break, as TeX discards it (the paragraphs are
# justified); before, it stayed, 4/18 to 5/18 em short of the margin.
right = max(ch[2] for ch in body)
short_ends = [(i, round(right - ends[i][2], 2)) for i in going_on
              if right - ends[i][2] > 0.2]
report("math_inline: pdf: an operator ending a line stands at the right "
       "margin (no space after it)", going_on and not short_ends,
       short_ends)
text = "".join(c[4] for ln in lines[1:] for c in ln if is_math(c))
report("math_inline: pdf: the sum's characters in order across its lines",
       "S=" + "+".join(f"a{i}" for i in range(1, 31)) in text, text[:200])
short = [ln for ln in lines if "".join(c[4] for c in ln
                                       if is_math(c)).startswith("E=mc2")]
report("math_inline: pdf: the short formula stays on its line",
       len(short) == 1, len(short))

qdf = os.path.join(OUT, "inline_long.qdf")
subprocess.run(["qpdf", "--qdf", "--object-streams=disable", pdf, qdf],
               capture_output=True)
q = open(qdf, "rb").read().decode("latin-1")
formulas = [o for o in q.split("endobj") if "/S /Formula" in o]
report("math_inline: pdf: one tagged Formula with /Alt per formula",
       len(formulas) == 6 and all("/Alt" in f for f in formulas) and
       any("feff" + "S = a_1 + ... + a_30".encode("utf-16-be").hex() in f
           for f in formulas),
       f"{len(formulas)} Formula")

# ---- EPUB -----------------------------------------------------------------

ok, tail = epubcheck(epub)
report("math_inline: epub: epubcheck", ok, tail)
z = zipfile.ZipFile(epub)
x = "".join(z.read(n).decode() for n in z.namelist()
            if n.endswith(".xhtml") and "tx-" in n)
groups = re.findall(r'<span role="math" aria-label="([^"]*)">'
                    r'<span aria-hidden="true">(.*?)</span></span>', x)
report("math_inline: epub: 4 long formulas in pieces, each in a "
       "role=math span named by its alttext",
       len(groups) == 4 and groups[0][0] == "S = a_1 + ... + a_30",
       [g[0] for g in groups])


def tokens(s):
    return "".join(re.findall(r">([^<]+)</m[ion]>", s))


pieces_ok, order_ok, alt_ok = bool(groups), True, True
first = groups[0][1] if groups else ""
for label, inner in groups:
    pieces = re.findall(r"<math [^>]*>.*?</math>", inner)
    between = re.sub(r"<math [^>]*>.*?</math>", "|", inner)
    pieces_ok &= len(pieces) > 3 and between == "|" + "<wbr/>|" * (
        len(pieces) - 1)
    for pc in pieces[:-1]:
        pieces_ok &= bool(re.search(r'<mo form="infix">[=+×]</mo>'
                                    r'(</mrow>)*</math>$', pc))
    alt_ok &= "alttext" not in "".join(pieces[1:])
    order_ok &= "annotation" not in inner and "semantics" not in inner
report("math_inline: epub: pieces with <wbr> between, each but the last "
       "ending with its operator", pieces_ok, first[:400])
report("math_inline: epub: alttext on the first piece only", alt_ok)
report("math_inline: epub: no semantics or annotation in the pieces",
       order_ok)
report("math_inline: epub: the pieces hold the sum's characters in order",
       tokens(first) == "S=" + "+".join(f"a{i}" for i in range(1, 31)),
       tokens(first))
whole = re.findall(r"<math [^>]*>", re.sub(
    r'<span role="math".*?</span></span>', "", x))
report("math_inline: epub: the short formula and the one without "
       "operators are one <math> each", len(whole) == 2, whole)
css = z.read("EPUB/css/book.css").decode()
wide = re.findall(r'<span class="mwide"><math [^>]*>(.*?)</math></span>', x)
report("math_inline: epub: the formula without operators, and only it, in "
       "a span.mwide, which scrolls in its own box and keeps the baseline",
       len(wide) == 1 and tokens(wide[0]).startswith("z0z1z2") and
       x.count("mwide") == 1 and
       "span.mwide { display: inline-flex; max-width: 100%; "
       "overflow-x: auto; overflow-y: hidden; }" in css, wide)
done()
