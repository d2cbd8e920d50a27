#!/usr/bin/env python3
"""Checks on the guide compiled to PDF (a4, and a5 for page labels):
qpdf --check, fonts embedded/subset/SC, every character of the book text
extracted, outline, external links, TOC page numbers, page labels,
metadata. Uses qpdf, pdffonts, pdftotext, pdfinfo and mutool."""
import json, os, re, subprocess, sys, tempfile
import xml.etree.ElementTree as ET

BOOKC = os.environ.get("BOOKC", "out/bookc")
OUT = os.environ.get("OUT") or tempfile.mkdtemp()
TOP = os.environ.get("TOP") or os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.abspath(__file__))))
DB = "{http://docbook.org/ns/docbook}"
XI = "{http://www.w3.org/2001/XInclude}"
XL = "{http://www.w3.org/1999/xlink}"


from _check import report, done
from _xrefs import page_labels, text_string as jstr

def run(cmd, **kw):
    p = subprocess.run(cmd, capture_output=True, cwd=TOP, **kw)
    return p.returncode, p.stdout.decode("utf-8", "replace"), \
        p.stderr.decode("utf-8", "replace")


def load(path):
    """The book's XML with XIncludes resolved (href only)."""
    root = ET.parse(path).getroot()
    base = os.path.dirname(path)
    stack = [root]
    while stack:
        el = stack.pop()
        for i, ch in enumerate(list(el)):
            if ch.tag == XI + "include":
                sub = load(os.path.join(base, ch.get("href")))
                el.remove(ch)
                el.insert(i, sub)
                stack.append(sub)
            else:
                stack.append(ch)
    return root


def text_of(el):
    return "".join(el.itertext())


def build(style, pdf):
    env = dict(os.environ, BOOKC_DATADIR=TOP)
    cmd = os.environ.get("BOOKC_WRAP", "").split() + \
        [BOOKC, "-s", style, "-o", pdf, "book/guide.xml"]
    return run(cmd, env=env)


def page_texts(pdf, n):
    out = []
    for i in range(1, n + 1):
        _, t, _ = run(["pdftotext", "-f", str(i), "-l", str(i), "-enc",
                       "UTF-8", pdf, "-"])
        out.append(t)
    return out


def depth(root, el):
    """How many sections el is nested in, itself included."""
    parents = {c: p for p in root.iter() for c in p}
    d = 0
    while el is not None:
        if el.tag == f"{DB}section":
            d += 1
        el = parents.get(el)
    return d


def squash(s):
    return re.sub(r"\s+", "", s)


def main():
    book = load(os.path.join(TOP, "book", "guide.xml"))
    pdf = os.path.join(OUT, "guide.pdf")
    rc, _, err = build("a4", pdf)
    report("build-a4", rc == 0 and os.path.exists(pdf), err)
    if rc != 0 or not os.path.exists(pdf):
        return

    rc, out, err = run(["qpdf", "--check", pdf])
    report("qpdf-check", rc == 0 and "WARNING" not in out + err,
           out + err)

    rc, out, _ = run(["pdffonts", pdf])
    rows = [l.split() for l in out.splitlines()[2:] if l.strip()]
    bad = []
    for r in rows:
        # name type... emb sub uni objnum gen: from the right
        name, emb, sub = r[0], r[-5], r[-4]
        if emb != "yes" or sub != "yes":
            bad.append(f"{name} emb={emb} sub={sub}")
        if "CJK" in name and "CJKsc" not in name:
            bad.append(f"{name} is not an SC face")
    report("fonts-embedded-subset-sc", rc == 0 and rows and not bad,
           "; ".join(bad) or out)

    _, info, _ = run(["pdfinfo", pdf])
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    report("metadata-creator",
           re.search(r"^Creator:\s+bookc 0\.1\.0$", info, re.M) is not None,
           info)
    title = text_of(book.find(f"{DB}info/{DB}title")).strip()
    report("metadata-title",
           re.search(r"^Title:\s+" + re.escape(title) + "$", info, re.M)
           is not None, info)
    report("metadata-dates-from-source",
           "CreationDate:" in info and "2026" in info, info)

    texts = page_texts(pdf, pages)
    alltext = squash("".join(texts))
    # Every non-space character of the book text, in order of need.
    src = book.find(f"{DB}info")
    chars = set(squash(text_of(book)))
    missing = sorted(c for c in chars if c not in alltext)
    report("text-extracts", not missing, "missing: " + "".join(missing))
    # Whole paragraphs, not just characters.
    paras = [squash(text_of(p)) for p in book.iter(f"{DB}para")]
    lost = [p for p in paras if p and p not in alltext]
    report("paragraphs-extract", not lost, "; ".join(lost[:3]))

    # R23: each paragraph's characters, as mutool reads the PDF's text
    # layer (ToUnicode, not normalised), equal the source's, in order.
    # Running heads and page numbers come out of the page text (the page
    # dump says which lines they are), footnote bodies go to their own
    # stream; a footnote's marker may stand where the footnote was, and
    # an xref's generated text where the xref was.
    dump = os.path.join(OUT, "guide-a4.dump")
    env = dict(os.environ, BOOKC_DATADIR=TOP, BOOKC_PAGE_DUMP=dump)
    pdf_r23 = os.path.join(OUT, "guide-r23.pdf")
    rc, _, err = run([BOOKC, "-o", pdf_r23, "book/guide.xml"], env=env)
    rc2, mtext, err2 = run(["mutool", "draw", "-F", "text", "-o", "-",
                            pdf_r23])
    body, notes, kangxi = "", "", []
    if rc == 0 and rc2 == 0:
        drop, fn = {}, {}
        for line in open(dump, encoding="utf-8"):
            m = re.match(r"(\d+) \S+ (\S+) \S+ \S+ (\S+) ?(.*)$", line)
            if not m:
                continue
            pg, y, tag, t = int(m.group(1)), float(m.group(2)), \
                m.group(3), squash(m.group(4))
            if tag[0] == "o" and (y < 70 or y > 790):
                drop.setdefault(pg, set()).add(t)
            elif tag[0] == "n":
                fn.setdefault(pg, set()).add(t)
        for i, page in enumerate(mtext.split("\f")):
            for line in page.splitlines():
                t = squash(line)
                # list labels are drawn beside the text: lines of their own
                if not t or t in drop.get(i + 1, ()) or \
                        re.fullmatch(r"[●○■]|\d+\.|[a-zA-Z]\.", t):
                    continue
                if t in fn.get(i + 1, ()):
                    notes += t
                else:
                    body += t
        kangxi = [c for c in mtext if 0x2E80 <= ord(c) <= 0x2FDF]
    bad = []
    for p in book.iter(f"{DB}para"):
        parts = []

        def walk(el):
            if el.tag == f"{DB}footnote":
                parts.append(r"\d*")
                return
            if el.tag in (f"{DB}xref", f"{DB}indexterm"):
                parts.append(".*?" if el.tag == f"{DB}xref" else "")
                parts.append(re.escape(squash(el.tail or "")))
                return
            parts.append(re.escape(squash(el.text or "")))
            for ch in el:
                walk(ch)
            if el is not p:
                parts.append(re.escape(squash(el.tail or "")))
        walk(p)
        pattern = "".join(parts)
        if not pattern.replace("\\d*", ""):
            continue
        inside = any(a.tag == f"{DB}footnote" for a in book.iter()
                     if p in list(a.iter()) and a is not p)
        if not re.search(pattern, notes if inside else body):
            bad.append(squash(text_of(p))[:40])
    report("text-layer-equals-source", rc == 0 and rc2 == 0 and not bad and
           not kangxi, "; ".join(bad[:3]) + err +
           (" Kangxi: " + "".join(kangxi[:5]) if kangxi else ""))

    # Outline: every chapter and section title.
    rc, out, err = run(["mutool", "show", pdf, "outline"])
    outline = squash(out)
    titles = []
    for el in book.iter():
        if el.tag in (f"{DB}chapter", f"{DB}section"):
            t = el.find(f"{DB}title")
            if t is not None:
                titles.append(squash(text_of(t)))
    absent = [t for t in titles if t not in outline]
    report("outline", rc == 0 and titles and not absent,
           "absent: " + ", ".join(absent) + err)

    # Every external link is a link annotation with that URI.
    rc, out, err = run(["qpdf", "--json", pdf])
    uris = set()
    if rc == 0:
        data = json.loads(out)
        objs = {k: v.get("value") for k, v in data["qpdf"][1].items()
                if isinstance(v, dict)}
        for obj in objs.values():
            if isinstance(obj, dict) and obj.get("/Subtype") == "/Link":
                a = obj.get("/A")
                if isinstance(a, str):
                    a = objs.get("obj:" + a)
                if isinstance(a, dict) and "/URI" in a:
                    uris.add(jstr(a["/URI"]))
    hrefs = {el.get(XL + "href") for el in book.iter()
             if el.get(XL + "href")}
    nolink = sorted(h for h in hrefs if h not in uris)
    report("external-links", rc == 0 and hrefs and not nolink,
           "no annotation for: " + ", ".join(nolink))

    # TOC page numbers: each entry's number is the page with its heading.
    toc_page = next((i for i, t in enumerate(texts) if "目录" in t), None)
    bad = []
    labels = {}
    if toc_page is None:
        bad.append("no TOC page")
    else:
        # body page N is physical page index: find the page labelled "1"
        first_body = next(i for i, t in enumerate(texts)
                          if i > toc_page and "第0章" in squash(t))
        toc = ""
        for i in range(toc_page, first_body):
            _, t, _ = run(["pdftotext", "-layout", "-f", str(i + 1),
                           "-l", str(i + 1), "-enc", "UTF-8", pdf, "-"])
            toc += t
        for line in toc.splitlines():
            m = re.match(r"\s*(.*?)\s+(\d+)\s*$", line)
            if not m or not m.group(1).strip():
                continue
            if not re.match(r"第 ?\d+ ?章|\d+(\.\d+)+", m.group(1)):
                continue
            heading, num = squash(m.group(1)), int(m.group(2))
            idx = first_body + num - 1
            if idx >= len(texts):
                bad.append(f"{heading}: page {num} beyond end")
                continue
            # list bullets may be extracted amid a heading's text
            body = re.sub("[●○■]", "", squash(texts[idx]))
            # the heading's title must be on that page
            if heading not in body:
                bad.append(f"{heading} not on page {num}")
            labels[heading] = num
    want = [el for el in book.iter() if el.tag == f"{DB}chapter" or (
        el.tag == f"{DB}section" and depth(book, el) <= 3)]
    report("toc-page-numbers", not bad and len(labels) >= len(want),
           "; ".join(bad[:5]) + f" ({len(labels)} entries, "
           f"{len(want)} wanted)")

    # Page labels: roman front matter, then arabic from 1, matching the
    # numbers printed at the foot of each page.
    got = page_labels(pdf, pages)
    ok = len(got) == pages and got[:2] == ["i", "ii"] and \
        toc_page is not None and got[first_body] == "1"
    mism = []
    for i, t in enumerate(texts):
        last = [x for x in t.strip().splitlines() if x.strip()]
        if i < len(got) and i > 0 and last and last[-1].strip() != got[i]:
            mism.append(f"page {i + 1}: printed {last[-1].strip()!r}, "
                        f"label {got[i]!r}")
    report("page-labels", ok and not mism,
           f"labels {got[:6]}... " + "; ".join(mism[:3]))

    # a5: two-sided, chapters on recto pages.
    pdf5 = os.path.join(OUT, "guide-a5.pdf")
    env = dict(os.environ, BOOKC_DATADIR=TOP,
               BOOKC_PAGE_DUMP=os.path.join(OUT, "a5.dump"))
    rc, _, err = run([BOOKC, "-s", "a5", "-o", pdf5, "book/guide.xml"],
                     env=env)
    report("build-a5", rc == 0, err)
    if rc == 0:
        dump = open(os.path.join(OUT, "a5.dump"), encoding="utf-8").read()
        wrong = []
        label = None
        for line in dump.splitlines():
            m = re.match(r"page (\d+) (\S+)", line)
            if m:
                label = m.group(2)
                continue
            if re.search(r" 第 \d+ 章$", line) and label and label.isdigit():
                if int(label) % 2 == 0:
                    wrong.append(label)
        report("a5-chapters-recto", not wrong,
               "chapters on even pages: " + ", ".join(wrong))
        rc, out, err = run(["qpdf", "--check", pdf5])
        report("a5-qpdf-check", rc == 0 and "WARNING" not in out + err,
               out + err)


main()
done()
