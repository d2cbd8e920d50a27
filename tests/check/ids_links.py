#!/usr/bin/env python3
"""Ids and links in books as pandoc writes them (tests/ids): ids that are
not XML names ("chap:intro", "11-快速上手"), an id defined twice, links to
other source files. Each book is compiled to PDF and EPUB in one run and
must exit 0; the EPUB passes epubcheck, its ids are unique per file and
every link in it reaches an existing id; every PDF link to a named
destination reaches one that is defined, and no name is defined twice;
links to a duplicated id go to its first element; a link to a chapter's
source file goes to that chapter, one to a file outside the book is text;
ids as pandoc --file-scope writes them ("guide__usage.md__options") and
links to a file's path alone; an id that ends in a space.
Environment: BOOKC, OUT, TOP."""
import json, os, re, subprocess, zipfile
import xml.etree.ElementTree as ET
from urllib.parse import unquote

from _check import epubcheck, report, done

BOOKC = os.environ.get("BOOKC", "out/bookc")
OUT = os.environ.get("OUT", "/tmp")
TOP = os.environ.get("TOP", os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.abspath(__file__)))))
XH = "{http://www.w3.org/1999/xhtml}"
BOOKS = ["labels", "gfm", "dup", "files/book", "scope"]


def build(name):
    stem = os.path.join(OUT, "ids-" + name.replace("/", "-"))
    wrap = os.environ.get("BOOKC_WRAP", "").split()
    p = subprocess.run(wrap + [BOOKC, "-o", stem + ".pdf", "-o",
                               stem + ".epub", f"tests/ids/{name}.xml"],
                       cwd=TOP, env=dict(os.environ, BOOKC_DATADIR=TOP),
                       capture_output=True, text=True, timeout=300)
    return p, stem


# ---- EPUB --------------------------------------------------------------

def epub_docs(path):
    """{file name in the zip: parsed XHTML} for every XHTML file."""
    z = zipfile.ZipFile(path)
    return {n: ET.fromstring(z.read(n)) for n in z.namelist()
            if n.endswith(".xhtml")}


def epub_links(docs):
    """(file, href, text, target file, fragment) for each internal <a>."""
    out = []
    for f, root in docs.items():
        for a in root.iter(XH + "a"):
            h = a.get("href")
            if h is None or re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:", h):
                continue
            path, _, frag = h.partition("#")
            target = os.path.normpath(os.path.join(os.path.dirname(f),
                                                   unquote(path))) if path else f
            out.append((f, h, "".join(a.itertext()), target, unquote(frag)))
    return out


def epub_ids(root):
    return [e.get("id") for e in root.iter() if e.get("id") is not None]


def check_epub(name, path):
    report(f"{name}: epubcheck 0 fatals / 0 errors / 0 warnings",
           *epubcheck(path))
    docs = epub_docs(path)
    dups = []
    for f, root in docs.items():
        ids = epub_ids(root)
        dups += [f"{f}#{i}" for i in set(ids) if ids.count(i) > 1]
    report(f"{name}: EPUB ids unique in each file", not dups, dups[:5])
    links = epub_links(docs)
    bad = [l[1] for l in links if l[3] not in docs or
           (l[4] and l[4] not in epub_ids(docs[l[3]]))]
    report(f"{name}: {len(links)} EPUB links reach an id", links and not bad,
           bad[:5])
    return docs, links


def element_by_id(docs, file, frag):
    for e in docs[file].iter():
        if e.get("id") == frag:
            return e
    return None


def heading_of(e):
    """The text of the first heading in (or of) the element."""
    for h in e.iter():
        if h.tag in [XH + f"h{i}" for i in range(1, 7)]:
            return "".join(h.itertext()).strip()
    return None


# ---- PDF ---------------------------------------------------------------

def pdf_dests(path):
    """(the named destinations, as {name: (page object, y)}, the list of
    names in the order the name tree lists them, the /Dest of each link
    annotation with its page object)."""
    p = subprocess.run(["qpdf", "--json=2", path], capture_output=True,
                       text=True)
    j = json.loads(p.stdout)["qpdf"][1]
    objs = {k.split(":", 1)[1]: v.get("value")
            for k, v in j.items() if k.startswith("obj:")}

    def get(v):
        return objs.get(v) if isinstance(v, str) and v.endswith(" R") else v

    def text(v):
        return v[2:] if v.startswith("u:") else bytes.fromhex(v[2:]).decode(
            "latin-1")
    trailer = j.get("trailer", {}).get("value", {})
    root = get(trailer.get("/Root"))
    names, order = {}, []
    stack = [get(get(root.get("/Names", {})).get("/Dests"))] if root else []
    while stack:
        node = get(stack.pop(0))
        if not node:
            continue
        stack.extend(node.get("/Kids", []))
        arr = node.get("/Names", [])
        for k in range(0, len(arr), 2):
            d = get(arr[k + 1])
            if isinstance(d, dict):
                d = d.get("/D")
            order.append(text(arr[k]))
            names[text(arr[k])] = (d[0], d[3] if len(d) > 3 else None)
    links = []
    for k, v in objs.items():
        if isinstance(v, dict) and v.get("/Subtype") == "/Link" and \
                isinstance(v.get("/Dest"), str):
            links.append(text(v["/Dest"]))
    return names, order, links


def check_pdf(name, path):
    names, order, links = pdf_dests(path)
    report(f"{name}: PDF destination names defined once",
           order and len(order) == len(set(order)), order)
    bad = [d for d in links if d not in names]
    report(f"{name}: {len(links)} PDF links reach a named destination",
           links and not bad, bad[:5])
    odd = [n for n in order if not re.fullmatch(r"[!-~]+", n)]
    report(f"{name}: PDF destination names are printable ASCII", not odd,
           odd[:5])
    return names, links


def main():
    os.makedirs(OUT, exist_ok=True)
    got = {}
    for b in BOOKS:
        p, stem = build(b)
        if not report(f"{b}: compiles to PDF and EPUB, exit 0",
                      p.returncode == 0, p.stderr):
            continue
        docs, elinks = check_epub(b, stem + ".epub")
        names, plinks = check_pdf(b, stem + ".pdf")
        got[b] = (p.stderr, docs, elinks, names, plinks)

    if "labels" in got:
        err, docs, elinks, names, plinks = got["labels"]
        report("labels: one warning counts the ids that are not XML names",
               err.count("are not XML names") == 1 and
               "3 ids are not XML names (first: 'chap:intro')" in err, err)
        report("labels: the PDF keeps 'chap:intro' as its destination name",
               "chap:intro" in names and "chap:intro" in plinks, plinks)
        heads = sorted(heading_of(element_by_id(docs, t, f)) or ""
                       for _, _, _, t, f in elinks
                       if "nav" not in t and element_by_id(docs, t, f)
                       is not None)
        report("labels: EPUB links reach the headings they name",
               {"Introduction", "Contents"} <= set(heads), heads)

    if "gfm" in got:
        err, docs, elinks, names, plinks = got["gfm"]
        want = "11-%E5%BF%AB%E9%80%9F%E4%B8%8A%E6%89%8B"
        report("gfm: the PDF names '11-快速上手' percent-encoded, links too",
               want in names and plinks.count(want) >= 2, plinks)
        texts = [t for _, _, t, _, _ in elinks]
        report("gfm: EPUB links to both ids present",
               "快速上手" in texts and "警告" in texts, texts)

    if "dup" in got:
        err, docs, elinks, names, plinks = got["dup"]
        report("dup: warning names both places and the new name",
               "duplicate id 'sec:start' (first defined at tests/ids/dup.xml"
               ":10:3); this one is renamed 'sec:start-2'" in err, err)
        report("dup: both sections are PDF destinations, apart",
               "sec:start" in names and "sec:start-2" in names and
               names["sec:start"] != names["sec:start-2"], names)
        # The contents link each section twice (title, page number);
        # the three links in the text add to the first's count only.
        report("dup: every PDF link in the text goes to the first",
               plinks.count("sec:start") - plinks.count("sec:start-2") == 3,
               plinks)
        heads = [heading_of(element_by_id(docs, t, f))
                 for _, _, txt, t, f in elinks if txt in ("here", "this link")]
        report("dup: EPUB links go to the first section ('Start')",
               len(heads) == 2 and set(heads) == {"Start"}, heads)

    if "files/book" in got:
        err, docs, elinks, names, plinks = got["files/book"]
        report("files: one warning for the link outside the book",
               "1 link to files outside the book set as text (first: "
               "'notes.md')" in err and err.count("outside the book") == 1,
               err)
        by_text = {txt: (t, f) for _, _, txt, t, f in elinks}
        second = by_text.get("the second chapter")
        report("files: 'ch2.md' links to chapter two in the EPUB",
               second is not None and heading_of(element_by_id(
                   docs, *second) or ET.Element("x")) == "2 Two"
               or (second and "Two" in (heading_of(element_by_id(
                   docs, *second)) or "")), by_text)
        anchor = by_text.get("its anchor")
        report("files: 'ch2.md#sec-anchor' links to the section",
               anchor is not None and "Anchor" in (heading_of(
                   element_by_id(docs, *anchor)) or ""), by_text)
        report("files: 'ch1.md' links back to chapter one",
               "chapter one" in by_text, by_text)
        report("files: the link outside the book is text, no <a>",
               "notes kept elsewhere" not in by_text, by_text)
        report("files: PDF links go to both chapters' destinations",
               "sec-anchor" in plinks and "one" in plinks and "two" in
               plinks, plinks)
    if "scope" in got:
        err, docs, elinks, names, plinks = got["scope"]
        report("scope: no warning (links to files and the id with a space "
               "resolve)", err == "", err)
        by_text = {txt: heading_of(element_by_id(docs, t, f)) or ""
                   for _, _, txt, t, f in elinks
                   if element_by_id(docs, t, f) is not None}
        report("scope: a link to 'guide__usage.md' goes to its first "
               "element (Usage), one to 'intro.md' to Introduction",
               "Usage" in by_text.get("the usage chapter", "") and
               "Introduction" in by_text.get("the introduction", ""), by_text)
        report("scope: 'intro.md__trailing' reaches the id written with a "
               "trailing space", "Trailing" in by_text.get(
                   "the last section", ""), by_text)
        report("scope: PDF links to the files' first elements",
               plinks.count("guide__usage.md__usage") >= 1 and
               "intro.md__introduction" in plinks and
               "intro.md__trailing" in names, plinks)
    done()


main()
