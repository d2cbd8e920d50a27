#!/usr/bin/env python3
"""A revision history in the body is a table as DocBook XSL sets it: a
"Revision History" heading row, "Revision N | date | author" per revision,
the remark or description across the row below; one in info stays
metadata; an xref to it reads "Revision History" (修订历史 in Chinese).
PDF text and EPUB markup, epubcheck clean."""
import os, re, subprocess

from _check import compile_pdf, epub_body, epubcheck, pdf_lines, report, done

BOOKC = os.environ["BOOKC"]; OUT = os.environ["OUT"]
TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SRC = os.path.join(TOP, "tests", "model", "revhistory.xml")

pdf = os.path.join(OUT, "revhistory.pdf"); epub = os.path.join(OUT, "revhistory.epub")
p = subprocess.run([BOOKC, "-q", "-o", pdf, "-o", epub, SRC], capture_output=True, text=True)
report("revhistory: compiles without warnings", p.returncode == 0 and not p.stderr, p.stderr)
lines = pdf_lines(pdf)
for want in ["See Revision History.", "Revision History", "Revision 1.1 2021-03-04 ndw",
             "Second release.", "Revision 1.0 2020-05-08 Norman Walsh", "First release."]:
    report(f"pdf: a line reads '{want}'", want in lines, lines)
report("pdf: the history in info is not set", not any("In info" in l for l in lines), lines)
body = epub_body(epub)
report("epub: heading cell across three columns",
       re.search(r'<th[^>]*colspan="3"[^>]*>(<[^>]*>)*Revision History', body) is not None,
       re.findall(r"<th.{80}", body))
report("epub: a row per revision", re.search(r"Revision 1\.1(<[^>]*>|\s)*</td>", body) is not None)
report("epub: epubcheck", *epubcheck(epub))

p, zpdf = compile_pdf(BOOKC, OUT, "revhistory-zh",
    '<article xmlns="http://docbook.org/ns/docbook" version="5.0" xml:lang="zh-CN">'
    '<title>修订</title><revhistory><revision><revnumber>2</revnumber><date>2024-01-02</date>'
    '<revremark>改正错字。</revremark></revision></revhistory></article>')
report("zh: compiles", p.returncode == 0, p.stderr)
lines = pdf_lines(zpdf)
report("zh: 修订历史 and 修订 2", "修订历史" in lines and any(l.startswith("修订 2 2024-01-02") for l in lines), lines)
done()
