#!/usr/bin/env python3
"""The xslTNG suite's last elements (issue 21), in both formats, from
tests/model/refs_objects.xml: an extended link's places followed by their
targets as links; a listing's textdata read from its file; a coref
repeating its co's marker; an image's callouts (imageobjectco) with
back-links that land in the EPUB; an entrytbl set as a table in its cell
in the PDF; covers as divisions; a personblurb as a footnote on the name
(dc:creator the name alone); synopsis fragments numbered; an olink kept
as text with a positioned warning; a written index a line an entry.
Nothing is reported unsupported."""
import os, re, subprocess, zipfile

from _check import epub_body, epubcheck, pdf_lines, report, done
from _stext import lines as stext_lines

BOOKC = os.environ["BOOKC"]; OUT = os.environ["OUT"]
TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SRC = os.path.join(TOP, "tests", "model", "refs_objects.xml")

pdf = os.path.join(OUT, "refs_objects.pdf"); epub = os.path.join(OUT, "refs_objects.epub")
p = subprocess.run([BOOKC, "--root", os.path.join(TOP, "tests"), "-o", pdf, "-o", epub, SRC],
                   capture_output=True, text=True)
report("compiles (exit 0)", p.returncode == 0, p.stderr)
report("nothing unsupported", "unsupported" not in p.stderr, p.stderr)
report("the olink warns with its place",
       re.search(r"refs_objects\.xml:33:22: warning: olink to 'start' in document 'guide'", p.stderr),
       p.stderr)
ok, tail = epubcheck(epub) if os.path.exists(epub) else (False, "no EPUB")
report("epubcheck: 0 fatals / 0 errors / 0 warnings", ok, tail)
if not (os.path.exists(pdf) and os.path.exists(epub)):
    done()

lines = pdf_lines(pdf)
text = " ".join(lines)
report("pdf: a place followed by its targets",
       "About XQuery (XQuery spec1, Links) and Acme (XQuery spec, Links); DocBook (DocBook.org2)" in text,
       text[:600])
report("pdf: the listing holds the textdata's file", "int main(void) { return 0; }" in text, text[:800])
report("pdf: the coref repeats its co's marker", "dir again ❶" in lines, lines)
report("pdf: the image's callout keeps its marker", "❶ The corner." in text, text)
report("pdf: fragments numbered after the synopsis",
       "cc [languages (1)] [warnings (2)] (1) [-lang-c] (2) [-Wall]" in text, text)
report("pdf: the olink's text", "Elsewhere: the guide." in text, text)
report("pdf: a written index entry a line", "goo, bar. See foo; baz" in text and
       "moo. See also goo" in text, text)
report("pdf: the personblurb is a footnote on the name",
       "Ada Byron1 1 Wrote the first program." in text, text[:200])
toc = re.search(r"Contents (.*?) ii", text)
report("pdf: the covers are divisions, front first and back last",
       toc and re.fullmatch(r"Cover 1 Chapter 1 Links 2 Index 3 G 3 Cover 4", toc.group(1)),
       toc and toc.group(1))

# The entrytbl: its rows are lines, its columns line up.
st = stext_lines(pdf)
def find(word):
    for pg, y, chars in st:
        s = "".join(c[4] for c in chars)
        i = s.find(word)
        if i >= 0:
            return y, chars[i][2]
one, two, three = find("inner one"), find("inner two"), find("inner three")
four = find("inner four")
left = find("left")
report("pdf: an entrytbl's row is one line beside the outer cells",
       one and two and left and abs(one[0] - two[0]) < 0.5 and abs(one[0] - left[0]) < 0.5 and two[1] > one[1],
       (left, one, two))
report("pdf: its next row below, its columns lined up",
       one and two and three and four and three[0] > one[0] + 5 and
       abs(three[1] - one[1]) < 0.5 and abs(four[1] - two[1]) < 0.5, (one, two, three, four))

body = epub_body(epub)
report("epub: the image's area has its id, the callout links back to it",
       'id="a1"' in body and re.search(r'<a class="co-back" href="[^"]*#a1">❶</a>', body), body[-3000:])
report("epub: the entrytbl is a table in its cell",
       re.search(r'<td[^>]*class="entrytbl"[^>]*><table>', body), "")
z = zipfile.ZipFile(epub)
opf = next(z.read(n).decode() for n in z.namelist() if n.endswith(".opf"))
creators = re.findall(r"<dc:creator[^>]*>([^<]*)<", opf)
report("epub: dc:creator is the name alone", creators == ["Ada Byron"], creators)
done()
