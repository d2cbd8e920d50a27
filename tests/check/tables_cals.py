#!/usr/bin/env python3
"""CALS and HTML tables that DocBook users write: an HTML table's
<caption> joins the table's one <caption> (never a <div> inside <table>),
and a CALS entrytbl is a cell holding a table in the EPUB (never a <p>
inside <tr>) and its rows' text in the PDF (it was dropped)."""
import os, re, subprocess, zipfile

from _check import epubcheck, report, done

BOOKC = os.environ["BOOKC"]; OUT = os.environ["OUT"]
XML = '''<article xmlns="http://docbook.org/ns/docbook" version="5.0" xml:lang="en">
<title>Tables</title>
<table xml:id="h"><caption><para>Cap text here.</para></caption>
<tr><td>h1</td><td>h2</td></tr></table>
<informaltable frame="all"><tgroup cols="3"><tbody>
<row><entry>a foo</entry><entry>a bar</entry><entry>a baz</entry></row>
<row><entry>b foo</entry><entrytbl cols="2"><tbody>
<row><entry>inner one</entry><entry>inner two</entry></row>
<row><entry>inner three</entry><entry>inner four</entry></row>
</tbody></entrytbl><entry>b baz</entry></row>
</tbody></tgroup></informaltable>
</article>'''
src = os.path.join(OUT, "tables.xml"); pdf = src[:-4] + ".pdf"; epub = src[:-4] + ".epub"
open(src, "w", encoding="utf-8").write(XML)
p = subprocess.run([BOOKC, "-q", "-o", pdf, "-o", epub, src], capture_output=True, text=True)
report("compiles", p.returncode == 0, p.stderr)
z = zipfile.ZipFile(epub)
x = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xhtml"))
report("one caption holding the HTML caption's text",
       len(re.findall(r"<caption", x)) == 1 and
       re.search(r"<caption[^>]*>.*Cap text here.*</caption>", x, re.S), x[:600])
report("no div directly in table", not re.search(r"<table[^>]*>\s*<div", x), x[:600])
report("entrytbl is a td holding a table",
       re.search(r'<td[^>]*class="entrytbl"[^>]*>\s*<table', x), x[:900])
report("no p inside tr", not re.search(r"<tr[^>]*>\s*<p", x), x[:900])
report("epubcheck", *epubcheck(epub))
text = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True,
                      text=True).stdout
for w in ["inner one", "inner four", "b baz", "Cap text here"]:
    report(f"PDF has {w!r}", w in text, text[:400])
report("PDF sets the entrytbl's rows on lines of their own",
       any("inner one" in l and "inner two" in l and "inner three" not in l
           for l in text.splitlines()), text[:400])
done()
