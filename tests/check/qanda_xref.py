#!/usr/bin/env python3
"""An xref to a question, an answer, a qandaentry, a qandadiv or a
qandaset (tests/model/qanda_xref.xml) prints what DocBook XSL prints: "Q: 1.2"
and "A: 1.2" by the question's number, inside its qandadiv's (the entry's xref reads as its
question's), "Q: X" by its own label, the title of a qandadiv or qandaset,
and, where the question has no number (defaultlabel qanda), its words
quoted; never the id. Both formats; 问：1 in Chinese."""
import os, re, subprocess

from _check import compile_pdf, epub_body, epubcheck, pdf_lines, report, done

BOOKC = os.environ["BOOKC"]; OUT = os.environ["OUT"]
TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SRC = os.path.join(TOP, "tests", "model", "qanda_xref.xml")

pdf = os.path.join(OUT, "qanda_xref.pdf"); epub = os.path.join(OUT, "qanda_xref.epub")
p = subprocess.run([BOOKC, "-q", "-o", pdf, "-o", epub, SRC], capture_output=True, text=True)
report("qanda_xref: compiles", p.returncode == 0, p.stderr)
text = " ".join(pdf_lines(pdf))
want = ("Entry Q: 1.2, question Q: 1.2, answer A: 1.2, div First group, set Numbered, "
        "own Q: X, qanda \u201cIs this a question?\u201d.")
report("pdf: the xrefs read the labels", want in text, text[:300])
body = epub_body(epub)
links = dict(re.findall(r'<a href="#([^"]+)" class="xref">(.*?)</a>', body))
links = {k: re.sub(r"<[^>]+>", "", v) for k, v in links.items()}
for k, v in [("e2", "Q: 1.2"), ("q2", "Q: 1.2"), ("a2", "A: 1.2"), ("d1", "First group"),
             ("s1", "Numbered"), ("q3", "Q: X"), ("q4", "\u201cIs this a question?\u201d")]:
    report(f"epub: xref to {k} reads '{v}'", links.get(k) == v, links.get(k))
report("epub: epubcheck", *epubcheck(epub))

p, zpdf = compile_pdf(BOOKC, OUT, "qanda-xref-zh",
    '<article xmlns="http://docbook.org/ns/docbook" version="5.0" xml:lang="zh-CN">'
    '<title>问答</title><para>见<xref linkend="zq"/>和<xref linkend="za"/>。</para>'
    '<qandaset><qandaentry><question xml:id="zq"><para>为什么？</para></question>'
    '<answer xml:id="za"><para>因为。</para></answer></qandaentry></qandaset></article>')
report("zh: compiles", p.returncode == 0, p.stderr)
report("zh: 问：1 and 答：1 (the Han-digit gap aside)",
       "见问：1和答：1。" in "".join(pdf_lines(zpdf)).replace(" ", ""), pdf_lines(zpdf))
done()
