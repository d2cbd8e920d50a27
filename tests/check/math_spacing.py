#!/usr/bin/env python3
"""An inline formula is set apart from the Han text beside it as a Latin
word is (R11; xeCJK does so for $x$): from tests/math/han_spacing.xml,
"设为 x，" and "呈 y=w 的" get the same gap as "用 Docker 运行", and a
formula before a full-width comma gets none. Read from mutool's stext:
the gap is a space character in the text layer, its width measured. In
the EPUB the same formulas carry math.hgl (Han before) and math.hgr (Han
after), quarter-em margins the stylesheet keeps in every engine; the
EPUB passes epubcheck."""
import os, re, subprocess, zipfile

from _check import epubcheck, report, done

BOOKC = os.environ["BOOKC"]; OUT = os.environ["OUT"]
TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SRC = os.path.join(TOP, "tests", "math", "han_spacing.xml")
pdf = os.path.join(OUT, "math_spacing.pdf"); epub = os.path.join(OUT, "math_spacing.epub")
p = subprocess.run([BOOKC, "-q", "-o", pdf, "-o", epub, SRC], capture_output=True, text=True)
if not report("compiles", p.returncode == 0, p.stderr):
    done()

st = subprocess.run(["mutool", "draw", "-F", "stext", "-o", "-", pdf],
                    capture_output=True).stdout.decode()
chars = []      # (x0, x1, y, font, c) of the paragraph's line
for font, body in re.findall(r'<font name="([^"]+)" size="[^"]+">(.*?)</font>', st, re.S):
    for q, y, c in re.findall(r'<char quad="([^"]+)" x="[^"]+" y="([^"]+)"[^>]*c="([^"]*)"', body):
        q = [float(v) for v in q.split()]
        chars.append((q[0], q[2], round(float(y)), font, c))
row = max({y for *_, y, _, _ in chars}, key=lambda y: sum(1 for c in chars if c[2] == y))
line = sorted(c for c in chars if c[2] == row)
text = "".join("M" if "Math" in f else ("&" if c.startswith("&") else c)
               for _, _, _, f, c in line)


def gap_after(i):
    """The width of the space character after position i, 0 if none."""
    if i + 1 < len(line) and line[i + 1][4] == " ":
        return line[i + 1][1] - line[i + 1][0]
    return 0.0


mi = [i for i, (_, _, _, f, _) in enumerate(line) if "Math" in f]
docker = next((i for i, c in enumerate(line) if c[4] == "D"), None)
ref = gap_after(docker - 2) if docker else 0.0
report("the text's own Han-Latin gap is there (用 Docker)", ref > 1.5, text)
if mi:
    first, last = mi[0], mi[-1]
    before = gap_after(first - 2) if first >= 2 else 0.0
    report("a gap between Han and the formula after it (设为 x)",
           abs(before - ref) < 0.3, (before, ref, text))
    # the second formula: y = w, then 的
    after = gap_after(last)
    report("a gap between the formula and the Han after it (w 的)",
           abs(after - ref) < 0.3, (after, ref, text))
    comma = [i for i in mi if i + 1 < len(line) and line[i + 1][4] in ("，", "&#xff0c;")]
    report("no gap between a formula and a full-width comma", bool(comma), text)
else:
    report("the formulas are set in the math font", False, text)

z = zipfile.ZipFile(epub)
body = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xhtml"))
css = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".css"))
classes = [set(re.search(r'class="([^"]*)"', t).group(1).split()) if 'class="' in t
           else set() for t in re.findall(r"<math\b[^>]*>", body)]
report("epub: 设为<math> has a left gap only (a comma follows it)",
       len(classes) == 2 and classes[0] == {"hgl"}, classes)
report("epub: 呈<math>的 has gaps on both sides",
       len(classes) == 2 and classes[1] == {"hgl", "hgr"}, classes)
report("epub: the stylesheet gives math.hgl and math.hgr a quarter em, outside @supports",
       re.search(r"math\.hgl\s*\{\s*margin-left:\s*0\.25em", css) and
       re.search(r"math\.hgr\s*\{\s*margin-right:\s*0\.25em", css) and
       not re.search(r"math\.hg[lr]\s*\{\s*margin-(left|right):\s*0;", css), "")
report("epub: epubcheck 0 fatals / 0 errors / 0 warnings", *epubcheck(epub))
done()
