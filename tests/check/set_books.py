#!/usr/bin/env python3
"""A set of two books (tests/model/set.xml): each book keeps its own title
page (title, subtitle and authors from its info, no page number), its
chapters numbered from 1 again, and the setindex is the index of the whole
set: titled Index (not an empty Preface), each entry with its page numbers
in the PDF and, in the EPUB, links that name their book (each book has a
Chapter 1); an index in a book lists that book's entries alone, as DocBook
XSL scopes it (it took all of them, leaving the setindex empty).
epubcheck clean."""
import os, re, subprocess

from _check import epub_body, epubcheck, pdf_lines, report, done

BOOKC = os.environ["BOOKC"]; OUT = os.environ["OUT"]
TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SRC = os.path.join(TOP, "tests", "model", "set.xml")

pdf = os.path.join(OUT, "set.pdf"); epub = os.path.join(OUT, "set.epub")
p = subprocess.run([BOOKC, "-q", "-o", pdf, "-o", epub, SRC], capture_output=True, text=True)
report("set: compiles", p.returncode == 0, p.stderr)

def page(n):
    t = subprocess.run(["pdftotext", "-layout", "-f", str(n), "-l", str(n), pdf, "-"],
                       capture_output=True, text=True).stdout
    return [re.sub(r"\s+", " ", l.strip()) for l in t.splitlines() if l.strip()]

npages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", pdf],
             capture_output=True, text=True).stdout).group(1))
pages = [page(i) for i in range(1, npages + 1)]
first = next((p for p in pages if p and p[0] == "First Book"), None)
second = next((p for p in pages if p and p[0] == "Second Book"), None)
report("pdf: the first book's title page has its subtitle and author",
       first == ["First Book", "A Beginning", "Ada Lovelace"], first)
report("pdf: the second book's title page has its subtitle and author",
       second == ["Second Book", "A Sequel", "Alan Turing"], second)
lines = pdf_lines(pdf)
report("pdf: chapters numbered again in the second book",
       lines.count("Chapter 1") == 2, [l for l in lines if l.startswith("Chapter")])
report("pdf: no Preface", not any("Preface" in l for l in lines), lines)
ixs = [p for p in pages if p and p[0] == "Index"]
report("pdf: the first book's index and the setindex are index pages", len(ixs) == 2,
       [p[:2] for p in pages])
bix, ix = (ixs + [None, None])[:2]
report("pdf: the book's index lists its own entries alone",
       bix is not None and "alpha, 2" in bix and "shared, 2" in bix and
       not any(l.startswith("gamma") for l in bix), bix)
report("pdf: the setindex lists both books' entries with their pages",
       ix is not None and "alpha, 2" in ix and "gamma, 6" in ix and "shared, 2, 6" in ix, ix)
report("pdf: the contents list both indexes", "Index 4" in lines and "Index 8" in lines,
       lines[:20])

body = epub_body(epub)
report("epub: the setindex is an index section",
       re.search(r'<section[^>]*epub:type="index"[^>]*role="doc-index"[^>]*class="setindex">\s*'
                 r'<h1>(<span[^>]*/>)*Index</h1>', body)
       is not None, re.findall(r"<section[^>]*setindex[^>]*>.{0,40}", body, re.S))
report("epub: the book's index has its book's entries alone",
       re.search(r'class="index">\s*<h1>(<span[^>]*/>)*Index</h1>((?!</section>).)*gamma', body, re.S)
       is None and body.count("gamma, <a") == 1, body.count("gamma, <a"))
report("epub: index links name their book",
       re.search(r'gamma, <a href="[^"]+#[^"]+">Second Book, Chapter 1</a>', body) is not None and
       re.search(r'alpha, <a href="[^"]+#[^"]+">First Book, Chapter 1</a>', body) is not None,
       re.findall(r"(?:alpha|gamma), .{0,80}", body))
report("epub: each book's part page has subtitle and author",
       re.search(r"<h1>(<span[^>]*/>)*Second Book</h1>\s*<p class=\"subtitle\">A Sequel</p>\s*"
                 r"<p class=\"author\">Alan Turing</p>", body) is not None)
report("epub: epubcheck", *epubcheck(epub))
done()
