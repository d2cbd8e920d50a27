#!/usr/bin/env python3
"""Annotations (DocBook 5.1; tests/model/annotations.xml) as DocBook xslTNG
shows them: a mark at each element an annotation annotates (annotates= or
the element's annotations=; before it with role="before", after it
otherwise; in a paragraph, a section's title, a table cell, a list) that
leads to its text, set as a footnote in the PDF (the mark linked, one
number for an annotation of two words) and a noteref with an aside
epub:type="footnote" in the EPUB; the title leads the note in bold; one
that annotates nothing is kept where it is written, with a positioned
warning; a contents entry carries no mark. epubcheck clean."""
import os, re, subprocess

from _check import LINKS_JS, compile_pdf, epub_body, epubcheck, pdf_lines, report, done

BOOKC = os.environ["BOOKC"]; OUT = os.environ["OUT"]
TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SRC = os.path.join(TOP, "tests", "model", "annotations.xml")

pdf = os.path.join(OUT, "annotations.pdf"); epub = os.path.join(OUT, "annotations.epub")
p = subprocess.run([BOOKC, "-q", "-o", pdf, "-o", epub, SRC], capture_output=True, text=True)
report("annotations: compiles", p.returncode == 0, p.stderr)
p = subprocess.run([BOOKC, "-T", "tree", SRC], capture_output=True, text=True)
report("annotations: one positioned warning for the one that annotates nothing",
       re.fullmatch(r"bookc: \S*annotations\.xml:18:1: warning: annotation annotates nothing "
                    r"in the book \(annotates='nowhere'\); it is set where it is written\n",
                    p.stderr) is not None, p.stderr)
lines = pdf_lines(pdf)
for want in ["A 1first word and a 1second one.", "A paragraph that names its note.2",
             "Section3", "Item two.5", "1 Both words, marked before.",
             "2 Named. The note of the paragraph.", "3 On the section.", "4 On a cell.",
             "5 On a list.", "Annotation", "Annotates nothing."]:
    report(f"pdf: a line reads '{want}'", want in lines, lines)
report("pdf: the cell keeps its word whole beside the mark",
       any(re.match(r"R1C14\b", l) for l in lines), lines)
report("pdf: each note set once", sum(l.startswith("1 Both") for l in lines) == 1, lines)
js = os.path.join(OUT, "annotations-links.js"); open(js, "w").write(LINKS_JS)
links = subprocess.run(["mutool", "run", js, pdf], capture_output=True, text=True).stdout.split("\n")
report("pdf: the marks link to their notes", len([l for l in links if "#page=1" in l]) >= 5, links)

body = epub_body(epub)
report("epub: two noterefs to the note of two words",
       len(re.findall(r'<a epub:type="noteref"[^>]*href="#bookc-annotation-1"', body)) == 2,
       re.findall(r"<p>A .{0,300}", body))
report("epub: the mark before the word (role=before)",
       re.search(r'</sup><span id="w1">first</span>', body) is not None)
report("epub: the section's heading carries its mark",
       re.search(r'<h1>Section<sup class="noteref"><a epub:type="noteref"[^>]*href="#n2"', body)
       is not None, re.findall(r"<h1>.{0,120}", body))
report("epub: the note an aside epub:type=footnote, its title in bold",
       re.search(r'<aside id="n1" epub:type="footnote"[^>]*>\s*<p><a class="footnote-back" '
                 r'href="#fnref-n1">2</a> <strong>Named\. </strong>The note of the paragraph\.</p>',
                 body) is not None)
report("epub: the lost one kept as a block",
       re.search(r'<aside id="lost" role="note" class="admonition annotation">', body) is not None)
report("epub: epubcheck", *epubcheck(epub))

p, bpdf = compile_pdf(BOOKC, OUT, "annotations-book",
    '<book xmlns="http://docbook.org/ns/docbook" version="5.1" xml:lang="en"><title>B</title>'
    '<chapter annotations="n"><title>Chap</title><para>Text.</para></chapter>'
    '<annotation xml:id="n"><para>On the chapter.</para></annotation></book>')
lines = pdf_lines(bpdf)
report("book: compiles", p.returncode == 0, p.stderr)
report("book: the chapter's title carries the mark, its contents entry none",
       "Chap1" in lines and any(re.fullmatch(r"Chapter 1 Chap 1", l) for l in lines) and
       "1 On the chapter." in lines, lines)
# on an image and before a table: the mark beside the image (never inside
# its imagedata), and in the table's first cell
src = os.path.join(OUT, "annotations-parts.xml")
open(src, "w").write(
    '<article xmlns="http://docbook.org/ns/docbook" version="5.1" xml:lang="en"><title>F</title>'
    '<informalfigure><mediaobject><imageobject><imagedata fileref="none.png" xml:id="im"/>'
    '</imageobject></mediaobject></informalfigure>'
    '<informaltable xml:id="t1"><tgroup cols="1"><colspec colname="a"/><tbody><row><entry>x</entry>'
    '</row></tbody></tgroup></informaltable>'
    '<annotation annotates="im"><para>On the image.</para></annotation>'
    '<annotation annotates="t1" role="before"><para>Before the table.</para></annotation></article>')
p = subprocess.run([BOOKC, "-q", "-T", "tree", src], capture_output=True, text=True)
report("parts: the image's mark stands beside it, the table's in its first cell",
       re.search(r"\n      imagedata[^\n]*\n    para[^\n]*implicit\n      footnote<annotation>", p.stdout)
       is not None and re.search(r"entry[^\n]*\n\s+para[^\n]*\n\s+footnote<annotation>[^\n]*role=\"before\"",
                                 p.stdout) is not None, p.stdout)
done()
