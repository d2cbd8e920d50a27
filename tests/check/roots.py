#!/usr/bin/env python3
"""Any DocBook element may be the root: a table, a refentry, an admonition
or a topic alone is set as a document of one part, in both formats, titled
from its own title or else the file's name (never an empty dc:title or
PDF /Title), and the EPUB passes epubcheck."""
import os, re, subprocess, zipfile

from _check import epubcheck, report, done

BOOKC = os.environ["BOOKC"]; OUT = os.environ["OUT"]
TOP = os.environ.get("TOP", os.getcwd())
books = {
    "root_table": "Units of measure",
    "root_informaltable": "root_informaltable",
    "root_refentry": "ls",
    "root_caution": "Hot surface",
    "root_topic": "A topic",
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
    report(f"{name}: epubcheck", *epubcheck(epub))
done()
