#!/usr/bin/env python3
"""Listings and figures (issue 11) in both formats, from the test book
tests/listings/listings.xml (python3 stdlib; epubcheck, mutool and qpdf).

EPUB: epubcheck clean; highlighting classes for each language and the
stylesheet colouring them; prompts, user input and output apart; line
numbers and callout markers outside the copied text; callouts linked
both ways; each listing's text unchanged; figures with alt text, sizes,
SVG as SVG, numbered captions, lists of figures and tables.
PDF: the text extracted from each listing equals its source line by line,
tabs included (prompts, line numbers, callout markers and continuation
marks are not text), while tabs are drawn at 8-column stops; a short listing is never split, a long one is; Han characters in
code take two mono columns; the JPEG's bytes are embedded unchanged; the
SVG figures are vectors (no image XObject on their page); grey-scale
highlighting in the print style, colour in a screen style.
Environment: BOOKC, OUT, TOP.
"""
import json, os, re, subprocess, sys, zipfile
import xml.etree.ElementTree as ET

BOOKC = os.environ.get("BOOKC", "out/bookc")
OUT = os.environ.get("OUT", "/tmp")
TOP = os.environ.get("TOP", os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.abspath(__file__)))))
SRC = os.path.join(TOP, "tests", "listings", "listings.xml")
SCREEN_STYLE = os.path.join(TOP, "tests", "listings", "screen.ini")
EPUBCHECK = "/usr/share/java/epubcheck.jar"
XH = "{http://www.w3.org/1999/xhtml}"
DB = "{http://docbook.org/ns/docbook}"
XMLID = "{http://www.w3.org/XML/1998/namespace}id"
MARKERS = set(chr(c) for c in range(0x2776, 0x2780)) | \
    set(chr(c) for c in range(0x24EB, 0x24F5))


from _check import report, done

def run(cmd, env=None, timeout=300):
    p = subprocess.run(cmd, cwd=TOP, env=env, capture_output=True,
                       timeout=timeout)
    return p.returncode, p.stdout.decode("utf-8", "replace"), \
        p.stderr.decode("utf-8", "replace")


def build(dest, *extra, dump=None):
    env = dict(os.environ, BOOKC_DATADIR=TOP)
    if dump:
        env["BOOKC_PAGE_DUMP"] = dump
    wrap = os.environ.get("BOOKC_WRAP", "").split()
    return run(wrap + [BOOKC, "-q", *extra, "-o", dest, SRC], env=env)


# ---- The source's listings ---------------------------------------------

def source_listings():
    """id -> (kind, language, text, prompt texts, numbered)
    in book order; text as the reader sees it: one newline at either end
    dropped, co markers left out."""
    root = ET.parse(SRC).getroot()
    out = {}
    for el in root.iter():
        if el.tag not in (DB + "programlisting", DB + "screen"):
            continue
        parts, prompts = [], []

        def walk(e):
            if e.tag == DB + "prompt":
                prompts.append("".join(e.itertext()))
                parts.append("".join(e.itertext()))
            else:
                parts.append(e.text or "")
                for c in e:
                    walk(c)
            if e is not el:
                parts.append(e.tail or "")
        walk(el)
        text = "".join(parts)
        if text.startswith("\n"):
            text = text[1:]
        text = text.rstrip("\n")
        out[el.get(XMLID)] = (el.tag[len(DB):], el.get("language"), text,
                              prompts, el.get("linenumbering") == "numbered")
    return out


def full_text(el):
    """A parsed XHTML element's text, without markers the stylesheet
    keeps out of a selection (callout markers and their padding)."""
    out = []

    def walk(e):
        cls = (e.get("class") or "").split()
        skip = "co" in cls or "co-pad" in cls
        if not skip and e.text:
            out.append(e.text)
        if not skip:
            for c in e:
                walk(c)
        if e is not el and e.tail:
            out.append(e.tail)
    walk(el)
    return "".join(out)


# ---- EPUB ----------------------------------------------------------------

HL_WANT = {
    "l-sh": {"hl-keyword", "hl-comment", "hl-string", "hl-builtin"},
    "l-ini": {"hl-keyword", "hl-attribute", "hl-comment"},
    "l-python": {"hl-keyword", "hl-string", "hl-comment", "hl-function"},
    "l-xml": {"hl-tag", "hl-attribute", "hl-comment", "hl-string"},
    "l-json": {"hl-attribute", "hl-number", "hl-string"},
    "l-yaml": {"hl-comment", "hl-attribute"},
    "l-sql": {"hl-keyword", "hl-string", "hl-comment"},
    "l-c": {"hl-type", "hl-comment", "hl-string", "hl-keyword"},
    "l-console": {"hl-prompt", "hl-output"},
}


def epub_checks():
    epub = os.path.join(OUT, "listings.epub")
    rc, _, err = build(epub)
    report("listings/epub_build", rc == 0 and os.path.exists(epub),
           f"exit {rc}: {err}")
    if rc != 0 or not os.path.exists(epub):
        return
    if os.path.exists(EPUBCHECK):
        _, o, e = run(["java", "-jar", EPUBCHECK, epub], timeout=600)
        report("listings/epubcheck",
               "Messages: 0 fatals / 0 errors / 0 warnings" in o + e,
               (o + e)[-600:])
    z = zipfile.ZipFile(epub)
    docs = {n: ET.fromstring(z.read(n)) for n in z.namelist()
            if n.endswith(".xhtml")}
    css = z.read("EPUB/css/book.css").decode()
    by_id, file_of = {}, {}
    for name, d in docs.items():
        for e in d.iter():
            if e.get("id"):
                by_id[e.get("id")] = e
                file_of[e.get("id")] = name
    src = source_listings()

    # Highlighting: the classes each language should give.
    bad = []
    for lid, want in HL_WANT.items():
        pre = by_id.get(lid)
        got = {c for e in pre.iter() for c in (e.get("class") or "").split()
               if c.startswith("hl-")} if pre is not None else set()
        if not want <= got:
            bad.append(f"{lid}: missing {sorted(want - got)}")
    plain = by_id.get("l-plain")
    if plain is None or any((e.get("class") or "").startswith("hl-")
                            for e in plain.iter()):
        bad.append("l-plain (unknown language) is highlighted")
    report("listings/epub_highlight_classes", not bad, "; ".join(bad))

    # The stylesheet colours every class, with no italic (Han comments).
    bad = []
    for cls in ("keyword", "type", "builtin", "function", "variable",
                "string", "number", "comment", "tag", "attribute",
                "prompt", "output"):
        m = re.search(r"\.hl-%s \{([^}]*)\}" % cls, css)
        if not m or "color:" not in m.group(1):
            bad.append(f".hl-{cls} has no colour")
        elif "italic" in m.group(1):
            bad.append(f".hl-{cls} is italic")
    if not re.search(r"\.hl-prompt[^{]*span\.prompt[^{]*\{[^}]*user-select: "
                     r"none", css):
        bad.append("prompts are selectable")
    if "counter(line)" not in css:
        bad.append("no line-number counter")
    report("listings/epub_css", not bad, "; ".join(bad))

    # Every listing's text is its source, markers left out.
    bad = []
    for lid, (kind, lang, text, prompts, numbered) in src.items():
        pre = by_id.get(lid)
        if pre is None or pre.tag != XH + "pre":
            bad.append(f"{lid}: no <pre>")
            continue
        got = full_text(pre)
        want = text
        if got != want:
            bad.append(f"{lid}: {got[:60]!r} != {want[:60]!r}")
        lines = [e for e in pre if e.get("class") == "line"]
        if len(lines) != want.count("\n") + 1:
            bad.append(f"{lid}: {len(lines)} line spans for "
                       f"{want.count(chr(10)) + 1} lines")
        if numbered != ("numbered" in (pre.get("class") or "").split()):
            bad.append(f"{lid}: numbered class wrong")
    report("listings/epub_listing_text", not bad, "; ".join(bad))

    # A screen: prompt, user input and output apart.
    scr = by_id.get("l-screen")
    kinds = {(e.tag, e.get("class")) for e in scr.iter()} if scr is not None \
        else set()
    want = {(XH + "span", "prompt"), (XH + "kbd", "userinput"),
            (XH + "samp", "computeroutput")}
    report("listings/epub_screen", want <= kinds, f"got {kinds}")

    # Callouts linked both ways, markers alike.
    bad = []
    cos = [e for d in docs.values() for e in d.iter()
           if "co" in (e.get("class") or "").split()]
    if len(cos) != 5:
        bad.append(f"{len(cos)} callout markers, want 5")
    for a in cos:
        href = a.get("href") or ""
        li = by_id.get(href.split("#")[-1])
        if li is None or li.tag != XH + "li":
            bad.append(f"marker {a.get('id')} links to {href!r}")
            continue
        backs = [b for b in li.iter() if b.get("class") == "co-back"]
        if not any((b.get("href") or "").endswith("#" + a.get("id"))
                   and b.text == a.text for b in backs):
            bad.append(f"callout {li.get('id')} does not link back to "
                       f"{a.get('id')} with {a.text}")
    report("listings/epub_callouts", not bad, "; ".join(bad))

    # Figures: files, media types, alt text, sizes, labels, lists.
    bad = []
    opf = z.read("EPUB/package.opf").decode()
    for f, t in (("images/arch.svg", "image/svg+xml"),
                 ("images/photo.jpg", "image/jpeg"),
                 ("images/diagram.png", "image/png")):
        if not re.search(r'href="%s" media-type="%s"' % (
                re.escape(f), re.escape(t)), opf):
            bad.append(f"{f} not in the manifest as {t}")
    if z.read("EPUB/images/photo.jpg") != open(os.path.join(
            TOP, "tests/listings/photo.jpg"), "rb").read():
        bad.append("the JPEG was changed")
    want_alt = {"fig-png": "绿色背景上的白色圆点", "fig-jpeg": "一张渐变色的照片",
                "fig-svg": "控制节点与计算节点"}
    for fid, alt in want_alt.items():
        img = by_id[fid].find(".//" + XH + "img") if fid in by_id else None
        if img is None or img.get("alt") != alt:
            bad.append(f"{fid}: alt {img.get('alt') if img is not None else None!r}")
    jpg = by_id["fig-jpeg"].find(".//" + XH + "img")
    if "width: 40mm" not in (jpg.get("style") or ""):
        bad.append("width=40mm not honoured")
    wide = by_id["fig-wide"].find(".//" + XH + "img")
    if "width: 100%" not in (wide.get("style") or ""):
        bad.append("scalefit not honoured")
    if "max-width: 100%" not in css:
        bad.append("images may be wider than the page")
    cap = by_id["fig-png"].find(XH + "figcaption")
    if cap is None or "图 3.1" not in "".join(cap.itertext()):
        bad.append("figure not numbered 图 3.1")
    nav = z.read("EPUB/nav.xhtml").decode()
    if 'epub:type="loi"' not in nav or 'epub:type="lot"' not in nav or \
            "图 4.1 SVG 矢量图" not in nav or "表 3.1 服务端口" not in nav:
        bad.append("no list of figures or tables in the navigation")
    xrefs = ["".join(a.itertext()) for d in docs.values() for a in d.iter()
             if a.get("class") == "xref"]
    if not any(t.startswith("图 3.1") for t in xrefs):
        bad.append(f"xref to a figure prints {xrefs[:3]}")
    report("listings/epub_figures", not bad, "; ".join(bad))


# ---- PDF -------------------------------------------------------------------

# Each page's text as MuPDF extracts it, with whitespace as it is (tabs
# stay tabs); U+2005, the gap the typesetter puts between Han and Latin,
# as a space.
PAGE_TEXT_JS = """var doc = new Document(scriptArgs[0]);
for (var i = 0; i < doc.countPages(); i++) {
  var out = [];
  doc.loadPage(i).toStructuredText("preserve-whitespace").walk({
    onChar: function (c) { out.push(c); },
    endLine: function () { out.push("\\n"); },
  });
  print(out.join("") + "\\f");
}
"""


def page_texts(pdf):
    js = os.path.join(OUT, "page_text.js")
    open(js, "w").write(PAGE_TEXT_JS)
    rc, out, err = run(["mutool", "run", js, pdf])
    pages = out.replace("\u2005", " ").split("\f")
    return [[l.rstrip() for l in p.split("\n") if l.strip()] for p in pages]


def expected_lines(kind, lang, text, prompts):
    """What extraction should give for a listing: its lines, tabs as tabs,
    prompts (not text in the PDF) left out, empty lines (no ink) left
    out. A line whose prompt was removed is compared without its leading
    blanks."""
    out = []
    for line in text.split("\n"):
        loose = False
        for p in prompts:
            if line.startswith(p):
                line, loose = line[len(p):], True
        if lang == "console" and re.match(r"[$#] ", line):
            line, loose = line[2:], True
        line = "".join(c for c in line if c not in MARKERS).rstrip()
        if line.strip():
            out.append((line.lstrip() if loose else line, loose))
    return out


def match_at(lines, i, want):
    """Whether want's lines follow from lines[i] on, a wrapped line given
    as several; returns the index after, or -1."""
    for w, loose in want:
        if i >= len(lines):
            return -1
        got = lines[i].lstrip() if loose else lines[i]
        i += 1
        while got != w and w.startswith(got) and i < len(lines):
            got += lines[i].lstrip()
            i += 1
        if got != w:
            return -1
    return i


def pdf_checks():
    pdf = os.path.join(OUT, "listings.pdf")
    dump = os.path.join(OUT, "listings.dump")
    rc, _, err = build(pdf, dump=dump)
    report("listings/pdf_build", rc == 0 and os.path.exists(pdf),
           f"exit {rc}: {err}")
    if rc != 0:
        return
    src = source_listings()
    pages = page_texts(pdf)
    # Running heads and page numbers come between a listing's pages.
    heads = {l for p in pages for l in p[-2:]
             if re.fullmatch(r"(第 \d+ 章\s.*|[0-9ivx]+)", l)}
    flat = [l for p in pages for l in p if l not in heads]

    bad = []
    for lid, (kind, lang, text, prompts, numbered) in src.items():
        want = expected_lines(kind, lang, text, prompts)
        if not any(match_at(flat, i, want) > 0 for i in range(len(flat))):
            bad.append(f"{lid}: extracted text differs from "
                       f"{[w for w, _ in want][:3]}")
    report("listings/pdf_extracted_text", not bad, "; ".join(bad))

    # Nothing that is not code is text: prompts, numbers, markers.
    bad = [l for l in flat if re.match(r"\s*\d+\s+(def|greet|\s)", l) or
           l.startswith("$ ") or "controller#" in l]
    bad += [l for l in flat if any(c in MARKERS for c in l) and
            ("=" in l or "openstack" in l)]
    report("listings/pdf_not_copied", not bad, "; ".join(bad[:5]))

    # Page breaking, from the page dump.
    where = {}
    for line in open(dump, encoding="utf-8"):
        f = line.rstrip("\n").split(" ", 6)
        if len(f) == 7 and f[5].startswith("v"):
            where.setdefault(f[6], set()).add(int(f[0]))
    short = set()
    for t in ("echo one", "echo two", "echo three", "echo four",
              "echo five"):
        short |= where.get(t, {-1})
    long_pages = set()
    for k in range(1, 70):
        long_pages |= {p for t, ps in where.items()
                       if t.startswith(f"    step_{k:02d} =") for p in ps}
    report("listings/pdf_short_listing_kept", len(short) == 1 and -1 not in
           short, f"short listing on pages {sorted(short)}")
    report("listings/pdf_long_listing_splits", len(long_pages) >= 2,
           f"long listing on pages {sorted(long_pages)}")

    # Tabs: the text gives each one back, the page keeps the stops every
    # 8 columns (a Han character two of them), 4.5 pt a column.
    def columns(c):
        return 2 if ord(c) >= 0x2E80 else 1

    def expand(line):
        out = ""
        for c in line:
            out += " " * (8 - sum(map(columns, out)) % 8) if c == "\t" else c
        return out
    tabbed = [l.rstrip() for _, _, text, _, _ in src.values()
              for l in text.split("\n") if "\t" in l]
    got = [l for l in flat if "\t" in l]
    report("listings/pdf_tabs_extracted", tabbed and got == tabbed,
           f"got {got}, want {tabbed}")
    drawn = {}
    for line in open(dump, encoding="utf-8"):
        f = line.rstrip("\n").split(" ", 6)
        if len(f) == 7 and f[5].startswith("v"):
            drawn[f[6]] = float(f[3])
    bad = [f"{l!r}: {drawn.get(expand(l))} pt" for l in tabbed
           if abs(drawn.get(expand(l), -1) -
                  4.5 * sum(map(columns, expand(l)))) > 0.05]
    report("listings/pdf_tab_stops", tabbed and not bad, "; ".join(bad))

    # Two mono columns per Han character (9 pt code: 4.5 pt a column).
    bad = []
    for line in open(dump, encoding="utf-8"):
        f = line.rstrip("\n").split(" ", 6)
        if len(f) == 7 and f[5].startswith("v") and "汉字" in f[6]:
            cols = sum(2 if ord(c) >= 0x2E80 else 1 for c in f[6])
            if abs(float(f[3]) - 4.5 * cols) > 0.05:
                bad.append(f"{f[6]!r}: {f[3]} pt for {cols} columns")
    report("listings/pdf_han_two_columns", not bad and any(
        "汉字" in t for t in where), "; ".join(bad) or "no such line")

    # The JPEG embedded as it is; the SVG figures drawn as vectors.
    data = open(pdf, "rb").read()
    jpeg = open(os.path.join(TOP, "tests/listings/photo.jpg"), "rb").read()
    report("listings/pdf_jpeg_unchanged", jpeg in data)
    rc, out, err = run(["qpdf", "--json", "--json-key=pages", pdf])
    try:
        qp = json.loads(out)["pages"]
    except (ValueError, KeyError):
        qp = []
    svg_page = next((i for i, p in enumerate(pages)
                     if any("本章只有 SVG 插图" in l for l in p)), None)
    ok = svg_page is not None and svg_page < len(qp) and \
        not qp[svg_page].get("images")
    report("listings/pdf_svg_vector", ok,
           f"page {svg_page}: {qp[svg_page].get('images') if ok is False and svg_page is not None and svg_page < len(qp) else err}")
    # Two pictures (a PNG and a JPEG); one is shown twice on a page, and
    # that repeat is an image object of its own (see device.c).
    n_images = {(im["width"], im["height"], tuple(im.get("filter", [])))
                for p in qp for im in p.get("images", [])}
    report("listings/pdf_raster_images", len(n_images) == 2,
           f"{sorted(n_images)}: want 2 pictures (PNG and JPEG)")

    # Grey in the print style, colour in a screen style.
    def colours(path):
        rc, out, _ = run(["qpdf", "--qdf", "--object-streams=disable", path,
                          "-"], timeout=120)
        return out
    purple = "0.478431 0.180392 0.560784 rg"      # #7a2e8f, keywords
    screen_pdf = os.path.join(OUT, "listings-screen.pdf")
    rc2, _, err2 = build(screen_pdf, "-s", SCREEN_STYLE)
    report("listings/pdf_print_grey", purple not in colours(pdf))
    report("listings/pdf_screen_colour", rc2 == 0 and
           purple in colours(screen_pdf), err2)
    report("listings/pdf_xref_figure", any("图 3.1 PNG 插图" in l
                                           for l in flat))

    # A listing's background (#f4f4f4) is one rectangle per page it is
    # on, not one per line: at most a fill per listing and page break.
    text = colours(pdf)
    fills = text.count("0.956863 0.956863 0.956863 rg")
    src = open(SRC, encoding="utf-8").read()
    n_listings = len(re.findall(r"<(?:programlisting|screen)\b", src))
    n_pages = text.count("/Type /Page\n")
    report("listings/pdf_background_per_page",
           0 < fills <= n_listings + n_pages,
           f"{fills} background fills for {n_listings} listings "
           f"on {n_pages} pages")


epub_checks()
pdf_checks()
done()
