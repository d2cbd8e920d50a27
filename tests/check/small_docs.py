#!/usr/bin/env python3
"""Small documents are small, sets keep their books (issue 21). With the
default style an article starts on page 1 with its title above the text,
a contents block of its top-level sections and no lists of figures or
tables, in the PDF and the EPUB's navigation; a table compiled alone is
one page; a style that names the title page or a list gets it back. A
set's books carry no part number and count their chapters from 1."""
import os, re, subprocess, zipfile

from _check import epubcheck, pdf_lines, report, done

BOOKC = os.environ["BOOKC"]; OUT = os.environ["OUT"]
TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SRC = os.path.join(TOP, "tests", "small")


def build(name, src, *args):
    pdf = os.path.join(OUT, f"small-{name}.pdf")
    epub = os.path.join(OUT, f"small-{name}.epub")
    p = subprocess.run([BOOKC, "-q", *args, "-o", pdf, "-o", epub,
                        os.path.join(SRC, src)], capture_output=True, text=True)
    report(f"{name}: compiles without warnings", p.returncode == 0 and not p.stderr,
           p.stderr)
    return pdf, epub


def pages(pdf):
    out = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
    m = re.search(r"^Pages:\s+(\d+)", out, re.M)
    return int(m.group(1)) if m else -1


def nav(epub):
    z = zipfile.ZipFile(epub)
    return z.read("EPUB/nav.xhtml").decode()


pdf, epub = build("article", "article.xml")
lines = pdf_lines(pdf)
report("article: one page", pages(pdf) == 1, pages(pdf))
report("article: title, author, contents block, then the text, on page 1",
       lines[:6] == ["A Small Article", "Ann Author", "Contents", "First 1",
                     "Second 1", "Opening paragraph of the article."], lines[:8])
report("article: no list of figures or tables in the PDF",
       "List of Tables" not in lines and "List of Figures" not in lines, lines)
n = nav(epub)
report("article: nor in the EPUB's navigation",
       'epub:type="lot"' not in n and 'epub:type="loi"' not in n
       and 'epub:type="toc"' in n, n[:400])
ok, why = epubcheck(epub)
report("article: EPUB passes epubcheck", ok, why)

pdf, _ = build("article-lists", "article.xml", "-s", os.path.join(SRC, "lists.ini"))
lines = pdf_lines(pdf)
report("article with a style naming the title page and tables: title page, "
       "contents pages, list of tables, no list of figures",
       pages(pdf) == 4 and "List of Tables" in lines
       and "List of Figures" not in lines and "Contents" in lines,
       (pages(pdf), lines[:12]))

pdf, _ = build("table", "table.xml")
lines = pdf_lines(pdf)
report("a table alone: one page, its title once (its caption), no contents",
       pages(pdf) == 1 and lines[0] == "Table 1 Lonely table"
       and sum("Lonely table" in l for l in lines) == 1 and "Contents" not in lines,
       (pages(pdf), lines))

# pandoc's book given no title: <title></title>. No blank title page; the
# document is titled with its first chapter's title.
pdf, epub = build("untitled", "untitled.xml")
first = subprocess.run(["pdftotext", "-f", "1", "-l", "1", pdf, "-"],
                       capture_output=True, text=True).stdout.split()
report("untitled book: the first page is the contents, no blank title page",
       first[:1] == ["目录"], first[:5])
info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
report("untitled book: the PDF's Title is the first chapter's",
       re.search(r"^Title:\s+第一章 起步$", info, re.M) is not None, info[:200])
opf = zipfile.ZipFile(epub).read("EPUB/package.opf").decode()
report("untitled book: dc:title is the first chapter's", ">第一章 起步</dc:title>" in opf,
       re.findall(r"<dc:title.*?</dc:title>", opf))

pdf, epub = build("set", "set.xml")
lines = pdf_lines(pdf)
report("set: a book is no part (no 'Part I')",
       not any(l.startswith("Part ") for l in lines) and "First Book" in lines
       and "Second Book" in lines, lines)
report("set: each book counts its chapters from 1, appendices from A",
       lines.count("Chapter 1") == 2 and "Chapter 2" in lines
       and "Chapter 3" not in lines and "Appendix A" in lines, lines)
report("set: a book keeps its title page and contents (pages of their own)",
       "Contents" in lines and pages(pdf) >= 6, pages(pdf))
tree = subprocess.run([BOOKC, "-T", "tree", os.path.join(SRC, "set.xml")],
                      capture_output=True, text=True).stdout
report("set: the model's labels: books none, chapters 1 2 1, appendix A",
       re.findall(r"^  part<book>.*?$", tree, re.M)
       and not re.search(r"^  part<book>[^\n]*label=", tree, re.M)
       and re.findall(r"^    (?:chapter|appendix) @\S+ label=(\S+)", tree, re.M)
       == ["1", "2", "1", "A"], tree[:1500])
ok, why = epubcheck(epub)
report("set: EPUB passes epubcheck", ok, why)
done()
