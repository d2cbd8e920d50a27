#!/usr/bin/env python3
"""The EPUB in the reading engines people have (issue 22): compiles the
typography test book and the guide into EPUBs, has them drawn by

  calibre   ebook-convert, Calibre's engine (Qt WebEngine), to PDF
  chromium  headless Chromium's print to PDF, each chapter file
  webkit    WebKitGTK (gir1.2-webkit2-4.1, Foliate's engine), each
            chapter at a phone's width (420 px), its character boxes

and runs glyphs.py's checks on what each drew: kinsoku (K1, K2), Han-Latin
gaps of 1/8 to 1/2 em and never doubled (S1), compressed pairs (S3), no
character drawn over its neighbour (O). It also compiles the long inline
formulas (tests/math/inline_long.xml) and the pandoc chapter of
formulas (tests/math/chapter.xml), and has Chromium and WebKitGTK lay
out every chapter of the books at a phone's width: no page may be wider
than the screen (a formula nothing breaks scrolls in its own box, a
display formula in its paragraph, as WebKit lets no <math> scroll); and has Chromium show the formula books as a reading system
without MathML does, each <math> as its altimg (tests/math/altimg_gen.xml
too): every image must be drawn, as wide as its altimg-width. An engine that is not installed is skipped, never failed. Slow (a minute or two): `make check-engines`.

    tests/engines/run.py [--bookc out/bookc] [--out DIR] [--keep]
"""
import argparse, glob, os, shutil, subprocess, sys, tempfile, zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import glyphs  # noqa: E402

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))
BOOKS = [("typography", "tests/typo/typography.xml"),
         ("guide", "book/guide.xml")]
# Books only laid out at a phone's width (no Han text to check).
WIDTH_BOOKS = [("formulas", "tests/math/inline_long.xml"),
               ("formula images", "tests/math/altimg_gen.xml"),
               ("formula chapter", "tests/math/chapter.xml")]
PHONE = 420
# Reports the page's width and the screen's, once it is laid out.
PROBE = ('<script>window.addEventListener("load", function () { var d = '
         'document.documentElement; document.body.setAttribute('
         '"data-widths", d.scrollWidth + " " + d.clientWidth); });'
         '</script>')
ENV = dict(os.environ, QTWEBENGINE_CHROMIUM_FLAGS="--no-sandbox",
           SOURCE_DATE_EPOCH="0")
failed = []


def report(name, ok, detail=""):
    print(("ok " if ok else "not ok ") + name +
          ("" if ok else f": {detail}"))
    if not ok:
        failed.append(name)


def chapters(tree):
    return sorted(glob.glob(os.path.join(tree, "EPUB", "ch*.xhtml")))


def documents(tree):
    """Every XHTML document of the book but its navigation."""
    return [x for x in sorted(glob.glob(os.path.join(tree, "EPUB",
                                                     "*.xhtml")))
            if os.path.basename(x) != "nav.xhtml"]


def calibre(epub, out):
    pdf = out + "-calibre.pdf"
    r = subprocess.run(["ebook-convert", epub, pdf], env=ENV,
                       capture_output=True, timeout=600)
    return [glyphs.pdf_lines(pdf)] if r.returncode == 0 else None


def chromium(tree, out):
    res = []
    for x in chapters(tree):
        pdf = f"{out}-chromium-{os.path.basename(x)[:-6]}.pdf"
        subprocess.run(["chromium", "--headless", "--no-sandbox",
                        "--disable-gpu", "--no-pdf-header-footer",
                        "--print-to-pdf=" + pdf, "file://" + x],
                       capture_output=True, timeout=120)
        if not os.path.exists(pdf):
            return None
        res.append(glyphs.pdf_lines(pdf))
    return res


def webkit(tree, out):
    import json
    res = []
    for x in chapters(tree):
        png = f"{out}-webkit-{os.path.basename(x)[:-6]}.png"
        r = subprocess.run(["xvfb-run", "-a", "/usr/bin/python3",
                            os.path.join(TOP, "tests/engines/webkit_snap.py"),
                            x, "420", png], capture_output=True, timeout=120)
        try:
            d = json.loads(r.stdout.decode() or "{}")
        except ValueError:
            return None
        if not d.get("chars"):
            return None
        res.append(glyphs.box_lines(d["chars"]))
    return res


def chromium_widths(tree):
    """Each chapter's (name, page width, screen width) in Chromium at a
    phone's width (headless Chromium's window is 500 px at the least)."""
    import re
    res = []
    for x in documents(tree):
        probe = x[:-6] + "-probe.xhtml"
        with open(x, encoding="utf-8") as f:
            text = f.read().replace("</head>", PROBE + "</head>", 1)
        with open(probe, "w", encoding="utf-8") as f:
            f.write(text)
        r = subprocess.run(["chromium", "--headless", "--no-sandbox",
                            "--disable-gpu", f"--window-size={PHONE},900",
                            "--dump-dom", "file://" + probe],
                           capture_output=True, timeout=120)
        os.unlink(probe)
        m = re.search(r'data-widths="(\d+) (\d+)"', r.stdout.decode())
        if not m:
            return None
        res.append((os.path.basename(x), int(m.group(1)), int(m.group(2))))
    return res


def webkit_widths(tree):
    import json
    res = []
    for x in documents(tree):
        r = subprocess.run(["xvfb-run", "-a", "/usr/bin/python3",
                            os.path.join(TOP, "tests/engines/webkit_snap.py"),
                            x, str(PHONE), x[:-6] + "-w.png"],
                           capture_output=True, timeout=120)
        try:
            d = json.loads(r.stdout.decode() or "{}")
        except ValueError:
            return None
        if "scroll_width" not in d:
            return None
        res.append((os.path.basename(x), d["scroll_width"], d["width"]))
    return res


def check_widths(name, tree):
    for engine, run in (("chromium", chromium_widths),
                        ("webkit", webkit_widths)):
        if not have(engine):
            print(f"skip {name}: {engine} widths: not installed")
            continue
        widths = run(tree)
        if not widths:
            print(f"skip {name}: {engine} widths: did not lay out the book")
            continue
        wide = [f"{c} {w} px > {s} px" for c, w, s in widths if w > s]
        report(f"{name}: {engine}: no document wider than a {PHONE} px "
               f"screen ({len(widths)} documents)", not wide,
               " | ".join(wide[:3]))


# Reports, once the page is laid out, its images of formulas: how many,
# how many were drawn (loaded, with a size of their own), and the widest
# gap between an image's width and the width its altimg-width gives (a
# source's own image has none).
IMG_PROBE = ('<script>//<![CDATA[\nwindow.addEventListener("load", function () { var n = '
             '0, ok = 0, off = 0; document.querySelectorAll("img.altimg")'
             '.forEach(function (i) { n++; if (i.complete && i.naturalWidth '
             '> 0) ok++; var em = parseFloat(getComputedStyle(i).fontSize);'
             ' if (parseFloat(i.dataset.w) > 0) off = Math.max(off, Math.abs('
             'i.getBoundingClientRect().width - parseFloat(i.dataset.w) * '
             'em)); }); document.body'
             '.setAttribute("data-imgs", n + " " + ok + " " + off.toFixed(2))'
             '; });\n//]]></script>')


def without_mathml(text):
    """The document as a reading system without MathML shows it (MathML
    3, 2.2.1): each <math> as the image its altimg names, sized and
    aligned by altimg-width, -height and -valign."""
    import re

    def img(m):
        tag = m.group(1)
        a = dict(re.findall(r'([\w:-]+)="([^"]*)"', tag))
        if "altimg" not in a:
            return m.group(0)
        return (f'<img class="altimg" src="{a["altimg"]}" alt="" '
                f'data-w="{a.get("altimg-width", "0em")[:-2]}" style="width:'
                f'{a.get("altimg-width")};height:{a.get("altimg-height")};'
                f'vertical-align:{a.get("altimg-valign")}"/>')
    return re.sub(r"(<math\b[^>]*>).*?</math>", img, text, flags=re.S)


def check_altimg(name, tree):
    """Chromium shows every formula's altimg in its place (the book as a
    reading system without MathML shows it): each image drawn, as wide
    as its altimg-width says."""
    import re
    if not have("chromium"):
        print(f"skip {name}: chromium altimg: not installed")
        return
    n = ok = 0
    off = 0.0
    for x in documents(tree):
        with open(x, encoding="utf-8") as f:
            text = f.read()
        if "<math" not in text:
            continue
        probe = x[:-6] + "-img.xhtml"
        with open(probe, "w", encoding="utf-8") as f:
            f.write(without_mathml(text).replace("</head>",
                                                  IMG_PROBE + "</head>", 1))
        r = subprocess.run(["chromium", "--headless", "--no-sandbox",
                            "--disable-gpu", f"--window-size={PHONE},900",
                            "--dump-dom", "file://" + probe],
                           capture_output=True, timeout=120)
        os.unlink(probe)
        m = re.search(r'data-imgs="(\d+) (\d+) ([\d.]+)"',
                      r.stdout.decode())
        if not m:
            print(f"skip {name}: chromium altimg: did not lay out "
                  f"{os.path.basename(x)}")
            return
        n += int(m.group(1)); ok += int(m.group(2))
        off = max(off, float(m.group(3)))
    report(f"{name}: chromium: every formula's altimg drawn in its place, "
           f"as wide as altimg-width ({n} images)",
           n > 0 and ok == n and off <= 1, f"{ok} of {n} drawn, widths off "
           f"by up to {off} px")


def have(engine):
    if engine == "calibre":
        return shutil.which("ebook-convert")
    if engine == "chromium":
        return shutil.which("chromium")
    return shutil.which("xvfb-run") and subprocess.run(
        ["/usr/bin/python3", "-c", "import gi; gi.require_version("
         "'WebKit2', '4.1'); gi.require_version('Gtk', '3.0'); "
         "import cairo; from gi.repository import WebKit2"],
        capture_output=True).returncode == 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bookc", default=os.path.join(TOP, "out", "bookc"))
    ap.add_argument("--out")
    ap.add_argument("--keep", action="store_true")
    a = ap.parse_args()
    out = a.out or tempfile.mkdtemp(prefix="bookc-engines-")
    os.makedirs(out, exist_ok=True)
    for name, src in BOOKS + WIDTH_BOOKS:
        epub = os.path.join(out, name + ".epub")
        r = subprocess.run([a.bookc, "-q", "-o", epub,
                            os.path.join(TOP, src)], env=ENV,
                           capture_output=True)
        report(f"{name}: EPUB built", r.returncode == 0, r.stderr.decode())
        if r.returncode:
            continue
        tree = os.path.join(out, name)
        shutil.rmtree(tree, ignore_errors=True)
        zipfile.ZipFile(epub).extractall(tree)
        check_widths(name, tree)
        if (name, src) in WIDTH_BOOKS:
            check_altimg(name, tree)
            continue
        for engine, run in (("calibre", lambda: calibre(epub, tree)),
                            ("chromium", lambda: chromium(tree, tree)),
                            ("webkit", lambda: webkit(tree, tree))):
            if not have(engine):
                print(f"skip {name}: {engine}: not installed")
                continue
            pages = run()
            if pages is None:
                print(f"skip {name}: {engine}: did not draw the book")
                continue
            lines = [ln for p in pages for ln in p]
            bad, gaps = glyphs.check(lines)
            print(f"   {name}: {engine}: {len(lines)} lines, {len(gaps)} "
                  f"Han-Latin boundaries" + (f", gaps {min(gaps):.3f} to "
                                            f"{max(gaps):.3f} em"
                                            if gaps else ""))
            report(f"{name}: {engine}: Han-Latin boundaries seen",
                   len(gaps) >= 5, len(gaps))
            for k, v in bad.items():
                report(f"{name}: {engine}: {k}", not v,
                       f"{len(v)}: " + " | ".join(v[:3]))
    if not a.keep and not a.out:
        shutil.rmtree(out, ignore_errors=True)
    print(f"{len(failed)} failed")
    return 1 if failed else 0


sys.exit(main())
