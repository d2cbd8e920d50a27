#!/usr/bin/env python3
"""SVG images from drawing programs, and symbols and emoji, in both outputs.

tests/svg/book.xml (pandoc's DocBook) has ✅ ❌ 🎉 ⚠ ★ ➜ in a heading, body
text and a table, a draw.io-like SVG (DOCTYPE with an external DTD, HTML in
<foreignObject> inside <switch>, data: and relative <image>s, a <content>
attribute) referenced twice, and an Inkscape-like one (sodipodi, inkscape,
RDF metadata). Checks: no missing glyph and Symbola embedded in the PDF, an
embedded EPUB font covering every symbol, epubcheck clean, the SVGs in the
EPUB rewritten without DOCTYPE, foreign content or references, the
foreignObject warning once with a position; the EPUB's GLYPH_MISSING
still given for a character no font has; and an SVG that names a PNG outside the book (by
file:// URL, by ../ and over HTTP to a local server) never has it read:
the page shows no red, the server sees no request, a warning names each.
Environment: BOOKC, OUT, TOP.
"""
import html, http.server, os, re, shutil, struct, subprocess, threading, zipfile
import zlib

from _check import epubcheck, report, done

BOOKC = os.environ.get("BOOKC", "out/bookc")
OUT = os.environ.get("OUT", "/tmp")
TOP = os.environ.get("TOP", os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.abspath(__file__)))))
SYMBOLS = "✅❌🎉⚠★➜"
WORK = os.path.join(OUT, "svg_symbols")


def bookc(*args):
    env = dict(os.environ, BOOKC_DATADIR=TOP)
    wrap = os.environ.get("BOOKC_WRAP", "").split()
    p = subprocess.run(wrap + [BOOKC, *args], cwd=TOP, env=env,
                       capture_output=True, text=True, timeout=300)
    return p.returncode, p.stderr


def run(*cmd):
    return subprocess.run(cmd, capture_output=True, text=True,
                          timeout=300).stdout



def charset(path):
    """The code points a font file maps (fc-query's charset ranges)."""
    have = set()
    for part in run("fc-query", "-f", "%{charset}", path).split():
        a, _, b = part.partition("-")
        have.update(range(int(a, 16), int(b or a, 16) + 1))
    return have


def png(w, h, rgb):
    raw = b"".join(b"\0" + bytes(rgb) * w for _ in range(h))

    def chunk(t, d):
        return (struct.pack(">I", len(d)) + t + d +
                struct.pack(">I", zlib.crc32(t + d) & 0xffffffff))
    return (b"\x89PNG\r\n\x1a\n" +
            chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def red_pixels(pdf):
    """Strongly red pixels on the PDF's pages, rendered as PPM."""
    base = pdf + "-page"
    subprocess.run(["pdftoppm", "-r", "40", pdf, base], check=True,
                   timeout=120)
    n = 0
    for f in sorted(os.listdir(os.path.dirname(pdf))):
        p = os.path.join(os.path.dirname(pdf), f)
        if not p.startswith(base) or not f.endswith(".ppm"):
            continue
        data = open(p, "rb").read()
        m = re.match(rb"P6\s+(\d+)\s+(\d+)\s+255\s", data)
        px = data[m.end():]
        n += sum(1 for i in range(0, len(px) - 2, 3)
                 if px[i] > 200 and px[i + 1] < 60 and px[i + 2] < 60)
        os.unlink(p)
    return n


shutil.rmtree(WORK, ignore_errors=True)
os.makedirs(WORK)

# ---- The test book: both outputs from one run --------------------------------
pdf, epub = os.path.join(WORK, "b.pdf"), os.path.join(WORK, "b.epub")
rc, err = bookc("-o", pdf, "-o", epub, "tests/svg/book.xml")
report("svg_symbols.build", rc == 0, err)
report("svg_symbols.no_missing_glyph", "no glyph" not in err, err)
foreign = [l for l in err.splitlines() if "<foreignObject>" in l]
report("svg_symbols.foreign_warned_once",
       len(foreign) == 1 and re.match(
           r"bookc: tests/svg/book\.xml:\d+:\d+: warning: SVG 'drawio\.svg' "
           r"line \d+: ", foreign[0]) is not None, err)
report("svg_symbols.inkscape_quiet", "inkscape.svg" not in err, err)

stext = html.unescape(run("mutool", "draw", "-F", "stext", pdf))
chars = set(re.findall(r'c="([^"]*)"', stext))
report("svg_symbols.pdf_text", all(c in chars for c in SYMBOLS),
       [c for c in SYMBOLS if c not in chars])
# The emoji the CJK and DejaVu faces lack are drawn with Symbola.
fonts_of = {}
for m in re.finditer(r'<font name="([^"]*)"[^>]*>(.*?)</font>', stext, re.S):
    for c in re.findall(r'c="([^"]*)"', m.group(2)):
        fonts_of.setdefault(c, set()).add(m.group(1))
report("svg_symbols.pdf_symbola_draws",
       all(any("Symbola" in f for f in fonts_of.get(c, ())) for c in "✅❌🎉"),
       {c: fonts_of.get(c) for c in "✅❌🎉"})
pf = run("pdffonts", pdf)
report("svg_symbols.pdf_font_embedded",
       re.search(r"\+Symbola\s.*\byes\s+yes", pf) is not None, pf)

report("svg_symbols.epubcheck", *epubcheck(epub))
with zipfile.ZipFile(epub) as z:
    xd = os.path.join(WORK, "x")
    z.extractall(xd)
    names = z.namelist()
covered = set()
for n in names:
    if re.search(r"\.(otf|ttf|woff2?)$", n):
        covered |= charset(os.path.join(xd, n))
report("svg_symbols.epub_fonts_cover",
       all(ord(c) in covered for c in SYMBOLS),
       [c for c in SYMBOLS if ord(c) not in covered])
svgs = [n for n in names if n.endswith(".svg")]
report("svg_symbols.epub_svgs", len(svgs) == 2, svgs)
for n in svgs:
    s = open(os.path.join(xd, n), encoding="utf-8").read()
    refs = [r for r in re.findall(r'href="([^"]*)"', s)
            if not r.startswith(("#", "data:"))]
    bad = [w for w in ("<!DOCTYPE", "foreignObject", "sodipodi", "inkscape",
                       "rdf:", "content=", "xhtml") if w in s]
    report(f"svg_symbols.clean.{os.path.basename(n)}",
           not bad and not refs and "<path" in s, (bad, refs))

# ---- A character no installed font has still warns ---------------------------
nofont = os.path.join(WORK, "nofont.xml")
with open(nofont, "w", encoding="utf-8") as f:
    f.write('<?xml version="1.0" encoding="utf-8"?>\n<article xmlns='
            '"http://docbook.org/ns/docbook" version="5.0" xml:lang="zh-CN">'
            '<title>T</title><para>无字形 \U0010FFFD ✅</para></article>\n')
# (The EPUB's font subsetting gives the warning; the PDF has no such check.)
rc, err = bookc("-o", os.path.join(WORK, "nofont.epub"), nofont)
report("svg_symbols.glyph_missing", rc == 0 and
       "no glyph for U+10FFFD" in err and "U+2705" not in err, err)

# ---- An SVG never reads outside the book's tree ------------------------------
hits = []


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        hits.append(self.path)
        body = png(40, 40, (255, 0, 0))
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *a):
        pass


srv = http.server.HTTPServer(("127.0.0.1", 0), Handler)
threading.Thread(target=srv.serve_forever, daemon=True).start()
outside = os.path.join(WORK, "outside")
book = os.path.join(WORK, "book")
os.makedirs(outside)
os.makedirs(book)
with open(os.path.join(outside, "red.png"), "wb") as f:
    f.write(png(40, 40, (255, 0, 0)))
with open(os.path.join(book, "book.xml"), "w", encoding="utf-8") as f:
    f.write('<?xml version="1.0" encoding="utf-8"?>\n<article xmlns='
            '"http://docbook.org/ns/docbook" version="5.0" xml:lang="zh-CN">'
            '<title>T</title><mediaobject><imageobject><imagedata '
            'fileref="evil.svg" contentwidth="120mm"/></imageobject>'
            '</mediaobject></article>\n')


def evil(ref_local):
    port = srv.server_address[1]
    with open(os.path.join(book, "evil.svg"), "w") as f:
        f.write(f'''<svg xmlns="http://www.w3.org/2000/svg"
  xmlns:xlink="http://www.w3.org/1999/xlink" width="200" height="50">
<rect width="200" height="50" fill="#eeeeee"/>
<image x="0" width="50" height="50" xlink:href="file://{outside}/red.png"/>
<image x="50" width="50" height="50" xlink:href="../outside/red.png"/>
<image x="100" width="50" height="50"
  xlink:href="http://127.0.0.1:{port}/red.png"/>
<image x="150" width="50" height="50" xlink:href="file:///etc/passwd"/>
{ref_local}
</svg>
''')


# The control: the same red PNG beside the SVG is drawn, so red on the
# page is what a read outside file would show.
shutil.copy(os.path.join(outside, "red.png"), os.path.join(book, "in.png"))
evil('<image x="150" width="50" height="50" xlink:href="in.png"/>')
rc, err = bookc("-o", os.path.join(book, "c.pdf"),
                os.path.join(book, "book.xml"))
report("svg_symbols.control_red_drawn",
       rc == 0 and red_pixels(os.path.join(book, "c.pdf")) > 0, err)

evil("")
os.unlink(os.path.join(book, "in.png"))
out_pdf, out_epub = os.path.join(book, "e.pdf"), os.path.join(book, "e.epub")
rc, err = bookc("-o", out_pdf, "-o", out_epub, os.path.join(book, "book.xml"))
report("svg_symbols.outside_build", rc == 0, err)
report("svg_symbols.outside_no_red", red_pixels(out_pdf) == 0,
       "a red image from outside the book is on the page")
report("svg_symbols.outside_no_request", hits == [], hits)
with zipfile.ZipFile(out_epub) as z:
    s = z.read("EPUB/images/evil.svg").decode()
report("svg_symbols.outside_epub_no_image",
       "<image" not in s and "red.png" not in s, s[:300])
warned = [l for l in err.splitlines() if "is not read" in l]
report("svg_symbols.outside_warned",
       len(warned) == 4 and all(re.search(r"book\.xml:2:\d+: warning: ", l)
                                for l in warned), err)
report("svg_symbols.outside_epubcheck", *epubcheck(out_epub))
srv.shutdown()
done()
