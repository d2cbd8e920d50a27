#!/usr/bin/env python3
"""Every mark on a PDF page is in the structure tree or an artifact (issue
20, PDF/UA-1 7.1): read back from the pages' content streams (qpdf --qdf)
and the objects (qpdf --json). On the guide, the features book (footnotes,
listings, rules, running heads) and a book of tables with header rows:
- no painting operator (text, fill, stroke, image, shading) outside
  marked content;
- page numbers and running heads are /Artifact << /Type /Pagination >>
  (each page but the title page has one that shows text), rules and
  backgrounds /Layout; the device's stand-in tag (Private) is left
  nowhere;
- every MCID in the content is one its page's parent-tree entry names, in
  an element whose /K holds it;
- link annotations have /StructParent, non-empty /Contents and a Link
  element in the parent tree that holds them as an OBJR;
- TH elements say /Scope /Column for /O /Table;
- L elements say /ListNumbering (Disc, Circle, Square for bullets by
  depth, Decimal, LowerAlpha...), as their markers are drawn;
- the book's title is H1, headings never skip a level (H2 then H5), and
  the contents' entries are TOCI in a TOC.
And on books with SVG images that have links (tests/svg): no painting
outside marked content either, the image's ink in its Figure's marked
content, the Figure's kids (ink and Links) in the order of the page."""
import json, os, re, subprocess

TOP = os.environ["TOP"]; BOOKC = os.environ["BOOKC"]; OUT = os.environ["OUT"]

from _check import report, done

TOK = re.compile(rb"\((?:\\.|[^\\)])*\)|<<|>>|<[0-9A-Fa-f\s]*>|\[|\]"
                 rb"|/[^\s/\[\]()<>{}%]*|[^\s/\[\]()<>{}%]+")
PAINT = {b"Tj", b"TJ", b"'", b'"', b"f", b"F", b"f*", b"B", b"B*", b"b",
         b"b*", b"S", b"s", b"sh", b"Do", b"BI"}


def content_streams(pdf):
    q = subprocess.run(["qpdf", "--qdf", "--object-streams=disable", pdf, "-"],
                       capture_output=True).stdout
    for m in re.finditer(rb"%% Contents for page (\d+)\n%% Original object ID: "
                         rb"\d+ 0\n\d+ 0 obj\n<<.*?>>\nstream\n(.*?)endstream",
                         q, re.S):
        yield int(m.group(1)), m.group(2)


def scan(data):
    """(painting operators outside marked content, {artifact type: count of
    those that paint text}, MCIDs, count of Private marks)."""
    stack, operands = [], []
    unmarked, mcids, private = 0, [], 0
    texts = {}
    for t in TOK.findall(data):
        if t in (b"BDC", b"BMC"):
            tag = operands[0].decode() if operands else "?"
            props = b" ".join(operands[1:])
            m = re.search(rb"/MCID (\d+)", props)
            if m:
                mcids.append(int(m.group(1)))
            if tag == "/Private":
                private += 1
            kind = None
            if tag == "/Artifact":
                m = re.search(rb"/Type (/\w+)", props)
                kind = m.group(1).decode() if m else "untyped"
            stack.append([kind, False])
        elif t == b"EMC":
            kind, painted = stack.pop()
            if kind:
                texts[kind] = texts.get(kind, 0) + painted
        elif t in PAINT:
            if not stack:
                unmarked += 1
            elif t in (b"Tj", b"TJ"):
                for s in stack:
                    s[1] = True
        if t.startswith(b"/") or t in (b"<<", b">>") or re.fullmatch(
                rb"[-+.\d]+|<.*>|\(.*\)", t, re.S):
            operands.append(t)
        else:
            operands = []
    return unmarked, texts, mcids, private


def objects(pdf):
    objs = json.loads(subprocess.run(["qpdf", "--json", "--json-key=qpdf", pdf],
                                     capture_output=True, text=True).stdout)["qpdf"][1]
    return {k: v.get("value", v.get("stream", {}).get("dict")) for k, v in objs.items()}


def ref(val, r):
    return val.get("obj:" + r) if isinstance(r, str) else None


def kids(k):
    return k if isinstance(k, list) else [k]


def build(name, src, args, pdf):
    """Compiles src to pdf; whether it did and qpdf --check finds it clean."""
    p = subprocess.run([BOOKC, "-q", *args, "-o", pdf, src], cwd=TOP,
                       capture_output=True, text=True)
    if not report(f"{name}: builds", p.returncode == 0, p.stderr):
        return False
    q = subprocess.run(["qpdf", "--check", pdf], capture_output=True, text=True)
    report(f"{name}: qpdf --check", q.returncode == 0 and "WARNING" not in q.stdout,
           q.stdout[-300:])
    return True


def struct_elems(val):
    """The structure tree's root, its elements (ref -> dict) and their
    tags in the order of a depth-first walk (those Cairo wrote and
    finish.c took out are still objects of the file, named by nothing)."""
    cat = next(v for v in val.values() if isinstance(v, dict) and v.get("/Type") == "/Catalog")
    root = ref(val, cat["/StructTreeRoot"])
    elems, order, todo = {}, [], list(reversed(kids(root["/K"])))
    while todo:
        r = todo.pop()
        e = ref(val, r)
        if isinstance(e, dict) and e.get("/Type") == "/StructElem" and r not in elems:
            elems[r] = e
            order.append(e.get("/S"))
            todo.extend(reversed(kids(e.get("/K"))))
    return root, elems, order


def page_objects(pdf):
    return json.loads(subprocess.run(["qpdf", "--json", "--json-key=pages", pdf],
                                     capture_output=True, text=True).stdout)["pages"]


def misheld(val, root, elems, pages, mcid_pages):
    """(page, MCID) of the content's MCIDs that the element their page's
    parent-tree entry names does not hold in its /K."""
    nums = ref(val, root["/ParentTree"])["/Nums"]
    tree = dict(zip(nums[0::2], nums[1::2]))
    wrong = []
    for n, pg in enumerate(pages, 1):
        po = ref(val, pg["object"])
        arr = ref(val, tree.get(po.get("/StructParents"))) or []
        for mc in mcid_pages.get(n, []):
            e = elems.get(arr[mc]) if mc < len(arr) else None
            if e is None or mc not in [x for x in kids(e.get("/K")) if isinstance(x, int)] + \
                    [x.get("/MCID") for x in kids(e.get("/K")) if isinstance(x, dict)]:
                wrong.append((n, mc))
    return wrong, tree


# SVG images with links: librsvg draws each link with Cairo's own Link
# tag, which becomes a child of the image's Figure, and Cairo 1.16 marks
# no content of an element with children; finish_ink.c wraps the image's
# ink around its links in marked content of the Figure. Its annotations
# get their URI as /Contents. links.xml: ink before, between and after
# two links, and two such images with nothing between them.
for src in ("tests/svg/book.xml", "tests/svg/links.xml"):
    name = "svg/" + os.path.basename(src)
    svg = os.path.join(OUT, "artifacts-svg.pdf")
    if not build(name, src, [], svg):
        continue
    val = objects(svg)
    links = [v for v in val.values() if isinstance(v, dict) and v.get("/Subtype") == "/Link"]
    report(f"{name}: {len(links)} link annotations have /Contents",
           links and all(v.get("/Contents") for v in links) and any(
               v.get("/Contents") == v.get("/A", {}).get("/URI") for v in links),
           [v for v in links if not v.get("/Contents")][:2])
    streams = dict(content_streams(svg))
    scans = {n: scan(data) for n, data in streams.items()}
    bad = [(n, s[0]) for n, s in sorted(scans.items()) if s[0]]
    report(f"{name}: no painting outside marked content on {len(streams)} pages",
           streams and not bad, bad[:5])
    root, elems, order = struct_elems(val)
    pg = {p["object"]: n for n, p in enumerate(page_objects(svg), 1)}
    wrong, _ = misheld(val, root, elems, page_objects(svg),
                       {n: s[2] for n, s in scans.items()})
    report(f"{name}: every MCID is held by the element its parent-tree entry names",
           not wrong, wrong[:5])
    # each Figure that holds Links holds the image's ink too, its kids in
    # the order of the page's content
    figs = [e for e in elems.values() if e.get("/S") == "/Figure" and any(
        isinstance(k, str) and elems.get(k, {}).get("/S") == "/Link" for k in kids(e.get("/K")))]
    unordered = []
    for f in figs:
        seq = []
        for k in kids(f.get("/K")):
            if isinstance(k, dict):
                seq.append((k.get("/Pg"), k.get("/MCID")))
            elif isinstance(k, str) and k in elems:
                link = elems[k]
                seq += [(link.get("/Pg"), m) for m in kids(link.get("/K")) if isinstance(m, int)]
        inks = [k for k in kids(f.get("/K")) if isinstance(k, dict) and k.get("/Type") == "/MCR"]
        pos = [scans[pg.get(p, 0)][2].index(m) if m in scans.get(pg.get(p, 0), (0, 0, []))[2]
               else -1 for p, m in seq]
        if not inks or -1 in pos or pos != sorted(pos):
            unordered.append((f.get("/K"), pos))
    report(f"{name}: {len(figs)} Figures holding Links hold their image's ink, in content order",
           figs and not unordered, unordered[:2])
    if name == "svg/links.xml":
        # ink, link, ink, link, ink in each: the second of two images
        # drawn one after the other keeps its own ink before its first link
        shapes = [["MCR" if isinstance(k, dict) else elems.get(k, {}).get("/S")
                   for k in kids(f.get("/K"))] for f in figs]
        report(f"{name}: each image's ink is in its own Figure",
               len(shapes) == 3 and all(sh == ["MCR", "/Link", "MCR", "/Link", "MCR"]
                                        for sh in shapes), shapes)

for src, args, want_th in (("book/guide.xml", [], False),
                           ("tests/epub/features.xml", [], False),
                           # an article: the style asks for the title
                           # page and contents pages a book has
                           ("tests/epub/table_code.xml",
                            ["-s", "tests/small/lists.ini"], True)):
    name = os.path.basename(src)
    pdf = os.path.join(OUT, "artifacts.pdf")
    if not build(name, src, args, pdf):
        continue
    val = objects(pdf)
    pages = page_objects(pdf)
    streams = dict(content_streams(pdf))
    report(f"{name}: every page's content read", len(streams) == len(pages) > 1,
           (len(streams), len(pages)))
    bad, no_folio, private, all_kinds = [], [], 0, {}
    mcid_pages = {}
    for n, data in sorted(streams.items()):
        unmarked, texts, mcids, priv = scan(data)
        private += priv
        for k, v in texts.items():
            all_kinds[k] = all_kinds.get(k, 0) + v
        if unmarked:
            bad.append((n, unmarked))
        if n > 1 and not texts.get("/Pagination"):
            no_folio.append(n)
        mcid_pages[n] = mcids
    report(f"{name}: no painting outside marked content on {len(streams)} pages",
           not bad, bad[:5])
    report(f"{name}: each page after the first has a Pagination artifact with text",
           not no_folio, no_folio[:5])
    report(f"{name}: no Private marked content left", private == 0, private)
    root, elems, order = struct_elems(val)
    report(f"{name}: no Private element left in the tree of {len(elems)}",
           len(elems) > 10 and not any(v.get("/S") == "/Private" for v in elems.values()))
    # the parent tree: each page's MCIDs name elements that hold them
    wrong, tree = misheld(val, root, elems, pages, mcid_pages)
    report(f"{name}: every MCID is held by the element its parent-tree entry names",
           not wrong and any(mcid_pages.values()), wrong[:5])
    links = [(k, v) for k, v in val.items()
             if isinstance(v, dict) and v.get("/Subtype") == "/Link"]
    lacking = [k for k, v in links if not v.get("/Contents", "").removeprefix("u:").strip()
               or "/StructParent" not in v]
    report(f"{name}: {len(links)} link annotations have /Contents and /StructParent",
           links and not lacking, lacking[:3])
    # (the guide has no footnotes: a footnote mark's link says its
    # number, which is its text)
    bare = [v.get("/Contents") for k, v in links
            if re.fullmatch(r"u:[\divxlc]+", v.get("/Contents", ""))]
    if name == "guide.xml":
        report(f"{name}: no link's /Contents is a bare page number", not bare, bare[:3])
    unheld = []
    for k, v in links:
        e = elems.get(tree.get(v.get("/StructParent")))
        objr = [x.get("/Obj") for x in kids((e or {}).get("/K")) if isinstance(x, dict)]
        if not e or e.get("/S") != "/Link" or k.removeprefix("obj:") not in objr:
            unheld.append(k)
    report(f"{name}: each link annotation is an OBJR of its Link element",
           not unheld, unheld[:3])
    heads = [int(t[2]) for t in order if re.fullmatch(r"/H[1-6]", t or "")]
    skips = [(a, b) for a, b in zip([0] + heads, heads) if b > a + 1]
    report(f"{name}: the title is H1 and {len(heads)} headings skip no level",
           heads and not skips and order[order.index("/Document") + 1] == "/H1", skips[:3])
    report(f"{name}: the contents' entries are TOCI in a TOC",
           "/TOC" in order and all(
               v.get("/S") in ("/TOCI",) for e in elems.values() if e.get("/S") == "/TOC"
               for v in [elems.get(k) for k in kids(e.get("/K"))] if v),
           order[:20])
    lists = [v.get("/A", {}).get("/ListNumbering") for v in elems.values()
             if v.get("/S") == "/L"]
    report(f"{name}: {len(lists)} lists say their /ListNumbering",
           (lists or name == "table_code.xml") and all(n in ("/Disc", "/Circle", "/Square", "/Decimal", "/LowerAlpha",
                               "/UpperAlpha") for n in lists if n) and
           sum(1 for n in lists if n) >= len(lists) - (name == "features.xml"),
           lists)
    if name == "features.xml":
        # a bullet list in a lower-alpha list in a bullet list; a
        # variablelist numbers nothing
        report(f"{name}: bullets by depth, decimal and lower-alpha lists",
               {"/Disc", "/Square", "/Decimal", "/LowerAlpha", None} == set(lists), lists)
    th = [v for v in elems.values() if v.get("/S") == "/TH"]
    if want_th:
        report(f"{name}: {len(th)} TH elements have /O /Table /Scope /Column",
               th and all(v.get("/A") == {"/O": "/Table", "/Scope": "/Column"} for v in th),
               [v.get("/A") for v in th][:3])
        report(f"{name}: rules and backgrounds are Layout artifacts",
               "/Layout" in all_kinds, all_kinds)
done()
