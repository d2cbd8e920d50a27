#!/usr/bin/env python3
"""Questions and answers, danger, and unknown containers of blocks, as a
reader sees them: labels by the qandaset's defaultlabel (Q:/A: in English,
问：/答： in Chinese, numbers by default, none), a danger admonition with its
title, and an unknown element that keeps its children's paragraphs and
lists instead of running them into one line. PDF text and EPUB markup,
epubcheck clean."""
import os, re, subprocess

from _check import compile_pdf, epub_body, epubcheck, pdf_lines, report, done

BOOKC = os.environ["BOOKC"]; OUT = os.environ["OUT"]
TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SRC = os.path.join(TOP, "tests", "model", "qanda.xml")

pdf = os.path.join(OUT, "qanda.pdf"); epub = os.path.join(OUT, "qanda.epub")
p = subprocess.run([BOOKC, "-q", "-o", pdf, "-o", epub, SRC], capture_output=True, text=True)
report("qanda: compiles", p.returncode == 0, p.stderr)
lines = pdf_lines(pdf)
for want in ["Q: Is this a question?", "A: Yes, it is.", "1.1. First numbered question?",
             "X Own label?", "1.3. Third?", "Unlabelled question?",
             "Q? Action?", "A! Reaction.", "Danger",
             "First block kept.", "Second block kept."]:
    report(f"pdf: a line reads '{want}'", want in lines, lines)
report("pdf: list items stay apart", "testing a list" in lines and
       "testing a list again" in lines, lines)
report("pdf: the unknown container is not run together",
       not any("kept.Second" in l or "kept. Second" in l for l in lines), lines)
body = epub_body(epub)
report("epub: the Q label in bold", re.search(r"<strong>(<span[^>]*/>)*Q: </strong>Is this", body) is not None,
       re.findall(r".{40}Is this.{20}", body))
report("epub: list inside the answer", re.search(r"Yes, it is\.</p>\s*<ul", body) is not None,
       re.findall(r"Yes, it is.{40}", body))
report("epub: danger titled", "Danger" in body)
report("epub: epubcheck", *epubcheck(epub))

p, zpdf = compile_pdf(BOOKC, OUT, "qanda-zh",
    '<article xmlns="http://docbook.org/ns/docbook" version="5.0" xml:lang="zh-CN">'
    '<title>问答</title><qandaset defaultlabel="qanda"><qandaentry><question><para>为什么？'
    '</para></question><answer><para>因为。</para></answer></qandaentry></qandaset>'
    '<danger><para>危险的事。</para></danger></article>')
report("zh: compiles", p.returncode == 0, p.stderr)
lines = pdf_lines(zpdf)
report("zh: 问：/答： labels", "问：为什么？" in lines and "答：因为。" in lines, lines)
report("zh: danger is 危险", "危险" in lines, lines)
done()
