#!/usr/bin/env python3
"""The PDF's accessibility marks, read back with qpdf --json (issue 20):
the catalog has /MarkInfo << /Marked true >>, /ViewerPreferences
<< /DisplayDocTitle true >>, /Lang and an XMP /Metadata stream whose
dc:title, dc:creator and dc:language are the book's; every page has
/Tabs /S; the file passes qpdf --check. On the guide (front matter moved
first by finish.c) and a book with an author and no contents pages. The
PDF/UA identification (pdfuaid:part 1) only with the style's claim
([accessibility] certified-by, as the EPUB's conformsTo)."""
import json, os, re, subprocess
import xml.etree.ElementTree as ET

TOP = os.environ["TOP"]; BOOKC = os.environ["BOOKC"]; OUT = os.environ["OUT"]

from _check import report, done

NS = {"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
      "dc": "http://purl.org/dc/elements/1.1/",
      "pdfuaid": "http://www.aiim.org/pdfua/ns/id/"}

ini = os.path.join(OUT, "pdf-claim.ini")
with open(ini, "w") as f:
    f.write("[accessibility]\ncertified-by = Example Press\n")

for src, title, author, lang, claim in (
        ("book/guide.xml", "OpenStack 学习指南", None, "zh-CN", False),
        ("tests/epub/features.xml", None, None, None, False),
        ("tests/epub/features.xml", None, None, None, True)):
    name = os.path.basename(src) + (" (claim)" if claim else "")
    pdf = os.path.join(OUT, "a11y.pdf")
    p = subprocess.run([BOOKC, "-q", *(["-s", ini] if claim else []), "-o", pdf, src],
                       cwd=TOP, capture_output=True, text=True)
    if not report(f"{name}: builds", p.returncode == 0, p.stderr):
        continue
    q = subprocess.run(["qpdf", "--check", pdf], capture_output=True, text=True)
    report(f"{name}: qpdf --check", q.returncode == 0, q.stdout[-300:])
    objs = json.loads(subprocess.run(["qpdf", "--json", "--json-key=qpdf", pdf],
                                     capture_output=True, text=True).stdout)["qpdf"][1]
    val = {k: v.get("value", v.get("stream", {}).get("dict")) for k, v in objs.items()}
    cat = next(v for v in val.values() if isinstance(v, dict) and v.get("/Type") == "/Catalog")
    pages = [v for v in val.values() if isinstance(v, dict) and v.get("/Type") == "/Page"]
    report(f"{name}: /MarkInfo << /Marked true >>", cat.get("/MarkInfo") == {"/Marked": True}, cat)
    report(f"{name}: /DisplayDocTitle true",
           cat.get("/ViewerPreferences", {}).get("/DisplayDocTitle") is True, cat)
    report(f"{name}: /Tabs /S on all {len(pages)} pages",
           pages and all(pg.get("/Tabs") == "/S" for pg in pages),
           [pg for pg in pages if pg.get("/Tabs") != "/S"][:1])
    ref = cat.get("/Metadata", "")
    if not report(f"{name}: catalog names an XMP /Metadata stream",
                  re.fullmatch(r"\d+ 0 R", ref) is not None and
                  val.get("obj:" + ref, {}).get("/Subtype") == "/XML", cat):
        continue
    xmp = subprocess.run(["qpdf", "--show-object=" + ref.split()[0], "--raw-stream-data", pdf],
                         capture_output=True).stdout.decode()
    body = re.search(r"<x:xmpmeta.*</x:xmpmeta>", xmp, re.S)
    try:
        root = ET.fromstring(body.group(0))
    except (AttributeError, ET.ParseError) as e:
        report(f"{name}: XMP is well-formed", False, e)
        continue
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
    want_title = title or re.search(r"^Title:\s+(.*)$", info, re.M).group(1)
    got_title = root.findtext(".//dc:title/rdf:Alt/rdf:li", namespaces=NS)
    report(f"{name}: XMP dc:title is the document title ({want_title})",
           got_title == want_title, got_title)
    want_lang = lang or cat.get("/Lang", "").removeprefix("u:")
    got_lang = root.findtext(".//dc:language/rdf:Bag/rdf:li", namespaces=NS)
    report(f"{name}: XMP dc:language is the catalog's /Lang ({want_lang})",
           want_lang and got_lang == want_lang, got_lang)
    part = root.findtext(".//pdfuaid:part", namespaces=NS)
    report(f"{name}: XMP pdfuaid:part is {'1' if claim else 'absent'}",
           part == ("1" if claim else None), part)
    want_author = re.search(r"^Author:\s+(.*)$", info, re.M)
    got_author = root.findtext(".//dc:creator/rdf:Seq/rdf:li", namespaces=NS)
    report(f"{name}: XMP dc:creator is the Info /Author",
           got_author == (want_author.group(1) if want_author else None), got_author)
done()
