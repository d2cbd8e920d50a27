#!/usr/bin/env python3
"""Chapter files over 300 KB are split at section boundaries (issue #22).
A generated book (a chapter of twelve sections, the last one itself over
300 KB with four subsections; xrefs across the pieces, footnotes, index
terms, a variable list) is compiled to PDF and EPUB in one run, so the
EPUB has a page list; some 2,500 index entries make the index too long
for one file. Checked on the EPUB: epubcheck 0/0/0; no XHTML file but
the navigation over 300 KB; the pieces follow the chapter in the spine
in book order and every section is there once; every link of the content,
the navigation document (contents, page list, landmarks) and the NCX
reaches an id in the file it names; an xref to a section in a piece names
that piece; footnote numbers go on through the pieces and the notes and
their back-links stay in their file;
the index's pieces link each place once and begin with a main entry;
index entries and page-list entries reach into the pieces; a section keeps
its heading level in its piece; an xref to a varlistentry goes to its
<dt>, not to the whole <dl>.
Environment: BOOKC, OUT, TOP."""
import os, re, subprocess, zipfile
import xml.etree.ElementTree as ET
from urllib.parse import unquote

from _check import epubcheck, report, done

BOOKC = os.environ.get("BOOKC", "out/bookc")
OUT = os.environ.get("OUT", "/tmp")
TOP = os.environ.get("TOP", os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.abspath(__file__)))))
XH = "{http://www.w3.org/1999/xhtml}"
OPF = "{http://www.idpf.org/2007/opf}"
NCX = "{http://www.daisy.org/z3986/2005/ncx/}"
LIMIT = 300 * 1024

# About 700 bytes of running text.
FILL = ("这一段文字用来把章节撑大，检查拆分后的链接。The split must keep every "
        "link, footnote and index entry pointing into the right file. ") * 4


def section(sid, title, paras, tag="sect1", inner=""):
    body = []
    for k in range(paras):
        extra = ""
        if k == 0:
            extra = (f'<footnote><para>脚注 {sid}。</para></footnote>'
                     f'<indexterm><primary>词条 {sid}</primary></indexterm>')
        if k == 1:
            extra = '见 <xref linkend="v-beta"/>，及 <xref linkend="c1"/>。'
        # Two index entries a paragraph, one a subentry: an index of
        # some 2,500 entries, too long for one file.
        extra += (f'<indexterm><primary>条目 {sid} 之 {k}</primary></indexterm>'
                  f'<indexterm><primary>主条 {sid}</primary>'
                  f'<secondary>第 {k} 段</secondary></indexterm>')
        body.append(f"<para>{FILL}{extra}</para>")
    return (f'<{tag} id="{sid}"><title>{title}</title>'
            f'<para>标记 MARK-{sid}</para>{"".join(body)}{inner}</{tag}>')


def book():
    secs = [section(f"s2-{i}", f"第二章第 {i} 节", 60) for i in range(1, 12)]
    subs = "".join(section(f"s2-12-{k}", f"小节 {k}", 140, "sect2")
                   for k in range(1, 5))
    secs.append(section("s2-12", "很大的一节", 2, "sect1", subs))
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<book xmlns="http://docbook.org/ns/docbook" version="5.0" xml:lang="zh-CN">
<title>拆分测试</title>
<chapter xml:id="c1"><title>短章</title>
<para>见 <xref linkend="s2-9"/>、<xref linkend="s2-12-4"/> 与
<xref linkend="v-alpha"/>。<footnote><para>第一章的脚注。</para></footnote>
<indexterm><primary>短章</primary></indexterm></para>
<variablelist>
<varlistentry xml:id="v-alpha"><term>alpha</term><listitem><para>第一项。</para></listitem></varlistentry>
<varlistentry xml:id="v-beta"><term>beta</term><listitem><para>第二项。</para></listitem></varlistentry>
</variablelist>
</chapter>
<chapter xml:id="c2"><title>长章</title>
<para>长章的引言，见 <xref linkend="s2-12-4"/>。</para>
{"".join(secs)}
</chapter>
<index/>
</book>
"""


def ids_of(root):
    return {e.get("id") for e in root.iter() if e.get("id") is not None}


def main():
    src = os.path.join(OUT, "split.xml")
    epub = os.path.join(OUT, "split.epub")
    pdf = os.path.join(OUT, "split.pdf")
    open(src, "w", encoding="utf-8").write(book())
    wrap = os.environ.get("BOOKC_WRAP", "").split()
    p = subprocess.run(wrap + [BOOKC, "-o", pdf, "-o", epub, src], cwd=TOP,
                       env=dict(os.environ, BOOKC_DATADIR=TOP),
                       capture_output=True, text=True, timeout=600)
    if not report("split: the book compiles with no message",
                  p.returncode == 0 and p.stderr == "", p.stderr[-400:]):
        done()
    report("split: epubcheck 0 fatals / 0 errors / 0 warnings",
           *epubcheck(epub))
    z = zipfile.ZipFile(epub)
    docs = {n: ET.fromstring(z.read(n)) for n in z.namelist()
            if n.endswith(".xhtml")}
    sizes = {n: z.getinfo(n).file_size for n in docs}
    big = {n: s for n, s in sizes.items()
           if s > LIMIT and not n.endswith("nav.xhtml")}
    report("split: no XHTML file over 300 KB but the navigation", not big,
           big)
    pieces = sorted(n for n in docs if re.search(r"/ch02-\d+\.xhtml$", n))
    report("split: the long chapter is in several files", len(pieces) >= 3,
           sorted(sizes.items()))

    # Spine order is book order, and every section is there once.
    pkg = ET.fromstring(z.read("EPUB/package.opf"))
    href = {i.get("id"): "EPUB/" + i.get("href") for i in pkg.iter(OPF + "item")}
    spine = [href[r.get("idref")] for r in pkg.iter(OPF + "itemref")]
    report("split: every piece is in the spine", all(p in spine for p in pieces),
           spine)
    marks = []
    for f in spine:
        if f in docs:
            marks += re.findall(r"MARK-(s[\d-]+)", "".join(docs[f].itertext()))
    want = [f"s2-{i}" for i in range(1, 12)] + ["s2-12"] + \
        [f"s2-12-{k}" for k in range(1, 5)]
    report("split: the sections are in the spine in book order, once each",
           marks == want, marks)

    # Every link reaches an id in the file it names.
    fileids = {f: ids_of(r) for f, r in docs.items()}
    links = []          # (file, href, element)
    for f, root in docs.items():
        for a in root.iter(XH + "a"):
            h = a.get("href")
            if h and not re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:", h):
                links.append((f, h, a))
    ncx = ET.fromstring(z.read("EPUB/toc.ncx"))
    for c in ncx.iter(NCX + "content"):
        links.append(("EPUB/toc.ncx", c.get("src"), c))

    def resolve(f, h):
        path, _, frag = h.partition("#")
        t = os.path.normpath(os.path.join(os.path.dirname(f),
                                          unquote(path))) if path else f
        return t, unquote(frag)
    bad = []
    for f, h, _ in links:
        t, frag = resolve(f, h)
        if t not in docs or (frag and frag not in fileids[t]):
            bad.append(f"{f} -> {h}")
    report(f"split: all {len(links)} links (content, nav, NCX) reach an id",
           len(links) > 100 and not bad, bad[:5])

    def file_of(i):
        return [f for f in docs if i in fileids[f]]
    ch1 = file_of("c1")[0]
    xr = {}             # fragment -> file, for the links of chapter 1
    for f, h, a in links:
        if f == ch1:
            t, frag = resolve(f, h)
            xr[frag] = t
    report("split: an xref to a section in a piece names that piece",
           xr.get("s2-9") in file_of("s2-9") and
           xr.get("s2-12-4") in file_of("s2-12-4") and
           file_of("s2-9") != file_of("c2") and
           file_of("s2-12-4") != file_of("s2-12"), (xr, file_of("s2-9")))

    # Footnotes: numbered in their file, noteref and back-link in one file.
    nr = [(f, h) for f, h, a in links if a.get("{http://www.idpf.org/2007/ops}type") == "noteref"]
    back = [(f, h) for f, h, a in links if a.get("class") == "footnote-back"]
    pieces_nr = [f for f, h in nr if f in pieces]
    report("split: footnote references in the pieces stay in their file",
           len(pieces_nr) >= len(pieces) and all(h.startswith("#") for f, h in nr),
           nr[:5])
    report("split: footnote back-links stay in their file",
           len(back) >= len(nr) and all(h.startswith("#") for f, h in back),
           back[:5])
    # Numbers go on through the chapter's pieces, as in the PDF.
    ch2 = [f for f in spine if f == file_of("c2")[0] or f in pieces]
    nums = [int("".join(a.itertext())) for f in ch2
            for a in docs[f].iter(XH + "a")
            if a.get("{http://www.idpf.org/2007/ops}type") == "noteref"]
    report("split: footnote numbers go on from piece to piece (1 to N)",
           len(nums) >= 15 and nums == list(range(1, len(nums) + 1)),
           nums[:40])

    # The index, itself split: every place linked once, no piece
    # beginning with a subentry; its links reach into the pieces.
    idx = [f for f in spine if f in docs and any(
        e.get("class") == "index" for e in docs[f].iter(XH + "div"))]
    report("split: the index is in several files", len(idx) >= 2,
           [(f, sizes[f]) for f in idx])
    into = [resolve(f, h) for f, h, _ in links if f in idx]
    anchors = [(f, i) for f in docs for i in fileids[f]
               if i.startswith("bookc-idx-")]
    report(f"split: each of the {len(anchors)} index places is linked once",
           len(anchors) > 2000 and sorted(into) == sorted(anchors),
           (len(into), len(anchors)))
    firsts = [next(docs[f].iter(XH + "li")).get("class") for f in idx]
    report("split: no piece of the index begins with a subentry",
           all(c == "index-1" for c in firsts), firsts)
    report("split: index entries reach every piece",
           idx and all(p in {t for t, _ in into} for p in pieces),
           sorted({t for t, _ in into}))
    nav = docs["EPUB/nav.xhtml"]
    pl = [n for n in nav.iter(XH + "nav")
          if n.get("{http://www.idpf.org/2007/ops}type") == "page-list"]
    pages = {resolve("EPUB/nav.xhtml", a.get("href"))[0]
             for a in pl[0].iter(XH + "a")} if pl else set()
    report("split: page-list entries reach the pieces",
           sum(p in pages for p in pieces) >= len(pieces) - 1, sorted(pages))

    # Heading levels as in the chapter's own file.
    def level(i):
        for f in file_of(i):
            for e in docs[f].iter():
                if e.get("id") == i:
                    for h in e.iter():
                        if re.fullmatch(XH + r"h\d", h.tag):
                            return int(h.tag[-1])
        return None
    report("split: a section in a piece keeps its heading level",
           (level("s2-1"), level("s2-9"), level("s2-12"), level("s2-12-4")) ==
           (2, 2, 2, 3), (level("s2-1"), level("s2-9"), level("s2-12-4")))

    # An xref to a varlistentry goes to its term.
    t, frag = None, None
    for f, h, a in links:
        if f == ch1 and "alpha" in "".join(a.itertext()):
            t, frag = resolve(f, h)
    el = [e for e in docs[t].iter() if e.get("id") == frag] if t else []
    report("split: an xref to a varlistentry links its <dt>",
           len(el) == 1 and el[0].tag == XH + "dt" and
           "".join(el[0].itertext()).strip() == "alpha", (t, frag, el))
    done()


main()
