#!/usr/bin/env python3
"""DocBook 4 parts that DocBook XSL 1.x's test documents use, from
tests/model/docbook4_parts.xml, in both formats: an author's firstname
and surname read "Norman Walsh" (not "NormanWalsh") on the title page, in
dc:creator and the PDF's Author, which leave the email out; an
inlinegraphic is an image in the line; a file's text put in a listing
with format="linespecific" (inlinegraphic, or an inline mediaobject's
imagedata) is the listing's text; an untitled written <toc> is titled
Contents; a sidebar's heading is its title alone (never "Note: Aside")
and an untitled sidebar has none; ackno is a paragraph; the only message
is the olink's. The EPUB passes epubcheck."""
import os, re, subprocess, zipfile

from _check import epubcheck, pdf_lines, report, done

BOOKC = os.environ["BOOKC"]; OUT = os.environ["OUT"]
TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SRC = os.path.join(TOP, "tests", "model", "docbook4_parts.xml")
pdf = os.path.join(OUT, "docbook4_parts.pdf"); epub = os.path.join(OUT, "docbook4_parts.epub")
p = subprocess.run([BOOKC, "-o", pdf, "-o", epub, SRC], capture_output=True, text=True)
msgs = [l for l in p.stderr.splitlines() if l.strip()]
report("compiles, with the olink's warning alone",
       p.returncode == 0 and len(msgs) == 1 and "olink to 'intro' in document 'other.xml'" in msgs[0],
       p.stderr)

lines = pdf_lines(pdf)
report("pdf: the author reads Norman Walsh", any(l.startswith("Norman Walsh") for l in lines)
       and not any("NormanWalsh" in l for l in lines), lines[:4])
info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
report("pdf: Author is the name alone", re.search(r"^Author:\s+Norman Walsh$", info, re.M), info)
report("pdf: the listings hold the file's text, twice",
       sum(1 for l in lines if l == "int main(void)") == 2, lines)
imgs = subprocess.run(["pdfimages", "-list", pdf], capture_output=True, text=True).stdout
report("pdf: the inlinegraphic is drawn", len(imgs.splitlines()) >= 3, imgs)
report("pdf: the written toc is titled Contents, listed in the contents",
       lines.count("Contents") >= 2 and any(re.fullmatch(r"Contents \d+", l) for l in lines), lines[:12])
report("pdf: a sidebar's heading is its title alone",
       "Aside" in lines and not any("Note" in l for l in lines), lines)
report("pdf: ackno is a paragraph", "Thanks to all." in lines, lines)

z = zipfile.ZipFile(epub)
opf = z.read("EPUB/package.opf").decode()
report("epub: dc:creator is Norman Walsh",
       re.search(r"<dc:creator[^>]*>Norman Walsh</dc:creator>", opf), opf[:600])
body = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xhtml"))
report("epub: the listings hold the file's text",
       body.count("int main(void)") == 2, "")
report("epub: the inlinegraphic is an img", re.search(r'<img [^>]*src="images/logo', body), "")
report("epub: no 'Note' heading on the sidebars", "Note" not in body, "")
report("epub: epubcheck 0 fatals / 0 errors / 0 warnings", *epubcheck(epub))
done()
