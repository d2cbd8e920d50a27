#!/usr/bin/env python3
"""The back-of-book index built from <indexterm>: in the PDF with the page
numbers where the terms are (and links to them), in the EPUB with links to
each place; sorted, subentries under their main entry."""
import os, re, subprocess, sys, zipfile

TOP = os.environ["TOP"]; BOOKC = os.environ["BOOKC"]; OUT = os.environ["OUT"]

from _check import report, done
result = report

# Three chapters, each on its own page(s), each naming some terms.
chapters = [("一", ["Nova", "云计算"]), ("二", ["Keystone", "Nova"]), ("三", ["Glance"])]
body = []
for title, terms in chapters:
    its = "".join(f"<indexterm><primary>{t}</primary></indexterm>" for t in terms)
    body.append(f"<chapter><title>第{title}部分</title><para>{title}章的正文{its}。</para>"
                + "<para>填充的段落。</para>" * 3 + "</chapter>")
src = os.path.join(OUT, "idx.xml")
open(src, "w", encoding="utf-8").write(
    '<?xml version="1.0" encoding="UTF-8"?>\n<book xmlns="http://docbook.org/ns/docbook" '
    'version="5.0" xml:lang="zh-CN"><title>索引测试</title>' + "".join(body) + "<index/></book>\n")
pdf, epub = os.path.join(OUT, "idx.pdf"), os.path.join(OUT, "idx.epub")
p = subprocess.run([BOOKC, "-o", pdf, "-o", epub, src], capture_output=True, text=True)
result("builds", p.returncode == 0, p.stderr)
if p.returncode:
    sys.exit(1)
npages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout).group(1))
texts = [subprocess.run(["pdftotext", "-f", str(i), "-l", str(i), pdf, "-"], capture_output=True,
                        text=True).stdout for i in range(1, npages + 1)]
# Body page labels count from the first chapter's page.
first = next(i for i, t in enumerate(texts) if "一章的正文" in t)
where = {}
for title, terms in chapters:
    page = next(i for i, t in enumerate(texts) if f"{title}章的正文" in t)
    for t in terms:
        where.setdefault(t, []).append(str(page - first + 1))
index_page = next(i for i, t in enumerate(texts) if "索引" in t and "Glance" in t)
itext = texts[index_page]
for term, pages in where.items():
    want = "，".join(dict.fromkeys(pages))
    m = re.search(re.escape(term) + r"，([0-9，]+)", itext)
    result(f"PDF index: {term} on pages {want}", m and m.group(1) == want,
           m.group(0) if m else itext[:400])
order = [t for t in ("Glance", "Keystone", "Nova", "云计算") if t in itext]
result("PDF index order", [itext.index(t) for t in order] == sorted(itext.index(t) for t in order), itext)
data = open(pdf, "rb").read()
result("PDF index page numbers are links", len(re.findall(rb"bookc-idx-\d+", data)) >= 5)
z = zipfile.ZipFile(epub)
files = {n: z.read(n).decode() for n in z.namelist() if n.endswith(".xhtml")}
# The index's section (nav.xhtml names it too, as a landmark).
idxfile = next((n for n, t in files.items() if re.search(r'<section [^>]*epub:type="index"', t)), None)
result("EPUB has an index section", idxfile is not None)
if idxfile:
    hrefs = re.findall(r'<a href="([^"#]*)#(bookc-idx-\d+)"', files[idxfile])
    ok = hrefs and all(f'id="{frag}"' in files["EPUB/" + f if f else idxfile] for f, frag in hrefs)
    result("EPUB index links reach their places", ok, hrefs[:5])
e = subprocess.run(["java", "-jar", "/usr/share/java/epubcheck.jar", epub], capture_output=True, text=True)
result("EPUB with index passes epubcheck", "Messages: 0 fatals / 0 errors / 0 warnings" in e.stdout + e.stderr,
       (e.stdout + e.stderr)[-600:])

# A Chinese index in pinyin order under A to Z, the same in both outputs:
# group headings and entries, in order.
want = ["#", "32 位", "A", "安装", "Apache", "apt", "B", "表", "E", "Élan", "S", "数据库",
        "表", "索引", "索引", "Y", "一致性", "依赖", "Z", "中文", "重启", "Zope"]
src = os.path.join(TOP, "tests", "index", "pinyin.xml")
pdf, epub = os.path.join(OUT, "pinyin.pdf"), os.path.join(OUT, "pinyin.epub")
p = subprocess.run([BOOKC, "-o", pdf, "-o", epub, src], capture_output=True, text=True)
result("pinyin index builds", p.returncode == 0, p.stderr)
if p.returncode == 0:
    text = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True).stdout
    lines = [l.strip() for l in text.split("\f")[-2].splitlines() if l.strip()]
    got = [re.sub(r"，.*", "", l) for l in lines[lines.index("#"):] if not l.isdigit()]
    result("PDF index in pinyin order under A to Z", got == want, got)
    z = zipfile.ZipFile(epub)
    page = next(z.read(n).decode() for n in z.namelist() if n.endswith(".xhtml")
                and re.search(r'<section [^>]*epub:type="index"', z.read(n).decode()))
    got = [re.sub(r"，.*", "", re.sub(r"<[^>]+>", "", m).strip())
           for m in re.findall(r'<(?:h2 class="index-group"|li class="index-\d")>(.*?)</(?:h2|li)>', page, re.S)]
    result("EPUB index in the same order and groups", got == want, got)
done()
