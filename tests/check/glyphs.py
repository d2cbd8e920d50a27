#!/usr/bin/env python3
"""A character no installed font has (a hieroglyph) is a positioned warning
in the PDF too, where Pango draws a box with its code point; once a run,
however many outputs meet it; an error under --strict, with no output."""
import html, os, re, subprocess

from _check import report, done

BOOKC = os.environ["BOOKC"]; OUT = os.environ["OUT"]
SRC = "tests/epub/glyph.xml"
WARN = r"glyph\.xml:8:\d+: warning: no glyph for U\+13000 '\U00013000'"


def run(*args):
    return subprocess.run([BOOKC, *args, SRC], capture_output=True, text=True)


pdf = os.path.join(OUT, "glyph.pdf"); epub = os.path.join(OUT, "glyph-both.epub")
p = run("-o", pdf)
report("PDF alone: a positioned warning for U+13000",
       p.returncode == 0 and re.search(WARN, p.stderr), p.stderr)
report("PDF alone: no warning for Š, which another font has",
       "U+0160" not in p.stderr, p.stderr)
if p.returncode == 0:
    st = subprocess.run(["mutool", "draw", "-F", "stext", "-o", "-", pdf],
                        capture_output=True, text=True).stdout
    chars = html.unescape("".join(re.findall(r'<char [^>]*c="([^"]*)"', st)))
    report("PDF: the box shows the code point (013000) and Š is drawn",
           "013000" in chars and "Š" in chars, chars[:200])
p = run("-o", pdf, "-o", epub)
report("PDF and EPUB: the warning once",
       p.returncode == 0 and len(re.findall(WARN, p.stderr)) == 1, p.stderr)
strict = os.path.join(OUT, "glyph-strict.pdf")
p = run("--strict", "-o", strict)
report("--strict: an error, exit 1, no PDF",
       p.returncode == 1 and "error: no glyph for U+13000" in p.stderr and
       not os.path.exists(strict), p.stderr)
done()
