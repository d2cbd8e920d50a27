#!/usr/bin/env python3
"""The EPUB's images of formulas, for reading systems without MathML
(issue 24), from tests/math/altimg_gen.xml:

- every <math> with no image of its own names one with altimg, and gives
  its size and baseline in em (altimg-width, -height, -valign); a formula
  with an image of its own keeps it and gets none; a formula written
  twice is one image; a long inline formula written in pieces has an
  image per piece; each image is in the package, in the manifest as
  image/svg+xml, and used; epubcheck says nothing;
- each image is SVG 1.1 whose width and height are the altimg's, whose
  viewBox has the same proportions, and which holds no id Cairo numbers
  by its surfaces (two runs give the same bytes); the style's [math]
  epub-images = false leaves them out;
- the images are the PDF's layout: the glyph origins of the display
  formula and of E=mc² in the SVG are those mutool reads in the PDF, to
  0.1 pt; the Han of an mtext is drawn (its outlines are there);
- the image drawn by another renderer (librsvg, through a PDF that shows
  it at its altimg-width) looks like the formula in the PDF: the same
  ink box to 3 px at 300 dpi, and the pixels of one within 2 px of the
  other's ink.
Uses mutool, pdftoppm, java. Environment: BOOKC, OUT, TOP.
"""
import os, re, subprocess, tempfile, zipfile
import xml.etree.ElementTree as ET

from _check import epubcheck, report, done
import _stext

BOOKC = os.environ.get("BOOKC", "out/bookc")
OUT = os.environ.get("OUT") or tempfile.mkdtemp()
TOP = os.environ.get("TOP") or os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.abspath(__file__))))
SRC = os.path.join(TOP, "tests", "math", "altimg_gen.xml")
SIZE = 10.5                     # styles/a4.ini's body size: the em, pt
SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}href"
os.makedirs(OUT, exist_ok=True)

pdf = os.path.join(OUT, "altimg_gen.pdf")
epub = os.path.join(OUT, "altimg_gen.epub")
r = subprocess.run([BOOKC, "-o", pdf, "-o", epub, SRC], capture_output=True,
                   text=True)
report("math_altimg: altimg_gen.xml compiles without a message",
       r.returncode == 0 and r.stderr.strip() == "", r.stderr)
ok, tail = epubcheck(epub)
report("math_altimg: epubcheck", ok, tail)

z = zipfile.ZipFile(epub)
names = z.namelist()
body = "".join(z.read(n).decode() for n in names if n.endswith(".xhtml"))
opf = z.read("EPUB/package.opf").decode()
maths = re.findall(r"<math [^>]*>", body)


def attr(tag, name):
    m = re.search(r'\s%s="([^"]*)"' % name, tag)
    return m.group(1) if m else None


made = [m for m in maths if (attr(m, "altimg") or "").startswith("math/")]
own = [m for m in maths if attr(m, "altimg") == "images/formula.svg"]
report("math_altimg: every formula without an image of its own names a "
       "drawn one, with its size and baseline in em",
       len(maths) == len(made) + len(own) and len(own) == 1 and all(
           re.fullmatch(r"-?\d+\.\d{3}em", attr(m, a) or "")
           for m in made for a in ("altimg-width", "altimg-height",
                                   "altimg-valign"))
       and attr(own[0], "altimg-width") is None, maths)

if len(made) < 5:
    done()              # nothing drawn: the rest has nothing to look at
files = sorted({attr(m, "altimg") for m in made})
in_zip = sorted(n[len("EPUB/"):] for n in names if n.startswith("EPUB/math/"))
manifest = re.findall(r'<item [^>]*href="(math/[^"]+)"[^>]*>', opf)
report("math_altimg: each image packaged once, in the manifest as "
       "image/svg+xml, and named by a formula",
       files == in_zip and sorted(manifest) == in_zip and all(
           'media-type="image/svg+xml"' in i for i in re.findall(
               r'<item [^>]*href="math/[^"]+"[^>]*>', opf)),
       (files, in_zip, manifest))

first_two = [attr(m, "altimg") for m in made[:2]]
report("math_altimg: a formula written twice (E=mc²) is one image",
       first_two[0] == first_two[1] and len(set(files)) == len(files),
       first_two)

# The long formula: S = a1 + ... + a12 in 13 pieces (after = and each +),
# each its own image.
pieces = re.findall(r'<span role="math"[^>]*>(.*?)</span></span>', body,
                    re.S)
piece_imgs = [attr(t, "altimg") for t in re.findall(r"<math [^>]*>",
                                                    pieces[0])] \
    if pieces else []
report("math_altimg: a long formula in pieces has an image per piece",
       len(piece_imgs) == 13 and len(set(piece_imgs)) == 13 and
       all(p and p.startswith("math/") for p in piece_imgs), piece_imgs)


def svg_of(href):
    return z.read("EPUB/" + href)


def em(v):
    return float(v[:-2]) if v and v.endswith("em") else None


bad = []
for m in made:
    data = svg_of(attr(m, "altimg"))
    root = ET.fromstring(data)
    vb = [float(v) for v in root.get("viewBox", "0 0 0 0").split()]
    w, h = em(root.get("width")), em(root.get("height"))
    if (root.tag != SVG + "svg" or root.get("version") != "1.1" or
            w != em(attr(m, "altimg-width")) or
            h != em(attr(m, "altimg-height")) or vb[2] <= 0 or
            abs(vb[2] / vb[3] - w / h) > 0.01 * w / h or
            b'id="surface' in data):
        bad.append((attr(m, "altimg"), root.attrib))
report("math_altimg: each image is SVG 1.1 sized as its altimg, its "
       "viewBox in proportion, no surface id", not bad, bad)

epub2 = os.path.join(OUT, "altimg_gen2.epub")
subprocess.run([BOOKC, "-o", epub2, SRC], capture_output=True)
z2 = zipfile.ZipFile(epub2)
report("math_altimg: the images are the same bytes in another run (EPUB "
       "alone, not beside the PDF)",
       all(z2.read("EPUB/" + f) == z.read("EPUB/" + f) for f in files),
       files)

ini = os.path.join(OUT, "altimg_off.ini")
open(ini, "w").write("[math]\nepub-images = false\n")
epub3 = os.path.join(OUT, "altimg_off.epub")
r3 = subprocess.run([BOOKC, "-s", ini, "-o", epub3, SRC],
                    capture_output=True, text=True)
z3 = zipfile.ZipFile(epub3) if r3.returncode == 0 else None
body3 = "".join(z3.read(n).decode() for n in z3.namelist()
                if n.endswith(".xhtml")) if z3 else ""
report("math_altimg: [math] epub-images = false: no images drawn, the "
       "source's own kept",
       z3 is not None and not any(n.startswith("EPUB/math/")
                                  for n in z3.namelist()) and
       re.findall(r'altimg="([^"]*)"', body3) == ["images/formula.svg"],
       (r3.stderr, re.findall(r'altimg="([^"]*)"', body3)))

# ---- The PDF's layout ---------------------------------------------------


def svg_glyphs(href):
    """[(x, y)] in pt from the image's left and baseline: each <use> of a
    glyph (the viewBox's user units are UNITS per em)."""
    data = svg_of(href)
    root = ET.fromstring(data)
    vb = [float(v) for v in root.get("viewBox").split()]
    units = vb[2] / em(root.get("width"))
    out = []
    for u in root.iter(SVG + "use"):
        out.append((float(u.get("x")) * SIZE / units,
                    float(u.get("y")) * SIZE / units))
    return out


def pdf_glyphs(chars):
    return [(c[2], c[3]) for c in chars]


def same_shape(a, b, tol=0.1):
    """Whether the two sets of origins are the same set moved."""
    if len(a) != len(b) or not a:
        return False
    a = sorted(a); b = sorted(b)
    dx, dy = b[0][0] - a[0][0], b[0][1] - a[0][1]
    return all(abs(p[0] + dx - q[0]) <= tol and abs(p[1] + dy - q[1]) <= tol
               for p, q in zip(a, b))


lines = _stext.lines(pdf)
math_chars = [c for _, _, cs in lines for c in cs if "LatinModern" in c[0]]
# The display formula x = (−b ± √(b²−4ac)) / 2a: its characters in the PDF
# (from its x to the 2a under the bar), the E=mc² before it (twice).
quad = [c for c in math_chars if c[4] in "x=−b±√24ac"]
disp_y = [c[3] for c in math_chars if c[4] == "±"]
quad = [c for c in quad if disp_y and abs(c[3] - disp_y[0]) < 20]
quad_svg = svg_glyphs(attr(made[2], "altimg"))
report("math_altimg: the display formula's glyphs stand in its image where "
       "they stand in the PDF (0.1 pt)",
       same_shape(pdf_glyphs(quad), quad_svg),
       (sorted(pdf_glyphs(quad))[:6], sorted(quad_svg)[:6]))
emc_pdf = []
for _, _, cs in lines:
    run_ = [c for c in cs if "LatinModern" in c[0] and c[4].strip()]
    if "".join(c[4] for c in run_).startswith("E=mc2"):
        emc_pdf = run_[:5]
        break
report("math_altimg: E=mc²'s glyphs stand in its image where they stand in "
       "the PDF (0.1 pt)",
       same_shape(pdf_glyphs(emc_pdf), svg_glyphs(first_two[0])),
       (pdf_glyphs(emc_pdf), svg_glyphs(first_two[0])))
mtext = made[4]
report("math_altimg: the mtext's Han (速度) and the menclose box are drawn",
       len(svg_glyphs(attr(mtext, "altimg"))) >= 4 and
       svg_of(attr(mtext, "altimg")).count(b"<path id=") >= 4 and
       svg_of(attr(mtext, "altimg")).count(b"<rect") == 4,
       svg_of(attr(mtext, "altimg"))[:300])

# ---- Another renderer ---------------------------------------------------

RENDER = """<?xml version="1.0" encoding="UTF-8"?>
<article xmlns="http://docbook.org/ns/docbook"
 xmlns:m="http://www.w3.org/1998/Math/MathML" version="5.0" xml:lang="zh-CN">
<title>T</title>%s</article>
"""
QUAD = re.search(r"<informalequation>.*?</informalequation>",
                 open(SRC, encoding="utf-8").read(), re.S).group(0)


def gray(pdf_path):
    """Page 1 at 300 dpi, gray: (width, height, bytes)."""
    p = subprocess.run(["pdftoppm", "-r", "300", "-gray", "-f", "1", "-l",
                        "1", pdf_path], capture_output=True).stdout
    m = re.match(rb"P5\s+(\d+)\s+(\d+)\s+255\s", p)
    return int(m.group(1)), int(m.group(2)), p[m.end():]


def ink(img):
    """The ink between the title and the folio: (x0, y0, x1, y1) and the
    set of dark pixels in it."""
    w, h, px = img
    dark = set()
    for y in range(int(h * 0.12), int(h * 0.5)):
        row = px[y * w:(y + 1) * w]
        for x in range(w):
            if row[x] < 128:
                dark.add((x, y))
    if not dark:
        return None, dark
    xs = [p[0] for p in dark]; ys = [p[1] for p in dark]
    return (min(xs), min(ys), max(xs), max(ys)), dark


quad_img = attr(made[2], "altimg")
svg_path = os.path.join(OUT, "altimg_quad.svg")
open(svg_path, "wb").write(svg_of(quad_img))
wpt = em(attr(made[2], "altimg-width")) * SIZE
a_src = os.path.join(OUT, "altimg_r1.xml")
b_src = os.path.join(OUT, "altimg_r2.xml")
open(a_src, "w", encoding="utf-8").write(RENDER % (
    '<mediaobject><imageobject><imagedata fileref="altimg_quad.svg" '
    'contentwidth="%.3fpt"/></imageobject></mediaobject>' % wpt))
open(b_src, "w", encoding="utf-8").write(RENDER % QUAD)
for s in (a_src, b_src):
    subprocess.run([BOOKC, "-q", "-o", s[:-4] + ".pdf", s],
                   capture_output=True)
(ba, da), (bb, db) = ink(gray(a_src[:-4] + ".pdf")), \
    ink(gray(b_src[:-4] + ".pdf"))
if ba and bb:
    sx, sy = bb[0] - ba[0], bb[1] - ba[1]
    moved = {(x + sx, y + sy) for x, y in da}

    def near(p, pts):
        return any((p[0] + i, p[1] + j) in pts for i in range(-2, 3)
                   for j in range(-2, 3))
    miss_a = sum(1 for p in moved if not near(p, db))
    miss_b = sum(1 for p in db if not near(p, moved))
    same_box = all(abs((ba[2] - ba[0]) - (bb[2] - bb[0])) <= 3 and
                   abs((ba[3] - ba[1]) - (bb[3] - bb[1])) <= 3 for _ in [0])
else:
    miss_a = miss_b = -1
    same_box = False
report("math_altimg: the display formula's image drawn by librsvg looks "
       "like the PDF's formula (ink box to 3 px at 300 dpi, every dark pixel "
       "within 2 px of the other's)",
       same_box and miss_a == 0 and miss_b == 0,
       (ba, bb, miss_a, miss_b, len(da), len(db)))
done()
