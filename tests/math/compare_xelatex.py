#!/usr/bin/env python3
"""The same formulas set by bookc and by XeLaTeX, side by side, for looking
(issue 24; `make compare-xelatex`; not a test).

tests/math/chapter.tex is compiled twice: by XeLaTeX (its own preamble:
unicode-math with Latin Modern Math, xeCJK with Noto Serif CJK SC, A4 with
25mm margins and a 10.5pt body, as styles/a4.ini sets bookc's), and by
`pandoc --mathml -f latex -t docbook5 -s` then bookc. Written to OUT
(out/compare/):

  chapter-bookc.pdf, chapter-xelatex.pdf   the two chapters
  page-N.png          page N of each, bookc left, XeLaTeX right (100 dpi)
  formula-NN.png      formula NN alone, bookc left, XeLaTeX right (200 dpi):
                      a sheet of the chapter's formulas in order, each after
                      a marker 【NN】, cut at the markers
  formulas.txt        NN and the TeX of each formula

    tests/math/compare_xelatex.py [--bookc out/bookc] [--out out/compare]

Needs xelatex (texlive-xetex, texlive-latex-recommended, texlive-lang-cjk),
pandoc, mutool and pdftoppm. PNGs are written with zlib alone.
"""
import argparse, html, os, re, shutil, struct, subprocess, sys, zlib

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))
SRC = os.path.join(TOP, "tests", "math", "chapter.tex")
FORMULA = re.compile(r"\\\[(.*?)\\\]|\\begin\{(equation|align\*?)\}(.*?)"
                     r"\\end\{\2\}|\$(.+?)\$", re.S)
# The part of the page the text is set in (A4, 25mm margins), and a
# little room either side for what overhangs.
X0, X1 = 60.0, 536.0


def run(cmd, cwd=None):
    p = subprocess.run(cmd, cwd=cwd, capture_output=True)
    if p.returncode != 0:
        sys.exit(f"{' '.join(cmd)}: exit {p.returncode}\n"
                 f"{p.stdout.decode()[-2000:]}{p.stderr.decode()[-2000:]}")
    return p.stdout


def formulas(tex):
    """The preamble, and the body's formulas in order: (source, display)."""
    pre, body = tex.split("\\begin{document}", 1)
    body = re.sub(r"(?<!\\)%.*", "", body.split("\\end{document}")[0])
    out = []
    for m in FORMULA.finditer(body):
        out.append((m.group(0), m.group(4) is None))
    return pre, out


def sheet(pre, forms):
    """A document of the formulas, each in its own paragraph after its
    marker (a display one on the marker's paragraph's next line)."""
    parts = [pre, "\\begin{document}\n"]
    for i, (src, display) in enumerate(forms, 1):
        parts.append(f"\n【{i:02d}】" + ("\n" if display else " ") + src +
                     "\n")
    parts.append("\n\\end{document}\n")
    return "".join(parts)


def xelatex(tex, d, name):
    open(os.path.join(d, name + ".tex"), "w", encoding="utf-8").write(tex)
    for _ in range(2):
        run(["xelatex", "-interaction=nonstopmode", "-halt-on-error",
             name + ".tex"], cwd=d)
    return os.path.join(d, name + ".pdf")


def bookc(exe, tex, d, name):
    src = os.path.join(d, name + ".tex")
    xml = os.path.join(d, name + ".xml")
    pdf = os.path.join(d, name + "-bookc.pdf")
    open(src, "w", encoding="utf-8").write(tex)
    run(["pandoc", "--mathml", "-f", "latex", "-t", "docbook5", "-s",
         "-M", "lang=zh-CN", src, "-o", xml])
    env = dict(os.environ, BOOKC_DATADIR=TOP)
    p = subprocess.run([exe, "-o", pdf, xml], capture_output=True, env=env)
    if p.returncode != 0:
        sys.exit(p.stderr.decode())
    sys.stderr.write(p.stderr.decode())
    return pdf


def markers(pdf):
    """{NN: (page, top y)}: where each marker's line begins."""
    st = run(["mutool", "draw", "-F", "stext", "-o", "-", pdf]).decode()
    out = {}
    for pg, body in enumerate(re.split(r"<page ", st)[1:], 1):
        for ln in re.findall(r"<line .*?</line>", body, re.S):
            cs = [(float(y), html.unescape(c)) for y, c in re.findall(
                r'<char [^>]*y="([^"]+)"[^>]*c="([^"]*)"', ln)]
            text = "".join(c for _, c in cs)
            for m in re.finditer(r"【\s*(\d+)\s*】", text):
                # a line's top: 12pt above the marker's baseline
                out.setdefault(int(m.group(1)), (pg, cs[m.start()][0] - 12))
    return out


def gray(pdf, page, dpi, box=None):
    """Page (or box: x0, y0, x1, y1 in points) as (w, h, bytes)."""
    cmd = ["pdftoppm", "-r", str(dpi), "-gray", "-f", str(page), "-l",
           str(page)]
    if box:
        k = dpi / 72
        cmd += ["-x", str(int(box[0] * k)), "-y", str(int(box[1] * k)),
                "-W", str(int((box[2] - box[0]) * k)),
                "-H", str(int((box[3] - box[1]) * k))]
    data = run(cmd + [pdf])
    magic, dims, mx, pix = data.split(b"\n", 3)
    w, h = map(int, dims.split())
    return w, h, pix[:w * h]


def side_by_side(a, b, path):
    """Two grey images left and right, a grey rule between, as a PNG."""
    gap = 6
    w = a[0] + gap + b[0]
    h = max(a[1], b[1])
    rows = []
    for y in range(h):
        ra = a[2][y * a[0]:(y + 1) * a[0]] if y < a[1] else b"\xff" * a[0]
        rb = b[2][y * b[0]:(y + 1) * b[0]] if y < b[1] else b"\xff" * b[0]
        rows.append(b"\0" + ra + b"\x80" * gap + rb)

    def chunk(kind, data):
        c = kind + data
        return struct.pack(">I", len(data)) + c + struct.pack(
            ">I", zlib.crc32(c) & 0xffffffff)
    png = (b"\x89PNG\r\n\x1a\n" +
           chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0)) +
           chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) +
           chunk(b"IEND", b""))
    open(path, "wb").write(png)


def pages(pdf):
    info = run(["pdfinfo", pdf]).decode()
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bookc", default=os.path.join(TOP, "out", "bookc"))
    ap.add_argument("--out", default=os.path.join(TOP, "out", "compare"))
    a = ap.parse_args()
    for tool in ("xelatex", "pandoc", "mutool", "pdftoppm"):
        if shutil.which(tool) is None:
            sys.exit(f"compare_xelatex: {tool} is not installed")
    os.makedirs(a.out, exist_ok=True)
    work = os.path.join(a.out, "work")
    os.makedirs(work, exist_ok=True)
    tex = open(SRC, encoding="utf-8").read()
    exe = os.path.abspath(a.bookc)

    # The chapter, page by page.
    xp = xelatex(tex, work, "chapter")
    bp = bookc(exe, tex, work, "chapter")
    shutil.copy(xp, os.path.join(a.out, "chapter-xelatex.pdf"))
    shutil.copy(bp, os.path.join(a.out, "chapter-bookc.pdf"))
    for f in os.listdir(a.out):
        if re.match(r"(page|formula)-\d+\.png$", f):
            os.remove(os.path.join(a.out, f))
    for n in range(1, max(pages(xp), pages(bp)) + 1):
        blank = (827, 1169, b"\xff" * 827 * 1169)
        l = gray(bp, n, 100) if n <= pages(bp) else blank
        r = gray(xp, n, 100) if n <= pages(xp) else blank
        side_by_side(l, r, os.path.join(a.out, f"page-{n}.png"))

    # The formulas alone, cut at their markers.
    pre, forms = formulas(tex)
    s = sheet(pre, forms)
    xs = xelatex(s, work, "sheet")
    bs = bookc(exe, s, work, "sheet")
    mx, mb = markers(xs), markers(bs)
    with open(os.path.join(a.out, "formulas.txt"), "w",
              encoding="utf-8") as f:
        for i, (src, _) in enumerate(forms, 1):
            f.write(f"{i:02d} {' '.join(src.split())}\n")
    cut = []
    for i in range(1, len(forms) + 1):
        boxes = []
        for m in (mb, mx):
            if i not in m:
                boxes.append(None)
                continue
            pg, top = m[i]
            nxt = m.get(i + 1)
            bottom = nxt[1] if nxt and nxt[0] == pg else 800.0
            boxes.append((pg, (X0, top - 4, X1, max(bottom - 4, top + 20))))
        if None in boxes:
            print(f"formula {i:02d}: marker not found", file=sys.stderr)
            continue
        side_by_side(gray(bs, boxes[0][0], 200, boxes[0][1]),
                     gray(xs, boxes[1][0], 200, boxes[1][1]),
                     os.path.join(a.out, f"formula-{i:02d}.png"))
        cut.append(i)
    print(f"compare-xelatex: {len(cut)} of {len(forms)} formulas and "
          f"{max(pages(xp), pages(bp))} pages in {a.out} "
          "(bookc left, XeLaTeX right)")


main()
