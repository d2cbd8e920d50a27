#!/usr/bin/env python3
"""One edition, two formats: an EPUB made in the same run as the PDF marks
where each printed page begins (epub:type="pagebreak", role
doc-pagebreak), lists them in a page-list, and declares its print source;
each mark stands before the text that begins that page in the PDF. The
NCX has the same pages in a pageList; the contents' pages are marked in the
navigation document, not in the first division's heading."""
import os, re, subprocess, sys, zipfile

TOP = os.environ["TOP"]; BOOKC = os.environ["BOOKC"]; OUT = os.environ["OUT"]

from _check import report, done
result = report

def squeeze(s):
    return re.sub(r"\s+", "", s)

for style, book in (("a4", "book/guide.xml"), ("a5", "book/guide.xml"), ("a4", "tests/typo/typography.xml")):
    tag = f"{style}/{os.path.basename(book)}"
    pdf, epub = os.path.join(OUT, "p.pdf"), os.path.join(OUT, "p.epub")
    p = subprocess.run([BOOKC, "-s", style, "-o", pdf, "-o", epub, book], cwd=TOP,
                       capture_output=True, text=True)
    result(f"{tag}: builds", p.returncode == 0, p.stderr)
    if p.returncode:
        continue
    n = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", pdf], capture_output=True,
                                                         text=True).stdout).group(1))
    z = zipfile.ZipFile(epub)
    files = {name[5:]: z.read(name).decode() for name in z.namelist() if name.endswith(".xhtml")}
    opf = z.read("EPUB/package.opf").decode()
    nav = files["nav.xhtml"]
    pl = re.search(r'<nav epub:type="page-list".*?</nav>', nav, re.S)
    entries = re.findall(r'<a href="([^"#]+)#([^"]+)">([^<]+)</a>', pl.group(0)) if pl else []
    result(f"{tag}: page-list has one entry per printed page ({n})", len(entries) == n,
           f"{len(entries)} entries")
    ok_targets = all(f'id="{frag}"' in files.get(f, "") and
                     re.search(r'<span epub:type="pagebreak" role="doc-pagebreak" id="%s"' % re.escape(frag),
                               files.get(f, "")) for f, frag, _ in entries)
    result(f"{tag}: each entry points at a page-break mark", entries and ok_targets)
    result(f"{tag}: print source declared", "<dc:source" in opf and "source-of" in opf
           and "printPageNumbers" in opf)
    # The NCX has the same pages (Calibre and older readers read only it).
    ncx = z.read("EPUB/toc.ncx").decode()
    targets = re.findall(r'<pageTarget id="[^"]+" type="(front|normal)"(?: value="(\d+)")? '
                         r'playOrder="\d+"><navLabel>\s*<text>([^<]*)</text>\s*</navLabel>\s*'
                         r'<content src="([^"#]+)#([^"]+)"/>', ncx)
    result(f"{tag}: NCX pageList has the page-list's entries",
           [(f, frag, label) for _, _, label, f, frag in targets] == entries,
           f"{len(targets)} pageTargets, {len(entries)} page-list entries")
    result(f"{tag}: NCX page types and values",
           targets and all((t == "normal") == label.isdigit() and (v == label if t == "normal" else v == "")
                           for t, v, label, _, _ in targets))
    result(f"{tag}: NCX dtb:totalPageCount is {n}",
           f'<meta name="dtb:totalPageCount" content="{n}"/>' in ncx)
    # The contents' pages are marked in the navigation document (it stands
    # for them), not in the heading of the first division after them.
    toc_pages = [i for i in range(1, n + 1) if re.match(r"\s*(目录|Contents)\s", subprocess.run(
        ["pdftotext", "-f", str(i), "-l", str(i), pdf, "-"], capture_output=True, text=True).stdout)]
    result(f"{tag}: the contents' pages ({len(toc_pages)}) are marked in nav.xhtml",
           toc_pages and all(entries[i - 1][0] == "nav.xhtml" for i in toc_pages),
           [entries[i - 1] for i in toc_pages])
    front = [(f, label) for f, frag, label in entries if not label.isdigit()]
    result(f"{tag}: front-matter pages marked on the title page or in the navigation",
           front and all(f in ("titlepage.xhtml", "nav.xhtml") for f, _ in front), front)
    # The text after each body page's mark begins that page of the PDF.
    checked = wrong = 0
    labels_seen = set()
    for i, (f, frag, label) in enumerate(entries):
        if not label.isdigit() or i >= n:
            continue
        if i + 1 < len(entries) and entries[i + 1][:2] == (f, frag):
            continue
        doc = files[f]
        at = doc.index(f'id="{frag}"')
        after = re.sub(r"<[^>]+>", "", doc[at:at + 600].split(">", 1)[1])
        after = squeeze(after.replace("&amp;", "&").replace("&lt;", "<"))[:4]
        page = squeeze(subprocess.run(["pdftotext", "-f", str(i + 1), "-l", str(i + 1), pdf, "-"],
                                      capture_output=True, text=True).stdout).replace("●", "")
        if not page:
            continue    # a blank page: marked where the next one begins
        checked += 1
        if not after or after not in page[:400]:
            wrong += 1
            print(f"   page {label}: EPUB mark before {after!r}, PDF page starts {page[:60]!r}")
    result(f"{tag}: marks stand where the PDF's pages begin ({checked} pages)", checked and not wrong,
           f"{wrong} of {checked} wrong")
    e = subprocess.run(["java", "-jar", "/usr/share/java/epubcheck.jar", epub], capture_output=True, text=True)
    result(f"{tag}: epubcheck", "Messages: 0 fatals / 0 errors / 0 warnings" in e.stdout + e.stderr,
           (e.stdout + e.stderr)[-500:])
# An EPUB made alone has no page-list (there is no printed edition to follow).
p = subprocess.run([BOOKC, "-o", os.path.join(OUT, "alone.epub"), "book/guide.xml"], cwd=TOP,
                   capture_output=True, text=True)
nav = zipfile.ZipFile(os.path.join(OUT, "alone.epub")).read("EPUB/nav.xhtml").decode()
result("an EPUB alone has no page-list", p.returncode == 0 and "page-list" not in nav)
done()
