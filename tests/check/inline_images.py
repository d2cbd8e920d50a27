#!/usr/bin/env python3
"""Inline images (issue 19), from tests/inline/inline.xml (pandoc's
DocBook of tests/inline/inline.md, images in text, in links, in table
cells, alone in a paragraph, one taller than a line, one missing).

- The PDF draws each image once per use (mutool's trace: fill_image), on
  the page of its text, inside the text column; the one in a table cell
  stays left of the next cell's text.
- An image in text sits on the line's baseline (its bottom there, the
  line's characters on one baseline); the image taller than a line does
  not reach up into the line before it.
- A linked image lies inside its link's area (mutool run: the links).
- The image alone in a paragraph is centred in the column.
- The missing image warns and leaves its file name as text in both
  outputs.
- The tagged PDF has one Figure with an /Alt per image (qpdf --qdf).
- The EPUB has an <img> per use, each with alt text and its file packed;
  epubcheck reports nothing.
Uses mutool, qpdf, java. Environment: BOOKC, OUT, TOP.
"""
import os, re, shutil, subprocess, tempfile, zipfile

BOOKC = os.environ.get("BOOKC", "out/bookc")
OUT = os.environ.get("OUT") or tempfile.mkdtemp()
TOP = os.environ.get("TOP") or os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.abspath(__file__))))
SRC = os.path.join(TOP, "tests", "inline", "inline.xml")
USES = 8            # images drawn: 7 in text, links and cells, 1 alone

from _check import LINKS_JS, epubcheck, report, done


def run(cmd, env=None):
    p = subprocess.run(cmd, cwd=TOP, env=env, capture_output=True)
    return p.returncode, p.stdout.decode("utf-8", "replace"), \
        p.stderr.decode("utf-8", "replace")


def page_images(pdf, page):
    """[(x0, y0, x1, y1)] of the images drawn on a page, y down."""
    _, out, _ = run(["mutool", "draw", "-F", "trace", "-o", "-", pdf,
                     str(page)])
    boxes = []
    for m in re.finditer(r'<fill_image [^>]*transform="([^"]+)"', out):
        a, b, c, d, e, f = map(float, m.group(1).split())
        boxes.append((e, f, e + a, f + d))
    return boxes


def page_lines(pdf, page):
    """[(text, baselines, x0, x1)] of a page's text lines (stext)."""
    _, out, _ = run(["mutool", "draw", "-F", "stext", "-o", "-", pdf,
                     str(page)])
    lines = []
    for ln in re.findall(r"<line .*?</line>", out, re.S):
        chars = re.findall(r'<char quad="([^"]+)" x="([^"]+)" y="([^"]+)"'
                           r'[^>]*c="([^"]*)"', ln)
        if not chars:
            continue
        text = "".join(re.sub(r"&#x([0-9a-f]+);",
                              lambda m: chr(int(m.group(1), 16)), c[3])
                       for c in chars)
        xs = [float(v) for c in chars for v in c[0].split()[0::2]]
        lines.append((text, [float(c[2]) for c in chars], min(xs), max(xs)))
    return lines


def main():
    os.makedirs(OUT, exist_ok=True)
    pdf, epub = (os.path.join(OUT, "inline" + e) for e in (".pdf", ".epub"))
    env = dict(os.environ, BOOKC_DATADIR=TOP)
    wrap = os.environ.get("BOOKC_WRAP", "").split()
    rc, _, err = run(wrap + [BOOKC, "-o", pdf, "-o", epub, SRC], env)
    report("inline: builds", rc == 0, err)
    if rc != 0:
        return
    report("inline: missing image warned",
           re.search(r"warning: image 'missing.png'", err) is not None, err)

    # the body is the last page (title page first)
    _, info, _ = run(["mutool", "info", pdf])
    m = re.search(r"Pages: (\d+)", info)
    page = int(m.group(1)) if m else 1
    imgs = page_images(pdf, page)
    lines = page_lines(pdf, page)
    report("inline: one image drawn per use", len(imgs) == USES,
           f"{len(imgs)} images on page {page}: {imgs}")
    body = [l for l in lines if len(l[0]) > 20]
    left = min(l[2] for l in body)
    right = max(l[3] for l in body)
    out = [b for b in imgs if b[0] < left - 0.5 or b[2] > right + 0.5]
    report("inline: images inside the text column", not out and imgs,
           f"column {left:.1f}..{right:.1f}, outside: {out}")

    # the first paragraph's first line: two images on its baseline
    first = next((l for l in lines if l[0].startswith("图标")), None)
    if report("inline: the line with images is there", first is not None,
              [l[0] for l in lines]):
        base = first[1][0]
        on = [b for b in imgs if abs(b[3] - base) < 0.6]
        report("inline: images sit on the baseline", len(on) == 2,
               f"baseline {base:.2f}, image bottoms "
               f"{[round(b[3], 2) for b in imgs]}")
        report("inline: the line's text keeps one baseline",
               max(first[1]) - min(first[1]) < 0.1, first[1])
        prev_bases = [l[1][0] for l in lines if l[1][0] < base - 1]
        report("inline: a small image leaves the line's pitch",
               not prev_bases or all(b[1] > max(prev_bases) for b in on),
               f"{on}")

    # the tall image: its line is taller, the line above is clear
    tall = next((l for l in lines if l[0].startswith("一张指定")), None)
    before = next((l for l in lines if l[0].startswith("被拆开")), None)
    if report("inline: the tall image's line is there",
              tall is not None and before is not None,
              [l[0] for l in lines]):
        tb = [b for b in imgs if abs(b[3] - tall[1][0]) < 0.6 and
              b[3] - b[1] > 30]
        em = 10.5
        report("inline: a tall image clears the line above",
               len(tb) == 1 and tb[0][1] > before[1][0] + 0.3 * em,
               f"image {tb}, baseline above {before[1][0]:.2f}")

    # the table cell: the wide logo stays in its column
    row = next((l for l in lines if l[0].startswith("很宽")), None)
    if report("inline: the table row is there", row is not None,
              [l[0] for l in lines]):
        cell = [b for b in imgs if abs(b[3] - row[1][0]) < 3]
        report("inline: the cell's image stays in its cell",
               len(cell) == 1 and cell[0][2] < row[2] - 1,
               f"image {cell}, next cell's text from {row[2]:.2f}")

    # links: each linked image inside its link's area
    js = os.path.join(OUT, "inline-links.js")
    with open(js, "w") as f:
        f.write(LINKS_JS)
    _, out_links, _ = run(["mutool", "run", js, pdf])
    links = []
    for ln in out_links.splitlines():
        p = ln.split()
        if len(p) >= 6 and int(p[0]) == page and p[5].startswith("http"):
            links.append((list(map(float, p[1:5])), p[5]))
    for uri in ("https://example.org", "https://example.org/star"):
        ls = [b for b, u in links if u == uri]
        inside = [i for i in imgs for b in ls
                  if i[0] >= b[0] - 0.5 and i[2] <= b[2] + 0.5 and
                  i[1] >= b[1] - 0.5 and i[3] <= b[3] + 0.5]
        report(f"inline: the image is the link to {uri}", len(inside) == 1,
               f"links {ls}, images {imgs}")

    # the lone image: centred
    lone = [b for b in imgs if b[2] - b[0] > 100]
    report("inline: an image alone is centred",
           len(lone) == 1 and abs((lone[0][0] + lone[0][2]) / 2 -
                                  (left + right) / 2) < 1, f"{lone}")
    report("inline: the missing image's name is set",
           any("missing.png" in l[0] for l in lines),
           [l[0] for l in lines])

    # tagged: a Figure with an /Alt per image
    qdf = os.path.join(OUT, "inline.qdf")
    run(["qpdf", "--qdf", "--object-streams=disable", pdf, qdf])
    with open(qdf, "rb") as f:
        q = f.read().decode("latin-1")
    figs = re.findall(r"/S /Figure", q)
    alts = re.findall(r"/Alt ", q)
    report("inline: a Figure with /Alt per image",
           len(figs) == USES and len(alts) == USES,
           f"{len(figs)} Figures, {len(alts)} /Alt")

    # EPUB
    with zipfile.ZipFile(epub) as z:
        names = set(z.namelist())
        html = "".join(z.read(n).decode("utf-8") for n in sorted(names)
                       if n.endswith(".xhtml") and "cover" not in n and
                       "nav" not in n)
    img = re.findall(r"<img [^>]*>", html)
    report("inline: EPUB has an img per use", len(img) == USES, img)
    srcs = [re.search(r'src="([^"]+)"', i).group(1) for i in img]
    report("inline: EPUB images packed",
           all("EPUB/" + s in names for s in srcs), f"{srcs} {names}")
    report("inline: EPUB images have alt text",
           all(re.search(r'alt="[^"]+"', i) for i in img), img)
    report("inline: EPUB in-text images are an em high",
           sum('style="height: 1em' in i for i in img) == 6, img)
    report("inline: EPUB keeps the missing image's name",
           "missing.png" in html, "")
    report("inline: EPUB linked image inside its a",
           re.search(r'<a [^>]*href="https://example.org/star"[^>]*>'
                     r'<img ', html) is not None, "")
    report("inline: epubcheck", *epubcheck(epub))


def in_listing():
    """An inline image in a listing: drawn in the PDF's listing line, an
    <img> inside the EPUB's <pre>, the alt text not spilled as code."""
    src = os.path.join(OUT, "inline-listing.xml")
    shutil.copy(os.path.join(TOP, "tests", "inline", "star.png"), OUT)
    with open(src, "w", encoding="utf-8") as f:
        f.write('<article xmlns="http://docbook.org/ns/docbook" '
                'version="5.0" xml:lang="en"><title>Listing</title>'
                '<programlisting>if ok: <inlinemediaobject><imageobject>'
                '<imagedata fileref="star.png"/>'
                '</imageobject><textobject><phrase>a star</phrase>'
                '</textobject></inlinemediaobject> print("done")'
                '</programlisting></article>')
    pdf, epub = src[:-4] + ".pdf", src[:-4] + ".epub"
    rc, _, err = run([BOOKC, "-o", pdf, "-o", epub, src])
    if not report("listing: builds", rc == 0, err):
        return
    pages = int(re.search(r"Pages:\s+(\d+)", run(["pdfinfo", pdf])[1])
                .group(1))
    drawn = sum(len(page_images(pdf, p)) for p in range(1, pages + 1))
    report("listing: the PDF draws the image", drawn == 1, drawn)
    with zipfile.ZipFile(epub) as z:
        html = "".join(z.read(n).decode("utf-8") for n in z.namelist()
                       if n.endswith(".xhtml") and "nav" not in n)
    pre = re.search(r"<pre[^>]*>(.*?)</pre>", html, re.S)
    body = pre.group(1) if pre else ""
    report("listing: an <img> with its alt text inside the EPUB's <pre>",
           re.search(r'<img [^>]*alt="a star"', body) is not None, body)
    report("listing: the alt text is not set as code",
           "a star" not in re.sub(r"<[^>]*>", "", body), body)
    report("listing: epubcheck", *epubcheck(epub))


main()
in_listing()
done()
