#!/usr/bin/env python3
"""The guide's PDF read as a screen reader reads it (issue 20): the
structure tree walked depth first, each element's marked content in the
order of its /K, the text of each marked-content sequence taken from the
page's content stream (glyphs mapped to text through the fonts'
/ToUnicode, /ActualText spans in place of their glyphs). Compared with
the source's text of each chapter (book/chapters/*.xml; ch03.xml has
English and Chinese paragraphs, lists with links, nested sections):
- every block of the chapter (title, paragraph, list item, listing line)
  is read back whole, in the order of the source;
- the chapter's label and title are one heading element (H1);
- nothing of the chapter's text is missing from what is read, and the
  text read between the chapter's title and the next chapter's is the
  chapter's (labels and bullets aside);
- the whole book's text as pdftotext sees it on the pages is all read
  from the tree (no text outside it but page furniture)."""
import os, re, subprocess
from collections import Counter
import xml.etree.ElementTree as ET

TOP = os.environ["TOP"]; BOOKC = os.environ["BOOKC"]; OUT = os.environ["OUT"]

from _check import report, done
from _pdfobj import PdfObjects

DB = "{http://docbook.org/ns/docbook}"
TOK = re.compile(rb"\((?:\\.|[^\\)])*\)|<<|>>|<[0-9A-Fa-f\s]*>|\[|\]"
                 rb"|/[^\s/\[\]()<>{}%]*|[^\s/\[\]()<>{}%]+")
SHOW = {b"Tj", b"TJ", b"'", b'"'}


def squeeze(s):
    """Text without white space (line breaks, justification, the four-per-em
    spaces bookc sets between Chinese and Latin) and soft hyphens."""
    return "".join(c for c in s if not c.isspace() and c != "\u00ad")


class Pdf(PdfObjects):
    def __init__(self, path):
        super().__init__(path)
        self.cmaps = {}
        self.texts = {pg: self.page_texts(pg) for pg in self.pages}

    def cmap(self, font_ref):
        """A font's /ToUnicode: glyph code (bytes) -> text."""
        if font_ref not in self.cmaps:
            m = {}
            tu = self.val(font_ref).get("/ToUnicode")
            if tu:
                c = self.data(tu).decode("latin1")
                def u(h):
                    return bytes.fromhex(h).decode("utf-16-be")
                for block in re.findall(r"beginbfchar(.*?)endbfchar", c, re.S):
                    for a, b in re.findall(r"<(\w+)>\s*<(\w+)>", block):
                        m[bytes.fromhex(a)] = u(b)
                for block in re.findall(r"beginbfrange(.*?)endbfrange", c, re.S):
                    for a, b, d in re.findall(r"<(\w+)>\s*<(\w+)>\s*<(\w+)>", block):
                        lo, hi, n = int(a, 16), int(b, 16), len(a) // 2
                        base = u(d)
                        for i in range(hi - lo + 1):
                            m[(lo + i).to_bytes(n, "big")] = \
                                base[:-1] + chr(ord(base[-1]) + i)
            self.cmaps[font_ref] = m
        return self.cmaps[font_ref]

    @staticmethod
    def string(tok):
        if tok.startswith(b"<"):
            h = re.sub(rb"\s", b"", tok[1:-1]).decode()
            return bytes.fromhex(h + "0" * (len(h) % 2))
        s, out, i = tok[1:-1], bytearray(), 0
        esc = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}
        while i < len(s):
            c = s[i:i + 1]
            if c == b"\\" and i + 1 < len(s):
                n = s[i + 1:i + 2]
                m = re.match(rb"[0-7]{1,3}", s[i + 1:])
                if m:
                    out.append(int(m.group(0), 8) & 255)
                    i += 1 + len(m.group(0))
                    continue
                out += esc.get(n, n)
                i += 2
                continue
            out += c
            i += 1
        return bytes(out)

    def decode(self, font, raw):
        m = self.cmap(font) if font else {}
        n = 2 if m and all(len(k) == 2 for k in list(m)[:5]) else 1
        return "".join(m.get(raw[i:i + n], "") for i in range(0, len(raw), n))

    def page_texts(self, page):
        """MCID -> the text shown in that marked content; and the text
        shown outside any MCID."""
        pd = self.val(page)
        fonts = self.val(pd["/Resources"]).get("/Font", {}) if isinstance(
            pd["/Resources"], str) else pd["/Resources"].get("/Font", {})
        if isinstance(fonts, str):
            fonts = self.val(fonts)
        c = pd.get("/Contents")
        data = b"".join(self.data(r) for r in (c if isinstance(c, list) else [c]))
        texts, stack, ops, font = {}, [], [], None
        outside = []
        for t in TOK.findall(data):
            if t in (b"BDC", b"BMC"):
                props = b" ".join(ops[1:])
                mc = re.search(rb"/MCID (\d+)", props)
                at = re.search(rb"/ActualText\s*(<[0-9A-Fa-f]*>|\((?:\\.|[^\\)])*\))", props)
                actual = None
                if at:
                    raw = self.string(at.group(1))
                    actual = raw[2:].decode("utf-16-be") if raw[:2] == b"\xfe\xff" \
                        else raw.decode("latin1")
                stack.append([int(mc.group(1)) if mc else None, actual, ""])
            elif t == b"EMC" and stack:
                mcid, actual, text = stack.pop()
                if actual is not None:
                    text = actual
                if stack:
                    stack[-1][2] += text
                elif mcid is not None:
                    texts[mcid] = texts.get(mcid, "") + text
                else:
                    outside.append(text)
            elif t == b"Tf" and len(ops) >= 2:
                font = fonts.get(ops[-2].decode())
            elif t in SHOW:
                s = "".join(self.decode(font, self.string(x)) for x in ops
                            if x[:1] in (b"(", b"<") and x[:2] != b"<<")
                if stack:
                    stack[-1][2] += s
                else:
                    outside.append(s)
            if t.startswith(b"/") or t in (b"<<", b">>", b"[", b"]") or re.fullmatch(
                    rb"[-+.\d]+|<.*>|\(.*\)", t, re.S):
                ops.append(t)
            else:
                ops = []
        return texts, "".join(outside)

    def reading(self):
        """The tree's text in reading order: [(tag path, text)] per
        marked content, depth first."""
        out = []
        root = self.val(self.cat["/StructTreeRoot"])
        todo = [(root.get("/K"), None, ())]
        while todo:
            k, pg, path = todo.pop()
            items = k if isinstance(k, list) else [k]
            for item in reversed(items):
                if isinstance(item, int):
                    todo.append((("mc", pg, item), pg, path))
                elif isinstance(item, tuple):
                    out.append((path, self.texts.get(item[1], ({}, ""))[0]
                                .get(item[2], "")))
                elif isinstance(item, dict) and item.get("/Type") == "/MCR":
                    todo.append((("mc", item["/Pg"], item["/MCID"]), pg, path))
                elif isinstance(item, str) and item.endswith(" R"):
                    d = self.val(item)
                    if d.get("/Type") == "/StructElem":
                        todo.append((d.get("/K"), d.get("/Pg", pg),
                                     path + (d.get("/S", "")[1:],)))
        return out


def blocks(chapter):
    """The chapter's blocks' texts in source order: titles, paragraphs,
    and each line of a listing (a listing's lines are Code's lines)."""
    skip = {DB + "indexterm", DB + "remark", DB + "footnote"}
    out = []

    def text(e):
        s = e.text or ""
        for c in e:
            if c.tag not in skip:
                s += text(c)
            s += c.tail or ""
        return s
    for e in chapter.iter():
        if e.tag in (DB + "title", DB + "para", DB + "simpara", DB + "term"):
            out.append(squeeze(text(e)))
        elif e.tag in (DB + "programlisting", DB + "screen", DB + "literallayout"):
            out += [squeeze(line) for line in text(e).split("\n") if squeeze(line)]
    return [b for b in out if b]


pdf = os.path.join(OUT, "reading.pdf")
p = subprocess.run([BOOKC, "-q", "-o", pdf, "book/guide.xml"], cwd=TOP,
                   capture_output=True, text=True)
if report("guide.xml: builds", p.returncode == 0, p.stderr):
    doc = Pdf(pdf)
    read = doc.reading()
    whole = squeeze("".join(t for _, t in read))
    # where each heading (outside the contents) starts in what is read
    heads, at = {}, 0
    for path, t in read:
        if re.fullmatch(r"H\d", path[-1]) and "TOC" not in path:
            heads.setdefault(squeeze(t), at)
        at += len(squeeze(t))
    # the tree holds the pages' text: pdftotext's characters, page
    # furniture (outside the tree) aside
    outside = squeeze("".join(doc.texts[pg][1] for pg in doc.pages))
    shown = squeeze(subprocess.run(["pdftotext", pdf, "-"], capture_output=True,
                                   text=True).stdout)
    missing = Counter(shown) - Counter(whole) - Counter(outside)
    report(f"guide.xml: the tree reads all {len(shown)} characters pdftotext finds "
           f"but page furniture's", sum(missing.values()) == 0 and len(whole) > 1000,
           "".join(sorted(missing.elements()))[:200])
    chapters = sorted(f for f in os.listdir(os.path.join(TOP, "book/chapters"))
                      if f.endswith(".xml"))
    for n, f in enumerate(chapters):
        src = ET.parse(os.path.join(TOP, "book/chapters", f)).getroot()
        want = blocks(src)
        # the chapter: from its title's heading to the next chapter's
        nxt = squeeze(ET.parse(os.path.join(TOP, "book/chapters", chapters[n + 1]))
                      .getroot().find(DB + "title").text) if n + 1 < len(chapters) else None
        start = next((at for h, at in heads.items() if h.endswith(want[0])), -1)
        end = next((at for h, at in heads.items() if h.endswith(nxt)), -1) \
            if nxt else len(whole)
        # one heading for the chapter, its label and title ("第 3 章"
        # and the title are two lines, not two headings)
        label = re.sub(r"\s", "", src.get("label", ""))
        report(f"{f}: its label and title are one heading",
               f"第{label}章{want[0]}" in heads, [h for h in heads if want[0] in h])
        chapter = whole[start:end] if start >= 0 and end > start else ""
        at, lost = 0, []
        for b in want:
            i = chapter.find(b, at)
            if i < 0:
                lost.append(b[:40])
            else:
                at = i + len(b)
        report(f"{f}: its {len(want)} blocks read back whole, in source order",
               chapter and not lost, f"{len(lost)} not found in order: {lost[:5]}")
        # what is read in the chapter beyond its text: generated labels
        extra = Counter(chapter) - Counter("".join(want))
        report(f"{f}: nothing else is read in the chapter but labels and bullets",
               chapter and set(extra) <= set("0123456789.●○■•第章"),
               "".join(sorted(extra.elements()))[:200])
done()
