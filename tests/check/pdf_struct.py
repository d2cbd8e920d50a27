#!/usr/bin/env python3
"""The tagged PDF's structure tree (device.c, finish.c), read back from real
books through qpdf --json:

- lists are L > LI > Lbl, LBody, a nested list inside its item's LBody;
- tables are Table > TR > TH/TD, one cell element per cell, a header row
  repeated on later pages no second time;
- each image is a Figure whose /Alt is the source's alternative text
  (alt or textobject, else the figure's title);
- headings are H1/H2, footnotes Note, a listing broken over pages one Code;
- the tree reads in page order, front matter first;
- every marked content of the pages is referenced from the tree, and the
  only text outside it is page furniture (running heads, page numbers),
  above or below all of the tree's text;
- pdfinfo says Tagged: yes and qpdf --check finds nothing.
"""
import os, re, struct, subprocess, sys, tempfile, zlib
import xml.etree.ElementTree as ET

BOOKC = os.environ.get("BOOKC", "out/bookc")
OUT = os.environ.get("OUT") or tempfile.mkdtemp()
TOP = os.environ.get("TOP") or os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.abspath(__file__))))
DB = "{http://docbook.org/ns/docbook}"


from _check import report, done
from _pdfobj import PdfObjects

def build(src, name):
    pdf = os.path.join(OUT, name + ".pdf")
    env = dict(os.environ, BOOKC_DATADIR=TOP)
    p = subprocess.run([BOOKC, "-q", "-o", pdf, src], cwd=TOP, env=env,
                       capture_output=True, text=True)
    return pdf if p.returncode == 0 else None, p.stderr


class Elem:
    def __init__(self, s, alt):
        self.s, self.alt, self.kids, self.mcids = s, alt, [], []

    def walk(self):
        todo = [self]
        while todo:
            e = todo.pop()
            yield e
            todo.extend(reversed(e.kids))

    def all_mcids(self):
        return [m for e in self.walk() for m in e.mcids]

    def kinds(self):
        return [k.s for k in self.kids]


class Pdf(PdfObjects):
    """The objects of a PDF (qpdf's JSON), its structure tree and what its
    pages' content streams mark."""

    def __init__(self, path):
        super().__init__(path)
        self.root = self.tree(self.cat.get("/StructTreeRoot"))

    def tree(self, ref):
        root = Elem("StructTreeRoot", None)
        if ref is None:
            return root
        todo = [(root, self.val(ref).get("/K"), None)]
        while todo:
            parent, k, pg = todo.pop(0)
            for item in (k if isinstance(k, list) else [k]):
                if isinstance(item, int):
                    parent.mcids.append((pg, item))
                elif isinstance(item, dict):
                    if item.get("/Type") == "/MCR":
                        parent.mcids.append((item["/Pg"], item["/MCID"]))
                elif isinstance(item, str) and item.endswith(" R"):
                    d = self.val(item)
                    alt = d.get("/Alt")
                    e = Elem(d["/S"][1:], alt[2:] if alt else None)
                    parent.kids.append(e)
                    todo.append((e, d.get("/K"), d.get("/Pg", pg)))
        return root

    def content(self, page):
        c = self.val(page).get("/Contents")
        refs = c if isinstance(c, list) else [c]
        return b"".join(self.data(r) for r in refs).decode("latin1")

    TOKEN = re.compile(
        r"/(\w+)\s*<<(.*?)>>\s*BDC|/\w+\s+BMC|\bEMC\b|"
        r"(?:[-\d.]+\s+){5}([-\d.]+)\s+Tm\b|\bT[jJ]\b|\bDo\b")

    def marks(self):
        """Per page: the MCIDs marked, and (y, marked) of each text or
        image drawn (y of the last text matrix)."""
        out = []
        for page in self.pages:
            mcids, shown, stack, y = set(), [], [], None
            for m in self.TOKEN.finditer(self.content(page)):
                t = m.group(0)
                if t.endswith("BDC"):
                    mc = re.search(r"/MCID\s+(\d+)", m.group(2))
                    stack.append(int(mc.group(1)) if mc else None)
                    if mc:
                        mcids.add(int(mc.group(1)))
                elif t.endswith("BMC"):
                    stack.append(None)
                elif t == "EMC":
                    stack.pop()
                elif t.endswith("Tm"):
                    y = float(m.group(3))
                else:
                    shown.append((t, y, any(s is not None for s in stack)))
            out.append((page, mcids, shown))
        return out


def find(root, s):
    return [e for e in root.walk() if e.s == s]


def source_alts(src):
    """The alternative text of each image of a DocBook file, in order, by
    the rule of model_media_alt."""
    def text(e):
        return "".join(e.itertext()).strip() if e is not None else ""
    tree = ET.parse(src)
    parent = {c: p for p in tree.iter() for c in p}
    out = []
    for m in tree.iter():
        if m.tag not in (DB + "mediaobject", DB + "graphic"):
            continue
        if m.tag == DB + "graphic":
            out.append("")
            continue
        alt = ""
        for t in m.iter():
            if t.tag in (DB + "textobject", DB + "alt"):
                alt = text(t)
                break
        f = parent.get(m)
        while not alt and f is not None:
            if f.tag == DB + "figure":
                alt = text(f.find(DB + "title"))
                break
            f = parent.get(f)
        out.append(alt)
    return out


def common(name, pdf, furniture="page"):
    """Checks every tagged book passes; furniture: where the text outside
    the tree may be, "page": above or below all of the tree's text
    (running heads, page numbers), "top": also above the rest of its own
    page (a repeated table header)."""
    info = subprocess.run(["pdfinfo", pdf], capture_output=True,
                          text=True).stdout
    report(f"{name}: tagged", re.search(r"Tagged:\s+yes", info), info)
    q = subprocess.run(["qpdf", "--check", pdf], capture_output=True,
                       text=True)
    # No warning either: Cairo 1.16 would name an image twice in the
    # resources of a page that shows it twice (listings.xml does).
    report(f"{name}: qpdf --check", q.returncode == 0 and
           "No syntax or stream encoding errors" in q.stdout and
           "WARNING" not in q.stdout + q.stderr,
           q.stdout[-400:] + q.stderr[-400:])
    p = Pdf(pdf)
    # Every marked content is referenced from the tree, and nothing else.
    pgs = {page: i for i, page in enumerate(p.pages)}
    tree = {(pgs[pg], mc) for pg, mc in p.root.all_mcids()}
    marks = p.marks()
    drawn = {(i, mc) for i, (_, mcids, _) in enumerate(marks)
             for mc in mcids}
    report(f"{name}: marked content and tree agree", tree == drawn,
           f"only drawn: {sorted(drawn - tree)[:10]}, "
           f"only in tree: {sorted(tree - drawn)[:10]}")
    # The tree reads in page order: the front matter (drawn last, once
    # the body's page numbers are known, then moved first by finish.c)
    # comes before the body, and no page goes back.
    title = re.search(r"^Title:\s+(.*)$", info, re.M)
    first = subprocess.run(["pdftotext", "-f", "1", "-l", "1", pdf, "-"],
                           capture_output=True, text=True).stdout
    report(f"{name}: the title page is the first page",
           title and title.group(1).strip() in first, first[:200])
    order = [pgs[pg] for e in p.root.walk() for pg, _ in e.mcids]
    back = [(a, b) for a, b in zip(order, order[1:]) if b < a]
    report(f"{name}: the tree reads in page order", order and not back,
           f"goes back from page {back[:3]}")
    # Outside the tree: page furniture only, above or below its text.
    inside = [y for _, _, shown in marks for t, y, m in shown
              if m and t != "Do" and y is not None]
    outside = [(i + 1, y) for i, (_, _, shown) in enumerate(marks)
               for t, y, m in shown if not m]
    images_out = [(i + 1) for i, (_, _, shown) in enumerate(marks)
                  for t, y, m in shown if not m and t == "Do"]
    top = [min([y for t, y, m in shown if m and t != "Do"] or [0])
           for _, _, shown in marks]
    report(f"{name}: only page furniture outside the tree",
           outside and not images_out and all(
               y < min(inside) or y > max(inside) or
               furniture == "top" and y < top[i - 1] for i, y in outside),
           f"unmarked: {outside[:10]}, text from {min(inside)} to "
           f"{max(inside)}; unmarked images on pages {images_out}")
    # What may hold what (PDF 32000-1 14.8.4): a footnote's Note goes in
    # the text before it, never between rows or list items.
    allowed = {"L": {"LI", "Caption"}, "LI": {"Lbl", "LBody"},
               "Table": {"TR", "THead", "TBody", "TFoot", "Caption"},
               "TR": {"TH", "TD"}}
    wrong = [(e.s, e.kinds()) for e in p.root.walk()
             if e.s in allowed and not set(e.kinds()) <= allowed[e.s]]
    report(f"{name}: lists and tables hold only their parts", not wrong,
           wrong[:5])
    return p


def generated(name, body, files=()):
    """Builds a book of one chapter around body."""
    d = os.path.join(OUT, name)
    os.makedirs(d, exist_ok=True)
    for f, data in files:
        open(os.path.join(d, f), "wb").write(data)
    src = os.path.join(d, name + ".xml")
    open(src, "w", encoding="utf-8").write(
        '<?xml version="1.0" encoding="UTF-8"?>\n<book xmlns='
        '"http://docbook.org/ns/docbook" version="5.0" xml:lang="zh-CN">'
        '<title>测试</title><chapter><title>章</title>' + body +
        '</chapter><chapter><title>下一章</title><para>文字。</para>'
        '</chapter></book>\n')
    return build(src, "struct-" + name)


def features():
    pdf, err = build("tests/pdf/features.xml", "struct-features")
    report("features: builds", pdf, err)
    if not pdf:
        return
    p = common("features", pdf)
    root = p.root
    report("features: one Document", root.kinds() == ["Document"],
           root.kinds())
    lists = find(root, "L")
    nested = [l for l in lists for li in l.kids for body in li.kids
              if body.s == "LBody" and "L" in body.kinds()]
    report("features: a nested list sits in its item's LBody",
           len(nested) == 1 and len(nested[0].kids) == 3,
           [l.kinds() for l in lists])
    items = [li for l in lists for li in l.kids]
    report("features: every LI is Lbl then LBody",
           items and all(li.s == "LI" and li.kinds() == ["Lbl", "LBody"]
                         for li in items), [li.kinds() for li in items])
    report("features: list paragraphs are P in LBody",
           all(b.kinds()[0] == "P" for b in find(root, "LBody")),
           [b.kinds() for b in find(root, "LBody")])
    tables = find(root, "Table")
    cells = [[r.kinds() for r in t.kids] for t in tables]
    report("features: tables are rows of cells",
           cells == [[["TH"] * 3, ["TD"] * 3, ["TD"] * 3], [["TD"] * 2]],
           cells)
    figs = find(root, "Figure")
    report("features: a Figure per image, its title as /Alt",
           [f.alt for f in figs] == ["渐变图", "照片", "坏图"],
           [f.alt for f in figs])
    report("features: headings",
           len(find(root, "H1")) >= 4 and len(find(root, "H2")) == 3,
           [e.s for e in root.walk() if e.s.startswith("H")])
    notes = find(root, "Note")
    report("features: footnotes are Note > P",
           len(notes) == 2 and all(n.kinds() == ["P"] for n in notes),
           [n.kinds() for n in notes])
    report("features: BlockQuote", len(find(root, "BlockQuote")) == 1)
    link_ps = [e for e in find(root, "P") if "Link" in e.kinds()]
    report("features: a paragraph with links keeps its text in Spans",
           link_ps and all("Span" in e.kinds() and e.all_mcids()
                           for e in link_ps), [e.kinds() for e in link_ps])


def listings():
    src = "tests/listings/listings.xml"
    pdf, err = build(src, "struct-listings")
    report("listings: builds", pdf, err)
    if not pdf:
        return
    p = common("listings", pdf)
    want = [a or None for a in source_alts(os.path.join(TOP, src))]
    got = [f.alt for f in find(p.root, "Figure")]
    report("listings: Figure /Alt is the source's alternative text",
           got == want and len(got) == 6, f"got {got}, want {want}")
    pgs = {page: i for i, page in enumerate(p.pages)}
    split = [c for c in find(p.root, "Code")
             if len({pgs[pg] for pg, _ in c.all_mcids()}) > 1]
    report("listings: a listing broken over pages is one Code", split,
           "no Code element has content on two pages")


def breaking():
    pdf, err = build("tests/pdf/breaking.xml", "struct-breaking")
    report("breaking: builds", pdf, err)
    if not pdf:
        return
    p = common("breaking", pdf, "top")
    t = find(p.root, "Table")
    rows = [r.kinds() for r in t[0].kids] if t else []
    report("breaking: a repeated header row is no second TR",
           len(t) == 1 and rows[0] == ["TH"] * 3 and
           all(r == ["TD"] * 3 for r in rows[1:]) and len(rows) == 61 and
           len({pg for pg, _ in t[0].all_mcids()}) > 1,
           rows[:3])


def tall_png():
    def chunk(t, data):
        return struct.pack(">I", len(data)) + t + data + \
            struct.pack(">I", zlib.crc32(t + data))
    w, h = 40, 160
    return b"\x89PNG\r\n\x1a\n" + \
        chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) + \
        chunk(b"IDAT", zlib.compress(b"".join(
            b"\0" + b"\x40\x80\xc0" * w for _ in range(h)))) + \
        chunk(b"IEND", b"")


def image_first_on_page():
    """An image drawn first on a page (a tall one, after text that leaves
    it no room): Cairo 1.16 once lost the open tags there."""
    para = "<para>" + "半页的文字。" * 60 + "</para>"
    pdf, err = generated("first", para + '<informalfigure><mediaobject>'
                         '<imageobject><imagedata fileref="tall.png" '
                         'depth="300mm"/></imageobject><alt>渐变</alt>'
                         '</mediaobject></informalfigure>' + para,
                         [("tall.png", tall_png())])
    report("image first on a page: builds", pdf, err)
    if not pdf:
        return
    p = common("image first on a page", pdf)
    first = [i for i, (_, _, shown) in enumerate(p.marks())
             if shown and shown[0][0] == "Do"]
    report("image first on a page: it is", first, "no page starts with it")
    report("image first on a page: its Figure",
           [f.alt for f in find(p.root, "Figure")] == ["渐变"])


def footnote_after_table():
    """A table ending a page whose footnotes follow it: their Note goes in
    its last cell (the last text before them), not between its rows."""
    pdf, err = generated("fntable", '<para>表前的文字<footnote><para>脚注。'
                         '</para></footnote>。</para><informaltable><tgroup '
                         'cols="2"><tbody><row><entry>甲</entry><entry>乙'
                         '</entry></row></tbody></tgroup></informaltable>')
    report("footnote after a table: builds", pdf, err)
    if not pdf:
        return
    p = common("footnote after a table", pdf)
    cells = find(p.root, "TD")
    report("footnote after a table: its Note is in the last TD",
           len(cells) == 2 and "Note" in cells[1].kinds(),
           [c.kinds() for c in cells])


def bridgeheads():
    """A bridgehead is a heading one level below its division's (H2 in
    a chapter, H3 in a section); an empty one, a mere target of links,
    is none."""
    pdf, err = generated("bridge", '<para>文字。</para><bridgehead>桥</bridgehead>'
                         '<para>文字。</para><bridgehead xml:id="b0"> </bridgehead>'
                         '<section><title>节</title><para>文字。</para>'
                         '<bridgehead>小桥</bridgehead><para>文字。</para></section>')
    report("bridgeheads: builds", pdf, err)
    if not pdf:
        return
    p = common("bridgeheads", pdf)
    heads = [e.s for e in p.root.walk() if re.fullmatch(r"H\d", e.s)]
    # the book's title, the contents', the chapter's, the bridgehead, the
    # section's, its bridgehead, the next chapter's
    report("bridgeheads: H2 in the chapter, H3 in its section, none empty",
           heads == ["H1", "H1", "H1", "H2", "H2", "H3", "H1"], heads)


features()
bridgeheads()
listings()
breaking()
image_first_on_page()
footnote_after_table()
done()
