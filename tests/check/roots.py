#!/usr/bin/env python3
"""Any DocBook element may be the root: a table, a refentry, an admonition,
a topic, a chapter, a section or a bibliography alone is set as a document
of one page here, in both formats, titled from its own title or else the
file's name (never an empty dc:title or PDF /Title), the title printed once
(no blank title page, no contents page for one chapter), and the EPUB
passes epubcheck."""
import os, re, subprocess, zipfile

from _check import epubcheck, report, done

BOOKC = os.environ["BOOKC"]; OUT = os.environ["OUT"]
TOP = os.environ.get("TOP", os.getcwd())
books = {
    "root_table": "Units of measure",
    "root_informaltable": "root_informaltable",
    "root_refentry": "ls(1)",
    "root_caution": "Hot surface",
    "root_topic": "A topic",
    "root_chapter": "Installing alone",
    "root_section": "Configuring alone",
    "root_bibliography": "Reading list",
}
for name, want in books.items():
    src = os.path.join(TOP, "tests", "model", name + ".xml")
    pdf, epub = os.path.join(OUT, name + ".pdf"), os.path.join(OUT, name + ".epub")
    p = subprocess.run([BOOKC, "-o", pdf, "-o", epub, src], capture_output=True, text=True)
    report(f"{name}: compiles with no message", p.returncode == 0 and not p.stderr, p.stderr)
    if p.returncode:
        continue
    opf = zipfile.ZipFile(epub).read("EPUB/package.opf").decode()
    m = re.search(r"<dc:title[^>]*>(.*?)</dc:title>", opf)
    report(f"{name}: dc:title is '{want}'", m and m.group(1) == want, m and m.group(1))
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
    m = re.search(r"^Title:\s*(.*)$", info, re.M)
    report(f"{name}: PDF title is '{want}'", m and m.group(1) == want, info[:200])
    text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout
    report(f"{name}: the PDF holds the document's text", want.split()[-1] in text, text[:200])
    pages = re.search(r"^Pages:\s*(\d+)", info, re.M)
    report(f"{name}: one page", pages and pages.group(1) == "1", info[:300])
    lines = [l.strip() for l in text.splitlines()]
    report(f"{name}: the title is printed once", sum(l == want or l.endswith(" " + want) for l in lines) == 1, text[:300])
    if name == "root_refentry":
        report("refentry: its names are a list", "ls, dir — list directory contents" in text, text)
        report("refentry: an xref to its refnamediv prints the first name", "see ls." in text, text)
        x = zipfile.ZipFile(epub).read("EPUB/tx-01.xhtml").decode()
        report("refentry: the EPUB's heading holds the volume",
               re.search(r"<h1>(<span [^>]*/>)?ls<span>\(1\)</span></h1>", x) and "<p class=\"noindent\"><span>(1)" not in x, x[:800])
    if name == "root_chapter":
        report("chapter: labelled Chapter 1 on page one", "Chapter 1" in text and "Contents" not in text, text)
    report(f"{name}: epubcheck", *epubcheck(epub))
done()
