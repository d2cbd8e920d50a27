#!/usr/bin/env python3
"""DocBook 5.2 parts of synopses and procedures (issue 21), in both
formats, from tests/model/docbook52.xml: a packagesynopsis writes
"package name;" above its class; a classsynopsisinfo of several lines keeps
them; a member's synopsisinfo is a line above it (when it comes first) or
below it; a C++ template is a "template <T, U>" line above its class, a
specialization "template <>" with the arguments after the class's name; a
procedure's result follows its steps; an info's itermset indexes the
element its zone names, or the book's first page; an SVG written inside an
imagedata is drawn in the PDF and is an image file of the EPUB. No element
is reported
unsupported; the EPUB passes epubcheck."""
import os, re, subprocess, zipfile
import xml.etree.ElementTree as ET

from _check import epubcheck, pdf_lines, report, done

BOOKC = os.environ["BOOKC"]; OUT = os.environ["OUT"]
TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SRC = os.path.join(TOP, "tests", "model", "docbook52.xml")
XH = "{http://www.w3.org/1999/xhtml}"

pdf = os.path.join(OUT, "docbook52.pdf"); epub = os.path.join(OUT, "docbook52.epub")
p = subprocess.run([BOOKC, "-o", pdf, "-o", epub, SRC], capture_output=True, text=True)
if not report("compiles with no message", p.returncode == 0 and not p.stderr, p.stderr):
    done()

WANT = [  # runs of lines, in this order
    ["package org.example.store;", "public class Shelf {", "// first line",
     "// second line", "// above the field", "int size;", "void clear();",
     "// below the method", "}"],
    ["template <T, U>", "class Box {", "}", "template <>", "class Box<int> {", "}"],
    ["1. Open the box.", "2. Close the box.", "RESULT: the box is closed.",
     "AFTER the procedure."],
]


def runs_in(lines, name):
    for run in WANT:
        at = [i for i, l in enumerate(lines) if l == run[0]]
        ok = any(lines[i:i + len(run)] == run for i in at)
        report(f"{name}: lines in order: {run[0]} ... {run[-1]}", ok,
               lines[at[0]:at[0] + len(run)] if at else lines)


lines = pdf_lines(pdf)
runs_in(lines, "pdf")
pages = {m.group(1): m.group(2) for l in lines
         for m in [re.fullmatch(r"Chapter \d (\w+) (\d+)", l)] if m}
report("pdf: the itermset's zoned term indexes the chapter its zone names",
       "Procedures" in pages and f"Zoned term, {pages['Procedures']}" in lines,
       (pages, [l for l in lines if "term," in l]))
report("pdf: the itermset's other term indexes the book's first page",
       "Synopses" in pages and f"Book term, {pages['Synopses']}" in lines,
       (pages, [l for l in lines if "term," in l]))

# The inline SVG's red rectangle, drawn on chapter 2's page.
npages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(
    ["pdfinfo", pdf], capture_output=True, text=True).stdout).group(1))
page = next((str(i) for i in range(1, npages + 1) if "AFTER the procedure" in
             subprocess.run(["pdftotext", "-f", str(i), "-l", str(i), pdf, "-"],
                            capture_output=True, text=True).stdout), "1")
ppm = subprocess.run(["pdftoppm", "-r", "30", "-f", page, "-l", page, pdf],
                     capture_output=True).stdout
head = ppm.split(b"\n", 3)
px = head[3] if len(head) == 4 else b""
reds = sum(1 for i in range(0, len(px) - 2, 3)
           if px[i] > 220 and px[i + 1] < 40 and px[i + 2] < 40)
report("pdf: the SVG inside the imagedata is drawn (red pixels on its page)",
       reds > 200, reds)

z = zipfile.ZipFile(epub)
svgs = [n for n in z.namelist() if re.search(r"images/inline-[0-9a-f]+\.svg$", n)]
report("epub: the inline SVG is an image file with its rectangle",
       len(svgs) == 1 and b"#ff0000" in z.read(svgs[0]).replace(b"rgb(100%,0%,0%)", b"#ff0000"),
       svgs)
report("epub: a chapter's img shows it",
       any(svgs and os.path.basename(svgs[0]).encode() in z.read(n)
           for n in z.namelist() if n.endswith(".xhtml")), svgs)
text = []
for n in sorted(z.namelist()):
    if re.search(r"/ch\d+\.xhtml$", n):
        root = ET.fromstring(z.read(n))
        for el in root.iter():
            if el.tag in (XH + "pre", XH + "p"):
                text += [re.sub(r"\s+", " ", l.strip())
                         for l in "".join(el.itertext()).split("\n") if l.strip()]
text = [t for t in text if not t.startswith(("A package", "Templates", "Filler"))]
# the EPUB's list items have no written numbers
text = [{"Open the box.": "1. Open the box.", "Close the box.": "2. Close the box."}.get(t, t)
        for t in text]
runs_in(text, "epub")
report("epub: epubcheck 0 fatals / 0 errors / 0 warnings", *epubcheck(epub))
done()
