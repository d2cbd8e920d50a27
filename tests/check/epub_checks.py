#!/usr/bin/env python3
"""EPUB back end checks (python3 stdlib only; epubcheck through java).

Builds book/guide.xml and tests/epub/features.xml into EPUBs and checks
them: epubcheck clean, the zip's layout, well-formed XHTML with languages,
all source text present, links resolving, the navigation complete, every
character covered by the embedded font the stylesheet applies to it,
byte-identical rebuilds, size. Also builds and runs tests/epub/unit.c (the
escaping module and the XHTML writer). Environment: BOOKC, OUT, TOP.
"""
import os, re, shutil, struct, subprocess, sys, zipfile
import xml.etree.ElementTree as ET
from xml.etree import ElementInclude

BOOKC = os.environ.get("BOOKC", "out/bookc")
OUT = os.environ.get("OUT", "/tmp")
TOP = os.environ.get("TOP", os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.abspath(__file__)))))
EPUBCHECK = "/usr/share/java/epubcheck.jar"
XH = "{http://www.w3.org/1999/xhtml}"
EP = "{http://www.idpf.org/2007/ops}"
XL = "{http://www.w3.org/XML/1998/namespace}lang"
DB = "{http://docbook.org/ns/docbook}"


from _check import report, done

def build(src, dest, env_extra=None):
    env = dict(os.environ, BOOKC_DATADIR=TOP)
    env.update(env_extra or {})
    wrap = os.environ.get("BOOKC_WRAP", "").split()
    p = subprocess.run(wrap + [BOOKC, "-o", dest, src], cwd=TOP, env=env,
                       capture_output=True, text=True, timeout=300)
    return p.returncode, p.stderr


# ---- Reading the EPUB -------------------------------------------------------

def opf_of(z):
    c = ET.fromstring(z.read("META-INF/container.xml"))
    rf = c.find(".//{urn:oasis:names:tc:opendocument:xmlns:container}rootfile")
    return rf.get("full-path")


def xhtml_docs(z):
    """name in zip -> parsed root, for every XHTML file of the manifest."""
    opf = opf_of(z)
    base = os.path.dirname(opf)
    pkg = ET.fromstring(z.read(opf))
    docs = {}
    for it in pkg.iter("{http://www.idpf.org/2007/opf}item"):
        if it.get("media-type") == "application/xhtml+xml":
            name = os.path.normpath(os.path.join(base, it.get("href")))
            docs[name] = ET.fromstring(z.read(name))
    return pkg, docs


def text_of(el):
    return "".join(el.itertext())


def nows(s):
    return re.sub(r"\s+", "", s)


# ---- The DocBook source -----------------------------------------------------

def source_tree(src):
    path = os.path.join(TOP, src)
    tree = ET.parse(path)
    root = tree.getroot()
    base = os.path.dirname(path)

    def loader(href, parse, encoding=None):
        full = os.path.join(base, href)
        if parse == "xml":
            return ET.parse(full).getroot()
        return open(full, encoding=encoding or "utf-8").read()
    ElementInclude.include(root, loader=loader)
    return root


def source_texts(root):
    """Every text node of the book (index terms left out)."""
    out = []

    def walk(el):
        tag = el.tag.replace(DB, "")
        if tag in ("indexterm", "primary", "secondary", "tertiary"):
            return
        if el.text and el.text.strip():
            out.append(el.text)
        for c in el:
            walk(c)
            if c.tail and c.tail.strip():
                out.append(c.tail)
    walk(root)
    return out


def source_titles(root):
    out = []
    for el in root.iter():
        tag = el.tag.replace(DB, "")
        if tag in ("chapter", "section", "appendix", "preface", "part",
                   "simplesect"):
            t = el.find(DB + "title")
            if t is None:
                t = el.find(DB + "info/" + DB + "title")
            if t is not None:
                out.append(nows(text_of(t)))
    return out


# ---- Fonts: a tiny OpenType cmap reader -----------------------------------

def cmap_chars(data):
    num = struct.unpack(">H", data[4:6])[0]
    tables = {}
    for i in range(num):
        tag, _, off, length = struct.unpack(">4sIII", data[12 + 16 * i:28 + 16 * i])
        tables[tag] = (off, length)
    off = tables[b"cmap"][0]
    n = struct.unpack(">H", data[off + 2:off + 4])[0]
    chars = set()
    for i in range(n):
        pid, eid, sub = struct.unpack(">HHI", data[off + 4 + 8 * i:off + 12 + 8 * i])
        s = off + sub
        fmt = struct.unpack(">H", data[s:s + 2])[0]
        if fmt == 4:
            segx2 = struct.unpack(">H", data[s + 6:s + 8])[0]
            seg = segx2 // 2
            ends = struct.unpack(f">{seg}H", data[s + 14:s + 14 + segx2])
            p = s + 16 + segx2
            starts = struct.unpack(f">{seg}H", data[p:p + segx2])
            deltas = struct.unpack(f">{seg}h", data[p + segx2:p + 2 * segx2])
            ro_at = p + 2 * segx2
            ros = struct.unpack(f">{seg}H", data[ro_at:ro_at + segx2])
            for k in range(seg):
                for c in range(starts[k], ends[k] + 1):
                    if c == 0xFFFF:
                        continue
                    if ros[k] == 0:
                        g = (c + deltas[k]) & 0xFFFF
                    else:
                        a = ro_at + 2 * k + ros[k] + 2 * (c - starts[k])
                        g = struct.unpack(">H", data[a:a + 2])[0]
                        if g:
                            g = (g + deltas[k]) & 0xFFFF
                    if g:
                        chars.add(c)
        elif fmt == 12:
            ngroups = struct.unpack(">I", data[s + 12:s + 16])[0]
            for k in range(ngroups):
                a, b, g = struct.unpack(">III", data[s + 16 + 12 * k:s + 28 + 12 * k])
                for c in range(a, b + 1):
                    if g + (c - a):
                        chars.add(c)
    return chars


# ---- Which face the stylesheet gives an element ------------------------------

def parse_css(css):
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    css = re.sub(r"@charset[^;]*;", "", css)
    faces, rules = {}, []
    for m in re.finditer(r"([^{}]+)\{([^{}]*)\}", css):
        sel, body = m.group(1).strip(), m.group(2)
        decl = {}
        for d in body.split(";"):
            if ":" in d:
                k, v = d.split(":", 1)
                decl[k.strip()] = v.strip()
        if sel.startswith("@font-face"):
            fam = decl["font-family"].strip('"')
            url = re.search(r'url\("?([^")]+)"?\)', decl["src"]).group(1)
            faces[(fam, decl.get("font-weight", "normal"))] = url
            continue
        for s in sel.split(","):
            rules.append((s.strip(), decl))
    return faces, rules


def simple_match(sel, el, lang):
    """tag, .class, tag.class, tag:lang(x) and descendant chains of them."""
    parts = sel.split()
    m = re.fullmatch(r"([a-z0-9]*)((?:\.[\w-]+)*)(?::lang\(([\w-]+)\))?",
                     parts[-1])
    if not m:
        return None
    tag, classes, lg = m.groups()
    if tag and el.tag != XH + tag:
        return None
    have = (el.get("class") or "").split()
    for c in classes.split(".")[1:]:
        if c not in have:
            return None
    if lg and not (lang or "").startswith(lg):
        return None
    return (len(parts) - 1, (1 if tag else 0) + 10 * (classes.count(".") + bool(lg)))


def face_files(faces, family, weight):
    """The embedded files a font-family list draws with, in order: its
    leading bookc-* families (a face, then its fallbacks)."""
    urls = []
    bold = weight in ("bold", "700")
    for fam in family.split(","):
        fam = fam.strip().strip('"')
        if not fam.startswith("bookc-"):
            break
        f = faces.get((fam, "bold" if bold else "normal")) or \
            faces.get((fam, "normal")) or faces.get((fam, "bold"))
        if f:
            urls.append(f)
    return urls


def check_fonts(z, docs, name, skip=""):
    css_name = [n for n in z.namelist() if n.endswith(".css")][0]
    faces, rules = parse_css(z.read(css_name).decode())
    cmaps = {}
    for url in set(faces.values()):
        path = os.path.normpath(os.path.join(os.path.dirname(css_name), url))
        cmaps[url] = cmap_chars(z.read(path))
    bad = {}

    def visit(el, family, weight, lang, ancestors):
        lang = el.get(XL) or el.get("lang") or lang
        best = {}
        for sel, decl in rules:
            parts = sel.split()
            m = simple_match(sel, el, lang)
            if m is None:
                continue
            # Descendant parts must match some ancestor, in order.
            ok, i = True, len(ancestors) - 1
            for p in reversed(parts[:-1]):
                while i >= 0 and simple_match(p, ancestors[i][0],
                                              ancestors[i][1]) is None:
                    i -= 1
                if i < 0:
                    ok = False
                    break
                i -= 1
            if not ok:
                continue
            spec = m[1] + m[0]
            for k in ("font-family", "font-weight"):
                if k in decl and spec >= best.get(k, (-1, ""))[0]:
                    best[k] = (spec, decl[k])
        if "font-family" in best:
            family = best["font-family"][1]
        if "font-weight" in best:
            weight = best["font-weight"][1]
        urls = face_files(faces, family, weight)
        hidden = el.get("hidden") is not None or el.tag in (XH + "head",)
        texts = [el.text] + [c.tail for c in el]
        if not hidden:
            for t in texts:
                for ch in t or "":
                    if ch.isspace() or ord(ch) < 0x20 or \
                            0x200B <= ord(ch) <= 0x200F or ch in skip:
                        continue
                    if not any(ord(ch) in cmaps[u] for u in urls):
                        key = (urls[0] if urls else None, ch)
                        bad[key] = bad.get(key, 0) + 1
        for c in el:
            if not hidden:
                visit(c, family, weight, lang, ancestors + [(el, lang)])

    for doc in docs.values():
        visit(doc, "", "normal", None, [])
    report(f"{name}: every character is in the embedded font the CSS applies",
           not bad and faces, f"{len(bad)} misses, e.g. "
           f"{sorted(bad.items())[:10]}" if bad else "no @font-face")


# ---- The checks -------------------------------------------------------------

def check_epubcheck(path, name):
    if not shutil.which("java") or not os.path.exists(EPUBCHECK):
        report(f"{name}: epubcheck", False, "java or epubcheck.jar missing")
        return
    p = subprocess.run(["java", "-jar", EPUBCHECK, path], capture_output=True,
                       text=True, timeout=300)
    out = p.stdout + p.stderr
    m = re.search(r"Messages: (\d+) fatals? / (\d+) errors? / (\d+) warnings?", out)
    if m is None:
        report(f"{name}: epubcheck", "No errors or warnings detected" in out,
               out[-800:])
    else:
        report(f"{name}: epubcheck 0 fatals / 0 errors / 0 warnings",
               m.groups() == ("0", "0", "0"), out[-800:])


def check_zip(path, name):
    data = open(path, "rb").read()
    z = zipfile.ZipFile(path)
    infos = z.infolist()
    first = infos[0]
    report(f"{name}: mimetype first, stored, no extra field",
           first.filename == "mimetype" and first.compress_type == 0 and
           first.extra == b"" and data[30:38] == b"mimetype" and
           struct.unpack("<H", data[28:30])[0] == 0 and
           z.read("mimetype") == b"application/epub+zip",
           f"{first.filename} {first.compress_type} {first.extra!r}")
    names = [i.filename for i in infos]
    opf = opf_of(z)
    report(f"{name}: container.xml then the package document second and third",
           names[1] == "META-INF/container.xml" and names[2] == opf, names[:4])
    extras = []
    for i in infos:
        n = struct.unpack("<H", data[i.header_offset + 28:i.header_offset + 30])[0]
        if i.extra or n:
            extras.append(i.filename)
    report(f"{name}: no entry has extra fields", not extras, extras)
    # bookc deflates the entries itself (epub.c, deflate_entry): each
    # must inflate to data with the CRC the directory gives
    bad = z.testzip()
    report(f"{name}: every entry inflates and matches its CRC", bad is None,
           bad)
    report(f"{name}: Apple display options (specified-fonts)",
           b"specified-fonts" in z.read(
               "META-INF/com.apple.ibooks.display-options.xml"))
    return z


def check_package(z, pkg, name, has_images):
    O = "{http://www.idpf.org/2007/opf}"
    DC = "{http://purl.org/dc/elements/1.1/}"
    md = pkg.find(O + "metadata")
    ident = md.find(DC + "identifier").text
    metas = {}
    for m in md.findall(O + "meta"):
        if m.get("property"):
            metas.setdefault(m.get("property"), []).append(m.text)
    ok = (re.fullmatch(r"urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-"
                       r"[89ab][0-9a-f]{3}-[0-9a-f]{12}", ident) and
          md.find(DC + "language").text == "zh-CN" and
          md.find(DC + "title").text and md.find(DC + "date") is not None and
          re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ",
                       metas.get("dcterms:modified", [""])[0]))
    report(f"{name}: package metadata (identifier, title, language, dates)",
           ok, ident)
    acc = ("textual" in metas.get("schema:accessMode", []) and
           ("visual" in metas.get("schema:accessMode", [])) == has_images and
           metas.get("schema:accessModeSufficient") and
           {"structuralNavigation", "tableOfContents", "readingOrder"} <=
           set(metas.get("schema:accessibilityFeature", [])) and
           metas.get("schema:accessibilitySummary") and
           metas.get("schema:accessibilityHazard"))
    report(f"{name}: accessibility metadata", acc, metas)
    cover = [i for i in pkg.iter(O + "item")
             if "cover-image" in (i.get("properties") or "")]
    report(f"{name}: cover image in the manifest",
           len(cover) == 1 and cover[0].get("media-type") == "image/png")
    fonts = [i for i in pkg.iter(O + "item") if i.get("href").endswith(".otf")]
    report(f"{name}: fonts in the manifest with an OpenType media type",
           fonts and all(i.get("media-type") in (
               "application/vnd.ms-opentype", "font/otf") for i in fonts))


def check_xhtml(z, docs, src_root, name):
    bad = [n for n, d in docs.items()
           if d.get(XL) != "zh-CN" or d.get("lang") != "zh-CN"]
    report(f"{name}: every XHTML parses, with xml:lang and lang zh-CN",
           not bad, bad)
    # Languages: both attributes, always equal.
    mism = [n for n, d in docs.items() for e in d.iter()
            if (e.get(XL) or e.get("lang")) and e.get(XL) != e.get("lang")]
    report(f"{name}: lang and xml:lang agree", not mism, mism[:5])
    # Ids: NCNames, unique per file.
    badid = []
    for n, d in docs.items():
        ids = [e.get("id") for e in d.iter() if e.get("id")]
        badid += [i for i in ids if not re.fullmatch(r"[A-Za-z_][\w.-]*", i)]
        if len(ids) != len(set(ids)):
            badid.append(f"duplicate in {n}")
    report(f"{name}: ids are unique NCNames", not badid, badid[:5])
    # Text: every source text node, whitespace aside, in the XHTML in order
    # of appearance somewhere.
    # (Image descriptions count: a textobject becomes the img's alt.)
    body = "".join(nows(text_of(d.find(XH + "body"))) +
                   "".join(nows(e.get("alt") or "") for e in d.iter(XH + "img"))
                   for n, d in sorted(docs.items()))
    missing = [t for t in source_texts(src_root) if nows(t) not in body]
    report(f"{name}: every text of the book appears in the XHTML",
           not missing, missing[:5])
    chars = set(nows("".join(source_texts(src_root))))
    report(f"{name}: every character of the book appears in the XHTML",
           chars <= set(body), sorted(chars - set(body))[:20])
    # Links: every internal href and src resolves, fragment included.
    ids = {n: {e.get("id") for e in d.iter() if e.get("id")}
           for n, d in docs.items()}
    names = set(z.namelist())
    broken = []
    for n, d in docs.items():
        for e in d.iter():
            for attr in ("href", "src"):
                v = e.get(attr)
                if not v or re.match(r"[a-z]+:", v):
                    continue
                f, _, frag = v.partition("#")
                target = os.path.normpath(os.path.join(os.path.dirname(n), f)) \
                    if f else n
                if target not in names:
                    broken.append(f"{n}: {v}")
                elif frag and frag not in ids.get(target, set()):
                    broken.append(f"{n}: {v}")
    report(f"{name}: every internal link's target exists", not broken,
           broken[:5])
    # Navigation: every chapter and section title in the nav's toc.
    nav = [d for d in docs.values()
           if d.find(f".//{XH}nav[@{EP}type='toc']") is not None]
    navtext = nows(text_of(nav[0].find(f".//{XH}nav[@{EP}type='toc']"))) \
        if nav else ""
    lost = [t for t in source_titles(src_root) if t not in navtext]
    report(f"{name}: the nav lists every chapter and section", nav and not lost,
           lost[:5])
    ncx = [n for n in z.namelist() if n.endswith(".ncx")]
    ncxtext = nows(z.read(ncx[0]).decode()) if ncx else ""
    report(f"{name}: toc.ncx lists every chapter and section",
           ncx and all(t in ncxtext for t in source_titles(src_root)))
    # No block inside phrasing content: p/h*/pre hold no flow elements.
    blocks = {XH + t for t in "p div section aside ul ol li dl table figure "
              "blockquote pre h1 h2 h3 h4 h5 h6 nav".split()}
    phr = {XH + t for t in "p h1 h2 h3 h4 h5 h6 pre span a em strong code".split()}
    nested = [n for n, d in docs.items() for e in d.iter() if e.tag in phr
              for c in e.iter() if c is not e and c.tag in blocks]
    report(f"{name}: no block inside phrasing content", not nested, nested[:3])
    nested_a = [n for n, d in docs.items() for a in d.iter(XH + "a")
                for c in a.iter(XH + "a") if c is not a]
    report(f"{name}: no link inside a link", not nested_a)


def check_features(z, docs):
    name = "features"
    allx = {n: d for n, d in docs.items()}
    hrefs = [e.get("href") for d in allx.values() for e in d.iter(XH + "a")]
    report(f"{name}: placeholder, git:// and ssh:// addresses are not links",
           not any(h and re.search(r"[{}]|%\(|^git:|^ssh:", h) for h in hrefs))
    codes = [text_of(e) for d in allx.values() for e in d.iter(XH + "code")]
    report(f"{name}: placeholder URL shown as code",
           "http://{region}.example.com/" in codes and
           "git://git.openstack.org/openstack/nova" in codes, codes[:20])
    report(f"{name}: real external links kept",
           "https://www.openstack.org/" in hrefs)
    ids = {e.get("id") for d in allx.values() for e in d.iter() if e.get("id")}
    report(f"{name}: pandoc-style ids sanitised", "chap_intro" in ids and
           not any(":" in i for i in ids), sorted(ids)[:10])
    notes = [(n, e) for n, d in allx.items() for e in d.iter(XH + "aside")
             if e.get(EP + "type") == "footnote"]
    refs = [e for d in allx.values() for e in d.iter(XH + "a")
            if e.get(EP + "type") == "noteref"]
    report(f"{name}: footnotes as epub:type footnote asides with noterefs",
           len(notes) == 2 and len(refs) == 3 and
           all(r.get("href").startswith("#") for r in refs), (len(notes), len(refs)))
    crossfile = [h for h in hrefs if h and re.match(r"\w+\.xhtml#", h)]
    report(f"{name}: cross-file xrefs", any(h.startswith("ch02.xhtml#fig_")
                                            for h in crossfile), crossfile[:8])
    kinds = {e.tag.replace(XH, "") for d in allx.values() for e in d.iter()}
    want = {"ul", "ol", "dl", "dt", "dd", "pre", "aside", "blockquote", "table",
            "thead", "tbody", "th", "td", "caption", "figure", "figcaption",
            "img", "em", "strong", "code", "var", "sup", "sub", "section",
            "h1", "h2", "h3"}
    report(f"{name}: every element kind is mapped", want <= kinds,
           sorted(want - kinds))
    figc = [text_of(e) for d in allx.values() for e in d.iter(XH + "figcaption")]
    report(f"{name}: figure caption with its label", "图 2.1 一张小图" in figc, figc)
    spans = [e.get("colspan") for d in allx.values() for e in d.iter(XH + "td")]
    rows = [e.get("rowspan") for d in allx.values() for e in d.iter(XH + "td")]
    report(f"{name}: colspan from namest/nameend, rowspan from morerows",
           "3" in spans and "2" in rows)
    en = [e for d in allx.values() for e in d.iter()
          if e.get("lang") == "en" and e.get(XL) == "en"]
    report(f"{name}: English phrase tagged en", len(en) >= 1)
    noind = [e for d in allx.values() for e in d.iter(XH + "p")
             if "noindent" in (e.get("class") or "") and
             text_of(e) == "之后继续。"]
    report(f"{name}: continued paragraph has class noindent", len(noind) == 1)
    css = z.read([n for n in z.namelist() if n.endswith(".css")][0]).decode()
    rules = ["text-indent: 2em", "text-align: justify", "line-break: strict",
             "text-spacing-trim", "text-autospace", "hanging-punctuation: none",
             "break-after: avoid", "line-height: 1.75"]
    report(f"{name}: CSS has the Chinese rules",
           all(r in css for r in rules) and
           re.search(r"em \{\s*font-style: normal;\s*font-weight: bold", css),
           [r for r in rules if r not in css])
    names = z.namelist()
    report(f"{name}: the figure's PNG is in the EPUB",
           any(n.endswith("diagram.png") for n in names))


def check_unit():
    cc = shutil.which("cc") or shutil.which("gcc")
    exe = os.path.join(OUT, "epub_unit")
    try:
        flags = subprocess.run(["pkg-config", "--cflags", "--libs", "glib-2.0"],
                               capture_output=True, text=True, check=True).stdout.split()
        p = subprocess.run([cc, "-std=c11", "-D_GNU_SOURCE", "-Wall", "-Wextra",
                            "-Werror", "-I" + os.path.join(TOP, "compiler/epub"),
                            os.path.join(TOP, "tests/epub/unit.c"),
                            os.path.join(TOP, "compiler/epub/escape.c"),
                            os.path.join(TOP, "compiler/epub/xhtml.c"),
                            "-o", exe] + flags, capture_output=True, text=True)
    except (OSError, subprocess.CalledProcessError, TypeError) as e:
        report("unit: build", False, e)
        return
    if p.returncode != 0:
        report("unit: build", False, p.stderr[-800:])
        return
    r = subprocess.run([exe], capture_output=True, text=True)
    for line in r.stdout.splitlines():
        if line.startswith("ok "):
            report("unit: " + line[3:], True)
        elif line.startswith("not ok "):
            n, _, why = line[7:].partition(":")
            report("unit: " + n, False, why)
    if r.returncode != 0 and "not ok" not in r.stdout:
        report("unit: run", False, r.stderr)


def main():
    check_unit()
    for name, src, has_images in (("guide", "book/guide.xml", False),
                                  ("features", "tests/epub/features.xml", True)):
        path = os.path.join(OUT, name + ".epub")
        rc, err = build(src, path)
        report(f"{name}: builds", rc == 0 and os.path.exists(path), err)
        if rc != 0 or not os.path.exists(path):
            continue
        if name == "features":
            report("features: missing image reported",
                   "image 'missing.png'" in err and "warning" in err, err)
        else:
            report(f"{name}: no diagnostics", err.strip() == "", err)
        check_epubcheck(path, name)
        z = check_zip(path, name)
        pkg, docs = xhtml_docs(z)
        check_package(z, pkg, name, has_images)
        check_xhtml(z, docs, source_tree(src), name)
        check_fonts(z, docs, name)
        if name == "features":
            check_features(z, docs)
        size = os.path.getsize(path)
        report(f"{name}: EPUB is under 2 MB ({size} bytes)", size < 2 * 1024 * 1024)
        again = os.path.join(OUT, name + "-again.epub")
        if name == "features":
            gpath = os.path.join(OUT, "glyph.epub")
            rc, gerr = build("tests/epub/glyph.xml", gpath)
            report("glyph: a character without a glyph is a warning",
                   rc == 0 and os.path.exists(gpath) and
                   re.search(r"glyph\.xml:8:\d+: warning: no glyph for U\+13000",
                             gerr), gerr)
            report("glyph: a character the faces lack but another font has "
                   "is no warning", "U+0160" not in gerr, gerr)
            if rc == 0:
                with zipfile.ZipFile(gpath) as gz:
                    gdocs = {n: ET.fromstring(gz.read(n)) for n in gz.namelist()
                             if n.endswith(".xhtml")}
                    for n in list(gdocs):
                        if "Š" not in "".join(gdocs[n].itertext()):
                            del gdocs[n]
                    css = gz.read([n for n in gz.namelist()
                                   if n.endswith(".css")][0]).decode()
                    report("glyph: fallback fonts embedded and listed after "
                           "the faces", all(f in gz.namelist() for f in (
                               "EPUB/fonts/serif-2.ttf",
                               "EPUB/fonts/mono-2.ttf")) and
                           re.search(r'"bookc-serif", "bookc-serif-2", ', css),
                           gz.namelist())
                    check_fonts(gz, gdocs, "glyph (Š)", skip="\U00013000")
                    # Calibre's check expects this type for .ttf as for
                    # .otf in a 3.0 package (application/font-sfnt is a
                    # "MIME type that does not match its extension").
                    ttf = [i.get("media-type") for i in ET.fromstring(
                        gz.read("EPUB/package.opf")).iter(
                            "{http://www.idpf.org/2007/opf}item")
                        if i.get("href").endswith(".ttf")]
                    report("glyph: .ttf fonts are application/vnd.ms-opentype "
                           "in the manifest", ttf and all(
                               t == "application/vnd.ms-opentype"
                               for t in ttf), ttf)
        rc, err = build(src, again, {"TZ": "America/New_York"})
        report(f"{name}: a second build (another TZ) is byte-identical",
               rc == 0 and open(path, "rb").read() == open(again, "rb").read())
    done()


main()
