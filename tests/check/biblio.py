#!/usr/bin/env python3
"""Bibliographies as DocBook XSL sets them: a biblioentry's parts closed by
generated punctuation ("Donald E. Knuth. The TeXbook. Addison-Wesley,
1986."), authors joined ("A, B, and C"), abstracts and blurbs left out; a
bibliomixed as written; labels [abbrev], [xreflabel] or [id]; citation,
citebiblioid, xref and biblioref reading "[label]" and linking to the
entry, in the PDF and the EPUB (epubcheck clean). A Chinese book's
generated words are Chinese (版权所有) and its authors joined by commas."""
import os, re, subprocess

from _check import compile_pdf, epub_body, epubcheck, pdf_lines, report, done, LINKS_JS

BOOKC = os.environ["BOOKC"]; OUT = os.environ["OUT"]
TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SRC = os.path.join(TOP, "tests", "model", "biblio.xml")

pdf = os.path.join(OUT, "biblio.pdf"); epub = os.path.join(OUT, "biblio.epub")
p = subprocess.run([BOOKC, "-q", "-o", pdf, "-o", epub, SRC], capture_output=True, text=True)
report("biblio: compiles without warnings", p.returncode == 0 and not p.stderr, p.stderr)
lines = pdf_lines(pdf)
text = " ".join(lines)
for want in ["As [Knuth86] shows, and [lamport] too; see [walsh], [Knuth86]",
             "[ISO 8879] and [Nowhere].",
             "[Knuth86] Donald E. Knuth. The TeXbook. Addison-Wesley, 1986. https://doi.org/10.5555/",
             "[lamport] Leslie Lamport, A. Second, and Third Org. LaTeX: A Document Preparation",
             "System. 2nd ed. Copyright © 1993, 1994 Addison-Wesley. 1–272.",
             "[walsh] Norman Walsh. “Introduction to Cascading Style Sheets”. The World Wide Web",
             "ISO 8879. SGML. 1986.", "Further Reading"]:
    report(f"pdf: a line reads '{want}'", any(want in l for l in lines), lines)
report("pdf: abstract and blurb left out", "Not printed" not in text, text)
# The citations are links to the entries' page (the bibliography's, 2).
js = os.path.join(OUT, "biblio-links.js")
open(js, "w").write(LINKS_JS)
links = subprocess.run(["mutool", "run", js, pdf], capture_output=True, text=True).stdout
internal = [l.split()[-1].split("&")[0] for l in links.splitlines() if l.startswith("3 ")]
report("pdf: the chapter's citations and xrefs link to the bibliography's page",
       internal.count("#page=4") == 4 and internal.count("#page=3") == 1, links)
body = epub_body(epub)
report("epub: citation linked to the entry",
       re.search(r'\[<a href="[^"]*#knuth">Knuth86</a>\]', body) is not None,
       re.findall(r".{30}Knuth86.{30}", body))
report("epub: citebiblioid linked to the entry with that biblioid",
       re.search(r'\[<a href="[^"]*#(bookc-bib-\d+)">ISO 8879</a>\]', body) is not None,
       re.findall(r".{40}ISO 8879.{30}", body))
report("epub: xref reads [walsh]", re.search(r'<a href="#walsh" class="xref">\[walsh\]</a>', body)
       is not None, re.findall(r".{40}walsh.{30}", body))
report("epub: entry keeps its id", '<p id="knuth" class="biblioentry">[Knuth86] ' in body,
       re.findall(r"<p id=\"knuth.{60}", body))
report("epub: title in italics", "<em>The TeXbook</em>." in body)
# An entry's lines hang under its label (2 em), as DocBook XSL's print
# output sets them: the PDF's lines after the first start 2 em in; the
# EPUB's stylesheet gives p.biblioentry the hanging indent.
import zipfile
from _stext import lines as stext_lines
ls = stext_lines(pdf)
first = [l for l in ls if "".join(c[4] for c in l[2]).startswith("[lamport]")]
nxt = [l for l in ls if first and l[0] == first[0][0] and l[1] > first[0][1]][:1]
report("pdf: an entry's second line hangs 2 em under its label",
       first and nxt and abs((nxt[0][2][0][2] - first[0][2][0][2]) - 2 * first[0][2][0][1]) < 0.5,
       (first[:1] and first[0][2][0], nxt[:1] and nxt[0][2][0]))
css = zipfile.ZipFile(epub).read("EPUB/css/book.css").decode()
report("epub: p.biblioentry hangs 2 em",
       re.search(r"p\.biblioentry \{\s*padding-left: 2em;\s*text-indent: -2em;", css) is not None)
report("epub: epubcheck", *epubcheck(epub))

p, zpdf = compile_pdf(BOOKC, OUT, "biblio-zh",
    '<article xmlns="http://docbook.org/ns/docbook" version="5.0" xml:lang="zh-CN">'
    '<title>文献</title><para>见<citation>王</citation>。</para>'
    '<bibliography><biblioentry><abbrev>王</abbrev><authorgroup>'
    '<author><personname><surname>王</surname><firstname>夫之</firstname></personname></author>'
    '<author><personname><surname>李</surname><firstname>四</firstname></personname></author>'
    '</authorgroup><title>宋论</title><publisher><publishername>中华书局</publishername>'
    '</publisher><pubdate>1964</pubdate><copyright><year>1964</year></copyright>'
    '</biblioentry></bibliography></article>')
report("zh: compiles", p.returncode == 0, p.stderr)
lines = pdf_lines(zpdf)
report("zh: 参考文献 titled", "参考文献" in lines, lines)
report("zh: entry in Chinese order and words",
       any(l.startswith("[王] 王夫之, 李四. 宋论. 中华书局, 1964. 版权所有 © 1964.") for l in lines), lines)
report("zh: citation", any("见[王]。" in l for l in lines), lines)
done()
