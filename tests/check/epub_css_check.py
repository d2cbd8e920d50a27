#!/usr/bin/env python3
"""The EPUB's stylesheet passes Calibre's Check Book (issue 22, point 9):
no selector given twice, no selector after a more specific one naming the
same element. The one CSS message left is text-spacing-trim, which
Calibre's property list lacks although it stands inside the @supports
that asks for it. Without Calibre: no top-level selector twice. Calibre's
part is skipped when calibre-debug is not installed."""
import os, re, shutil, subprocess, zipfile

from _check import report, done

BOOKC = os.environ["BOOKC"]; OUT = os.environ["OUT"]
TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CHECK = """import sys
from calibre.ebooks.oeb.polish.container import get_container
from calibre.ebooks.oeb.polish.check.main import run_checks
c = get_container(sys.argv[-1], tweak_mode=True)
for e in run_checks(c):
    if type(e).__name__ == 'CSSError':
        print('CSSERROR', e.name, getattr(e, 'line', None), e.msg)
"""

books = [("guide", os.path.join(TOP, "book", "guide.xml")),
         ("features", os.path.join(TOP, "tests", "epub", "features.xml")),
         ("table_code", os.path.join(TOP, "tests", "epub", "table_code.xml"))]
epubs = []
for tag, src in books:
    epub = os.path.join(OUT, f"css-{tag}.epub")
    p = subprocess.run([BOOKC, "-q", "-o", epub, src], cwd=TOP, capture_output=True, text=True)
    if not report(f"{tag}: compiles", p.returncode == 0, p.stderr[-300:]):
        continue
    epubs.append((tag, epub))
    css = zipfile.ZipFile(epub).read("EPUB/css/book.css").decode()
    top = re.sub(r"@(supports|media)[^{]*\{(?:[^{}]*\{[^}]*\})*\s*\}", "", css)
    sels = [s.strip() for s in re.findall(r"(?:^|\})\s*([^{}@]+?)\s*\{", top)]
    dup = sorted({s for s in sels if sels.count(s) > 1})
    report(f"{tag}: no selector given twice", not dup, dup)

if not shutil.which("calibre-debug"):
    print("# skipped Calibre's Check Book: no calibre-debug")
    done()
script = os.path.join(OUT, "calibre_check.py")
open(script, "w").write(CHECK)
env = dict(os.environ, QTWEBENGINE_CHROMIUM_FLAGS="--no-sandbox", QT_QPA_PLATFORM="offscreen")
for tag, epub in epubs:
    r = subprocess.run(["calibre-debug", script, epub], capture_output=True, text=True,
                       env=env, timeout=600)
    errs = [l for l in r.stdout.splitlines() if l.startswith("CSSERROR")]
    left = [l for l in errs if '"text-spacing-trim"' not in l]
    report(f"{tag}: Calibre's Check Book finds no CSS errors (text-spacing-trim aside)",
           r.returncode == 0 and not left, left[:5] or r.stderr[-300:])
done()
