#!/usr/bin/env python3
"""The book source (book/): faithful to the guide's text, and clean.

Checks that every Han character of ../shared/guide/guide.txt is in the
book, in order; chapters 0-8 keep their numbers as labels; every URL of the
text is a link; the web-page artifact "Contents [hide]" is gone; English is
tagged; and `bookc -T lint` has nothing to say about the book.
"""
import os, re, subprocess, sys
import xml.etree.ElementTree as ET

TOP = os.environ.get("TOP", os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
BOOKC = os.environ.get("BOOKC", os.path.join(TOP, "out/bookc"))
GUIDE = os.path.join(TOP, "..", "shared", "guide", "guide.txt")
DB = "{http://docbook.org/ns/docbook}"
XI = "{http://www.w3.org/2001/XInclude}"
XL = "{http://www.w3.org/1999/xlink}"
XML = "{http://www.w3.org/XML/1998/namespace}"

from _check import report, done
result = report

def load(path):
    """Parse path and splice its XIncludes in, as bookc does."""
    tree = ET.parse(path)
    root = tree.getroot()
    def expand(el, base):
        for i, child in enumerate(list(el)):
            if child.tag == XI + "include":
                inc = load(os.path.join(os.path.dirname(base), child.get("href")))
                el.remove(child)
                el.insert(i, inc)
            else:
                expand(child, base)
    expand(root, path)
    return root

book = load(os.path.join(TOP, "book", "guide.xml"))
text = "".join(book.itertext())
han = lambda s: re.findall(r"[\u3400-\u4dbf\u4e00-\u9fff]", s)

if os.path.exists(GUIDE):
    guide = open(GUIDE, encoding="utf-8").read()
    want, have = han(guide), han(text)
    # In order: the guide's Han characters are a subsequence of the book's.
    it = iter(have)
    missing = [c for c in want if c not in it]
    result("every Han character of the guide, in order", not missing,
           f"{len(missing)} missing, first: {''.join(missing[:20])}")
    urls = set(re.findall(r"https?://[^\s)）]+", guide))
    hrefs = {e.get(XL + "href") for e in book.iter(DB + "link")}
    result("every URL of the guide is a link", urls <= hrefs,
           f"not links: {sorted(urls - hrefs)}")
else:
    print("# skipped the comparison with ../shared/guide/guide.txt (not here)")

chapters = book.findall(DB + "chapter")
labels = [c.get("label") for c in chapters]
result("chapters 0 to 8 keep their numbers", labels == [str(i) for i in range(9)],
       f"labels {labels}")
result("no web-page artifact", "Contents" not in text and "[hide]" not in text)
result("book title", book.find(DB + "info/" + DB + "title").text.strip() == "OpenStack 学习指南")
result("language zh-CN", book.get(XML + "lang") == "zh-CN")
en = [p for p in book.iter(DB + "para") if p.get(XML + "lang") == "en"]
result("English overview tagged en", any("global collaboration" in "".join(p.itertext()) for p in en))
ascii_punct = re.findall(r"[\u4e00-\u9fff][,:;()?!]|[,:;()?!][\u4e00-\u9fff]", text)
result("no ASCII punctuation next to Han", not ascii_punct, f"{ascii_punct[:10]}")

p = subprocess.run([BOOKC, "-T", "lint", os.path.join(TOP, "book", "guide.xml")],
                   capture_output=True, text=True, cwd=TOP)
result("bookc -T lint is clean on the book", p.returncode == 0 and p.stderr == "",
       f"exit {p.returncode}: {p.stderr[:500]}")
done()
