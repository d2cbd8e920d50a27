#!/usr/bin/env python3
"""Element families DocBook XSL sets without help from bookc's model, as a
reader sees them: an annotation is a note marked at what it annotates
(annotates=, or a paragraph's annotations=), its title leading it in bold
(tests/check/annotations.py tests them further); a simplelist of type inline reads "a, b, c" (a、b、c), one
of columns is a table filled across (horiz) or down (vert); a msgset's
messages, explanations and "Level: ..." lines; a task with its titled
parts; a productionset as a table of numbered productions whose
nonterminals and constraints link. PDF text, EPUB markup, epubcheck."""
import os, re, subprocess

from _check import compile_pdf, epub_body, epubcheck, pdf_lines, report, done

BOOKC = os.environ["BOOKC"]; OUT = os.environ["OUT"]
TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SRC = os.path.join(TOP, "tests", "model", "more.xml")

pdf = os.path.join(OUT, "families.pdf"); epub = os.path.join(OUT, "families.epub")
p = subprocess.run([BOOKC, "-q", "-o", pdf, "-o", epub, SRC], capture_output=True, text=True)
report("families: compiles without warnings", p.returncode == 0 and not p.stderr, p.stderr)
lines = pdf_lines(pdf)
for want in ["Buy eggs1: eggs, milk, butter.", "A B", "1 3",
             "Level: error. Origin: kernel.", "Audience: admin.", "No space left.",
             "Before", "See also", "1. Unpack.", "[1] Sum ::= Num '+' Num",
             "[2] Num ::= [0-9]+", "See Num and Small Numbers.",
             "One per line", "and no bullet"]:
    report(f"pdf: a line reads '{want}'", want in lines, lines)
report("pdf: the annotation is a note marked at the word it annotates",
       "1 Free-range." in lines, lines)
report("pdf: annotations= marks the paragraph, the note led by its title",
       "Annotated from here.2" in lines and "2 Second. Placed after its paragraph." in lines,
       lines)
report("pdf: a recap repeats production 1", lines.count("[1] Sum ::= Num '+' Num") == 2, lines)
body = re.sub(r">\s+<", "><", epub_body(epub))
report("epub: annotation as a footnote aside", re.search(
    r'<aside id="fn-1" epub:type="footnote"[^>]*><p><a class="footnote-back" href="#fnref-fn-1">1</a> Free-range\.</p></aside>',
    body) is not None, re.findall(r"<aside.{120}", body))
report("epub: vertical simplelist filled down the columns", re.search(
    r'<tr><td><p class="noindent">1</p></td><td><p class="noindent">3</p></td></tr>', body) is not None)
report("epub: a simplelist of one column is a line each, not a list",
       '<div class="simplelist"><p class="noindent">One per line</p><p class="noindent">and no bullet</p></div>'
       in body, re.findall(r".{60}One per line.{60}", body))
report("epub: nonterminal links to its production", '<a href="#p.num">Num</a>' in body)
report("epub: the production's id on its left-hand side", '<td id="p.sum">' in body)
report("epub: constraint linked", '[<a href="#c.small" class="xref">Small Numbers</a>]' in body)
report("epub: epubcheck", *epubcheck(epub))

p, zpdf = compile_pdf(BOOKC, OUT, "families-zh",
    '<article xmlns="http://docbook.org/ns/docbook" version="5.1" xml:lang="zh-CN">'
    '<title>族</title><para xml:id="a">买<simplelist type="inline"><member>蛋</member>'
    '<member>奶</member></simplelist>。</para><annotation annotates="a"><para>注意新鲜。</para>'
    '</annotation><msgset><simplemsgentry msglevel="错误"><msgtext><para>满了。</para></msgtext>'
    '</simplemsgentry></msgset></article>')
report("zh: compiles", p.returncode == 0, p.stderr)
lines = pdf_lines(zpdf)
report("zh: 买蛋、奶。 and its mark", "买蛋、奶。1" in lines, lines)
report("zh: the annotation a note", "1 注意新鲜。" in lines, lines)
report("zh: 级别：错误。", "级别：错误。" in lines, lines)
done()
