#!/usr/bin/env python3
"""sbr, an explicit line break (tests/model/sbr.xml): in the PDF a forced
line break in a paragraph, a chapter title, a table cell and a command
synopsis (DocBook XSL breaks a cmdsynopsis there), a space in the contents
and in an xref's text; in the EPUB a <br/> in each, a space in the nav.
Nothing around it is lost. epubcheck clean."""
import os, re, subprocess

from _check import epub_body, epubcheck, pdf_lines, report, done

BOOKC = os.environ["BOOKC"]; OUT = os.environ["OUT"]
TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SRC = os.path.join(TOP, "tests", "model", "sbr.xml")

pdf = os.path.join(OUT, "sbr.pdf"); epub = os.path.join(OUT, "sbr.epub")
p = subprocess.run([BOOKC, "-q", "-o", pdf, "-o", epub, SRC], capture_output=True, text=True)
report("sbr: compiles", p.returncode == 0, p.stderr)
lines = pdf_lines(pdf)
for l in ["One line of the paragraph", "frob [-a] [-b]", "{file}", "A title", "in two lines"]:
    report(f"pdf: '{l}' is a line of its own", l in lines, lines)
report("pdf: the paragraph goes on after the break",
       any(l.startswith("and the next line.") for l in lines), lines)
report("pdf: the cell breaks", any(re.match(r"Cell top\b", l) for l in lines) and
       any(l.startswith("cell bottom") for l in lines), lines)
report("pdf: the contents entry is one line",
       any(re.match(r"Chapter 1 A title in two lines 1$", l) for l in lines), lines[:8])
report("pdf: an xref reads the title with a space",
       "See Chapter 1, A title in two lines." in " ".join(lines), lines)

body = epub_body(epub)
report("epub: <br/> in the paragraph", "One line of the paragraph<br/>and the next line." in body)
report("epub: <br/> in the heading", re.search(r"A title<br/>in two lines</h1>", body) is not None,
       re.findall(r"<h1>.{0,120}", body))
report("epub: <br/> in the cell", "Cell top<br/>cell bottom" in body)
report("epub: <br/> in the synopsis", re.search(r"\[-b\]</span><br/><span>\{file\}", body) is not None,
       re.findall(r"frob.{0,200}", body))
report("epub: the nav reads a space", ">Chapter 1 A title in two lines</a>" in body,
       re.findall(r"<a [^>]*>Chapter 1[^<]*</a>", body))
report("epub: epubcheck", *epubcheck(epub))
done()
