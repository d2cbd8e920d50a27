#!/usr/bin/env python3
"""Listings made of cross-references keep their lines in the EPUB: the
Subversion book's reference chapters list each command's options as a
screen of xrefs, one a line ("--auto-props", "--depth ARG", ...); each
must start a line of its own (span.line), never run on after another
("--auto-props""--depth ARG"). Also a small book with the same shape, so
the check runs without the corpus. Skipped (the corpus part) when
../shared/corpus is absent."""
import os, re, subprocess, zipfile

from _check import epubcheck, report, done

BOOKC = os.environ["BOOKC"]; OUT = os.environ["OUT"]
TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CORPUS = os.environ.get("CORPUS", os.path.join(os.path.dirname(TOP), "shared", "corpus"))
SVN = os.path.join(CORPUS, "svnbook18-zh", "book.xml")


def xref_lines(epub):
    """(listings holding an xref, xrefs in listings, lines where an xref
    does not start the line or shares it with another, examples)"""
    z = zipfile.ZipFile(epub)
    pres = xrefs = bad = 0
    ex = []
    for n in z.namelist():
        if not n.endswith(".xhtml"):
            continue
        for pre in re.findall(r"<pre[^>]*>.*?</pre>", z.read(n).decode(), re.S):
            if 'class="xref"' not in pre:
                continue
            pres += 1
            for line in pre.split('<span class="line">')[1:]:
                k = line.count('class="xref"')
                xrefs += k
                before = re.sub(r"<[^>]+>", "", line.split("<a ", 1)[0])
                if k > 1 or (k and before.strip()):
                    bad += 1
                    if len(ex) < 3:
                        ex.append(re.sub(r"<[^>]+>", "", line)[:120])
    return pres, xrefs, bad, ex


small = os.path.join(OUT, "xref-listing.xml")
open(small, "w", encoding="utf-8").write(
    '<article xmlns="http://docbook.org/ns/docbook" version="5.0" xml:lang="en">'
    "<title>Options</title><section><title>Options</title>"
    '<informalexample><screen>\n<xref linkend="a"/>\n<xref linkend="b"/>\n<xref linkend="c"/>\n'
    "</screen></informalexample><variablelist>"
    '<varlistentry xml:id="a"><term><option>--auto-props</option></term><listitem><para>A.</para></listitem></varlistentry>'
    '<varlistentry xml:id="b"><term><option>--depth</option> <replaceable>ARG</replaceable></term>'
    "<listitem><para>B.</para></listitem></varlistentry>"
    '<varlistentry xml:id="c"><term><option>--force</option></term><listitem><para>C.</para></listitem></varlistentry>'
    "</variablelist></section></article>\n")
epub = os.path.join(OUT, "xref-listing.epub")
p = subprocess.run([BOOKC, "-q", "-o", epub, small], capture_output=True, text=True)
report("small: compiles without messages", p.returncode == 0 and not p.stderr, p.stderr)
pres, xrefs, bad, ex = xref_lines(epub)
report("small: three xrefs on three lines", (pres, xrefs, bad) == (1, 3, 0), (pres, xrefs, bad, ex))
report("small: epubcheck", *epubcheck(epub))

if not os.path.exists(SVN):
    print(f"# skipped the Subversion book: {SVN} is absent")
    done()
epub = os.path.join(OUT, "svnbook.epub")
p = subprocess.run([BOOKC, "-q", "--lang", "zh-CN", "-o", epub, SVN], capture_output=True,
                   text=True, timeout=600)
report("svnbook: compiles", p.returncode == 0, p.stderr[-400:])
pres, xrefs, bad, ex = xref_lines(epub)
report(f"svnbook: each of the {xrefs} xrefs in {pres} listings starts its own line",
       pres >= 60 and bad == 0, f"{bad} lines run on: {ex}")
report("svnbook: epubcheck", *epubcheck(epub))
done()
