#!/usr/bin/env python3
"""--root DIR: the directory tree a book may read from. A book in xml/
whose XIncludes, entities and images are in ../shared and ../media (the
layout of the DocBook xslTNG test suite) is refused by default and
compiles under --root; a symlink out of the tree and a --root that does
not hold the book are still refused."""
import os, re, shutil, subprocess, zipfile

from _check import epubcheck, report, done

TOP = os.environ["TOP"]; BOOKC = os.environ["BOOKC"]; OUT = os.environ["OUT"]
tree = os.path.join(OUT, "tree")
for d in ("xml", "shared", "media"):
    os.makedirs(os.path.join(tree, d), exist_ok=True)
shutil.copy(os.path.join(TOP, "tests", "inline", "star.png"), os.path.join(tree, "media", "star.png"))
open(os.path.join(tree, "shared", "part.xml"), "w").write(
    '<para xmlns="http://docbook.org/ns/docbook">Shared paragraph.</para>\n')
open(os.path.join(tree, "shared", "words.ent"), "w").write('<!ENTITY word "entityword">\n')
open(os.path.join(OUT, "secret.xml"), "w").write(
    '<para xmlns="http://docbook.org/ns/docbook">secret</para>\n')
os.symlink(os.path.join(OUT, "secret.xml"), os.path.join(tree, "shared", "link.xml"))
NS = 'xmlns="http://docbook.org/ns/docbook" xmlns:xi="http://www.w3.org/2001/XInclude" version="5.0" xml:lang="en"'
book = os.path.join(tree, "xml", "book.xml")
open(book, "w").write(f'''<?xml version="1.0"?>
<!DOCTYPE article [ <!ENTITY % words SYSTEM "../shared/words.ent"> %words; ]>
<article {NS}><title>Rooted</title>
<para>An &word; here.</para>
<xi:include href="../shared/part.xml"/>
<mediaobject><imageobject><imagedata fileref="../media/star.png"/></imageobject></mediaobject>
</article>
''')
evil = os.path.join(tree, "xml", "evil.xml")
open(evil, "w").write(f'<article {NS}><title>E</title><xi:include href="../shared/link.xml"/></article>\n')

def bookc(*args):
    return subprocess.run([BOOKC, *args], capture_output=True, text=True, cwd=OUT)

pdf, epub = os.path.join(OUT, "b.pdf"), os.path.join(OUT, "b.epub")
p = bookc("-o", pdf, book)
report("without --root, ../ is outside the book: exit 1", p.returncode == 1 and
       "outside the book's directory" in p.stderr, p.stderr)
p = bookc("--root", tree, "-o", pdf, "-o", epub, book)
report("with --root the book compiles with no message", p.returncode == 0 and not p.stderr, p.stderr)
if p.returncode == 0:
    text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout
    report("the XInclude and the entity from ../shared are in the PDF",
           "Shared paragraph." in text and "entityword" in text, text[:300])
    imgs = subprocess.run(["pdfimages", "-list", pdf], capture_output=True, text=True).stdout
    report("the image from ../media is in the PDF", len(imgs.splitlines()) > 2, imgs)
    names = zipfile.ZipFile(epub).namelist()
    report("the image from ../media is in the EPUB", "EPUB/images/star.png" in names, names)
    report("epubcheck", *epubcheck(epub))
p = bookc("--root", tree, "-o", pdf, evil)
report("a symlink out of the root is refused", p.returncode == 1 and
       "outside the book's directory" in p.stderr and "secret" not in p.stderr.split("link.xml")[-1], p.stderr)
p = bookc("--root", os.path.join(tree, "shared"), "-o", pdf, book)
report("a --root that does not hold the book: exit 2", p.returncode == 2 and
       "the book is outside --root" in p.stderr, p.stderr)
p = bookc("--root", os.path.join(tree, "nowhere"), "-o", pdf, book)
report("a missing --root: exit 2", p.returncode == 2 and "--root" in p.stderr, p.stderr)
help = bookc("--help").stdout
report("--help names --root", "--root=DIR" in help, help[:200])
done()
