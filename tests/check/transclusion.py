#!/usr/bin/env python3
"""DocBook Transclusion (issue 21): a fragment XIncluded several times
keeps its ids apart by trans:idfixup (suffix, auto) given on the
xi:include or an element, and its links point where trans:linkscope says
(global: the first; local: the same suffix; near: the nearest copy). No
duplicate-id warning, one warning for an unknown value, EPUB links that
reach their copies, epubcheck clean."""
import os, re, subprocess, zipfile

from _check import epubcheck, report, done

BOOKC = os.environ["BOOKC"]; OUT = os.environ["OUT"]
TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SRC = os.path.join(TOP, "tests", "trans", "book.xml")

p = subprocess.run([BOOKC, "-T", "tree", SRC], capture_output=True, text=True)
tree = p.stdout
ids = re.findall(r' id="([^"]+)"', tree)
report("tree: ids made unique by suffix and auto, as written elsewhere",
       ids == ["s1", "tip-a", "tip-body-a", "tip-b", "tip-body-b", "s2---1",
               "tip---1", "tip-body---1", "s3"], ids)
refs = re.findall(r"^\s*(?:xref|link) @(\S+) ->(\S+)", tree, re.M)
report("tree: global goes to the first copy, local to its own, near to the "
       "nearest", refs == [("9:14", "tip-a"), ("3:50", "tip-a"),
                           ("3:50", "tip-b"), ("15:16", "tip---1"),
                           ("3:50", "tip---1"), ("19:15", "tip-a")], refs)
report("one warning, for the unknown idfixup value, positioned; no duplicate id",
       p.stderr.count("warning") == 1 and
       "book.xml:18:1: warning: 'sometimes' is no trans:idfixup value" in p.stderr
       and "duplicate" not in p.stderr, p.stderr)
epub = os.path.join(OUT, "transclusion.epub")
q = subprocess.run([BOOKC, "-q", "-o", epub, "-o", os.path.join(OUT, "transclusion.pdf"),
                    SRC], capture_output=True, text=True)
report("compiles to both formats", q.returncode == 0, q.stderr)
ok, why = epubcheck(epub)
report("EPUB passes epubcheck", ok, why)
z = zipfile.ZipFile(epub)
body = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xhtml"))
report("EPUB: the local link in the second copy goes to the second copy",
       re.search(r'id="tip-b".*?href="[^"]*#tip-b"', body, re.S) is not None,
       re.findall(r'href="[^"]*#tip[^"]*"', body))
done()
