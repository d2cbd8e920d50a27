#!/usr/bin/env python3
"""Element families of issue 21 set as DocBook means them, in both
formats: an equation is numbered apart from figures (公式 1) with its
mathphrase centred and an xref that names it; verse keeps its title and a
gap between stanzas; <toc/> adds nothing (bookc makes the contents) while a
written toc is a division; keywords become the PDF's Keywords; address
parts and GUI names are text. No element is reported unsupported."""
import os, re, subprocess

from _check import epub_body, epubcheck, pdf_lines, report, done
from _stext import lines as stext_lines

BOOKC = os.environ["BOOKC"]; OUT = os.environ["OUT"]
TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SRC = os.path.join(TOP, "tests", "model", "more_elements.xml")

pdf = os.path.join(OUT, "more_elements.pdf"); epub = os.path.join(OUT, "more_elements.epub")
p = subprocess.run([BOOKC, "-o", pdf, "-o", epub, SRC], capture_output=True, text=True)
report("compiles without warnings", p.returncode == 0 and not p.stderr, p.stderr)
lines = pdf_lines(pdf)
report("pdf: the equation's caption reads 公式 1 勾股定理",
       any(re.fullmatch(r"公式 1 勾股定理", l) for l in lines), lines)
report("pdf: the xref names the equation", "见公式 1 勾股定理。" in lines, lines)
report("pdf: the poem's title is set", "静夜思" in lines, lines)
report("pdf: address parts and GUI names kept",
       any("010-12345678" in l and "010-87654321" in l for l in lines) and
       any("齿轮" in l and "0x1d" in l and "失败" in l for l in lines), lines)
# pdftotext reads the Han-digit gap after a lone 图 as no space
squeeze = [l.replace(" ", "") for l in lines]
for cap in ("图1.1左图", "图1.2右图", "图1一组图"):
    report(f"pdf: formalgroup caption '{cap}'", cap in squeeze, lines)
lof = [l for l in squeeze if re.fullmatch(r"图1(\.\d)?\D+\d", l)]
report("pdf: the list of figures holds the group, not its members",
       lof == ["图1一组图1"], lof)
toc = [l for l in lines if l.startswith("目录")]
report("pdf: one table of contents (the empty <toc/> adds none)",
       len(toc) == 1 and "手写的目录" in lines and "第二节 诗" in lines, lines)
info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
report("pdf: Keywords from the keywordset", re.search(r"Keywords:\s+公式, 诗歌", info), info)

st = stext_lines(pdf)
def line_of(text):
    for pg, y, chars in st:
        if "".join(c[4] for c in chars).strip().startswith(text):
            return chars
got = {t: line_of(t) for t in ("床前明月光", "疑是地上霜", "举头望明月")}
if all(got.values()):
    y = {t: got[t][0][3] for t in got}
    inner = y["疑是地上霜"] - y["床前明月光"]
    between = y["举头望明月"] - y["疑是地上霜"]
    report("pdf: stanzas apart (gap between > gap within)", between > inner * 1.3, (inner, between))
else:
    report("pdf: stanzas apart (gap between > gap within)", False, got)
eq = line_of("a2 + b2 = c2")
cap = line_of("公式 1")
if eq and cap and got["床前明月光"]:
    mid = lambda ch: (ch[0][2] + ch[-1][2]) / 2
    left = got["床前明月光"][0][2]        # verse starts at the margin
    report("pdf: the display formula is centred (under its centred caption, off the margin)",
           abs(mid(eq) - mid(cap)) < 12 and eq[0][2] > left + 60,
           (mid(eq), mid(cap), eq[0][2], left))
else:
    report("pdf: the display formula is centred (under its centred caption, off the margin)",
           False, (eq, cap))

body = epub_body(epub)
report("epub: the equation is a figure with its label",
       re.search(r'<figure[^>]*class="equation"', body) and "公式 1" in body, body[:300])
report("epub: the poem's title", "静夜思" in body)
report("epub: epubcheck", *epubcheck(epub))
done()
