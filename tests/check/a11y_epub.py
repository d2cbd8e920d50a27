#!/usr/bin/env python3
"""Accessibility of the EPUB without Ace (make check-a11y runs Ace): every
epub:type with a DPUB-ARIA counterpart carries its role, admonitions are
notes and not landmarks, links in running text (callout marks too) are
underlined, an empty bridgehead is no heading, every
colour the stylesheet gives text reaches 4.5:1 on its background, and the
accessibility metadata says only what is true: alternativeText only when
each image has alt text from the source (-T lint names each one that has
not), conformsTo and certifiedBy only when the style asks."""
import os, re, shutil, subprocess, zipfile

TOP = os.environ["TOP"]; BOOKC = os.environ["BOOKC"]; OUT = os.environ["OUT"]

from _check import report, done, epubcheck

ROLES = {"part": "doc-part", "preface": "doc-preface", "chapter": "doc-chapter",
         "appendix": "doc-appendix", "index": "doc-index", "noteref": "doc-noteref",
         "footnote": "doc-footnote", "toc": "doc-toc", "page-list": "doc-pagelist",
         "pagebreak": "doc-pagebreak", "glossary": "doc-glossary",
         "bibliography": "doc-bibliography"}


def build(src, *args):
    epub = os.path.join(OUT, "a11y.epub")
    if os.path.exists(epub):
        os.remove(epub)
    p = subprocess.run([BOOKC, "-q", *args, "-o", epub, src], cwd=TOP,
                       capture_output=True, text=True)
    return epub if p.returncode == 0 else None


def luminance(h):
    v = [int(h[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    v = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in v]
    return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]


def contrast(a, b):
    x, y = sorted((luminance(a), luminance(b)), reverse=True)
    return (x + 0.05) / (y + 0.05)


# The guide (with its PDF: page breaks and page-list) and the features book
# (notes, footnotes, an index, images with alt text).
pdf = os.path.join(OUT, "a11y.pdf")
for src, args in (("book/guide.xml", ["-o", pdf]), ("tests/epub/features.xml", []),
                  ("tests/model/generated_en.xml", [])):
    name = os.path.basename(src)
    epub = build(src, *args)
    if not report(f"{name}: builds", epub is not None):
        continue
    z = zipfile.ZipFile(epub)
    xhtml = {n: z.read(n).decode() for n in z.namelist() if n.endswith(".xhtml")}
    opf = z.read("EPUB/package.opf").decode()
    missing, seen = [], set()
    for f, text in xhtml.items():
        for tag in re.findall(r"<[a-z]+ [^>]*epub:type=\"[^\"]+\"[^>]*>", text):
            t = re.search(r'epub:type="([^"]+)"', tag).group(1)
            role = re.search(r' role="([^"]+)"', tag)
            # The landmarks nav's links name their target's type.
            if tag.startswith("<a ") and t != "noteref":
                continue
            seen.add(t)
            if t in ROLES and (not role or role.group(1) != ROLES[t]):
                missing.append(f"{f}: {tag}")
    report(f"{name}: each epub:type with a DPUB-ARIA role has it "
           f"({', '.join(sorted(seen & set(ROLES)))})", not missing, missing[:3])
    asides = [a for t in xhtml.values() for a in re.findall(r'<aside [^>]*class="admonition[^"]*"[^>]*>', t)]
    if name == "features.xml":
        report(f"{name}: admonitions are role=note ({len(asides)})",
               len(asides) >= 3 and all('role="note"' in a for a in asides), asides[:2])
        # The titled tip (and every sidebar) is labelled by its title.
        body = "".join(xhtml.values())
        lab = re.search(r'<aside [^>]*aria-labelledby="([^"]+)"[^>]*class="admonition tip">\s*'
                        r'<p id="([^"]+)"[^>]*>\s*<strong>([^<]*)', body)
        report(f"{name}: a titled admonition is labelled by its title",
               lab and lab.group(1) == lab.group(2) and lab.group(3) == "自定义标题的提示",
               lab.group(0) if lab else "no labelled tip")
        report(f"{name}: every image has alt text: alternativeText declared",
               ">alternativeText<" in opf and "图片附有替代文字" in opf)
    elif name == "generated_en.xml":
        body = "".join(xhtml.values())
        report(f"{name}: the index and the glossary are typed as such",
               'epub:type="index" role="doc-index"' in body and
               'epub:type="glossary" role="doc-glossary"' in body)
        report(f"{name}: index feature declared", 'accessibilityFeature">index<' in opf)
    else:
        report(f"{name}: pageBreakMarkers and pageNavigation declared",
               ">pageBreakMarkers<" in opf and ">pageNavigation<" in opf)
    report(f"{name}: no conformance claim unless asked",
           "conformsTo" not in opf and "certifiedBy" not in opf)
    # The stylesheet: underlined links, and every text colour at 4.5:1.
    css = z.read("EPUB/css/book.css").decode()
    a = re.search(r"\na \{([^}]*)\}", css)
    report(f"{name}: links are underlined", a and "text-decoration: underline" in a.group(1),
           a.group(0) if a else "no a rule")
    # callout marks are links too (Ace's link-in-text-block on the
    # PostgreSQL tutorial): no rule takes their underline away
    bare = [r for r in re.findall(r"\n([^\n{}]*\.co[^\n{}]*\{[^}]*\})", css)
            if "text-decoration: none" in r]
    report(f"{name}: callout marks are underlined as links", not bare, bare)
    pre_bg = re.search(r"\npre \{[^}]*background-color: (#[0-9a-f]{6})", css).group(1)
    # (text outside a listing may be in a note, on its background too)
    note_bg = re.search(r"\naside\.admonition \{[^}]*background-color: (#[0-9a-f]{6})",
                        css).group(1)
    low = []
    for sel, col in re.findall(r"\n([^\n{}]*?)\s*\{[^}]*?(?<!-)color: (#[0-9a-f]{6})", css):
        inside = sel.startswith((".hl-", "pre", "span.prompt", "samp"))
        for bg in ([pre_bg] if inside else ["#ffffff", note_bg]):
            if contrast(col, bg) < 4.5:
                low.append(f"{sel.strip()} {col} on {bg}: {contrast(col, bg):.2f}")
    report(f"{name}: every text colour reaches 4.5:1", not low, low)
    ok, why = epubcheck(epub)
    report(f"{name}: epubcheck 0/0/0", ok, why)

# An image with no alt text of its own: no alternativeText claim, a summary
# that says so, and a lint message naming the image.
d = os.path.join(OUT, "noalt")
os.makedirs(d, exist_ok=True)
shutil.copy(os.path.join(TOP, "tests/epub/diagram.png"), d)
src = os.path.join(d, "noalt.xml")
with open(src, "w") as f:
    f.write('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<book xmlns="http://docbook.org/ns/docbook" version="5.0" xml:lang="en">'
            '<title>Alt</title><chapter><title>One</title>\n'
            '<figure><title>With</title><mediaobject><imageobject><imagedata fileref="diagram.png"/>'
            '</imageobject><textobject><phrase>A blue box</phrase></textobject></mediaobject></figure>\n'
            '<figure><title>Without</title><mediaobject><imageobject>'
            '<imagedata fileref="diagram.png"/></imageobject></mediaobject></figure>\n'
            '</chapter></book>\n')
epub = build(src)
if report("image without alt: builds", epub is not None):
    opf = zipfile.ZipFile(epub).read("EPUB/package.opf").decode()
    report("image without alt: no alternativeText claim", ">alternativeText<" not in opf
           and ">visual<" in opf, opf[-900:])
    report("image without alt: the summary says so", "some images have no text alternative" in opf)
    ok, why = epubcheck(epub)
    report("image without alt: epubcheck 0/0/0", ok, why)
lint = subprocess.run([BOOKC, "-T", "lint", src], capture_output=True, text=True).stderr
report("-T lint names the one image without alt text, at its position",
       lint.count("has no alternative text") == 1 and
       re.search(r"noalt.xml:4:\d+: warning: image 'diagram.png' has no alternative text", lint), lint)

# An empty bridgehead (LFS has one, a mere target of links) is no heading:
# Ace's empty-heading. One with text is.
d = os.path.join(OUT, "bridge")
os.makedirs(d, exist_ok=True)
src = os.path.join(d, "bridge.xml")
with open(src, "w") as f:
    f.write('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<book xmlns="http://docbook.org/ns/docbook" version="5.0" xml:lang="en">'
            '<title>Bridges</title><chapter><title>One</title>\n'
            '<para>See <xref linkend="empty" xrefstyle="template:here"/>.</para>\n'
            '<bridgehead xml:id="empty" renderas="sect2"> </bridgehead>\n'
            '<para>Text.</para><bridgehead xml:id="full">A bridge</bridgehead>\n'
            '</chapter></book>\n')
epub = build(src)
if report("empty bridgehead: builds", epub is not None):
    z = zipfile.ZipFile(epub)
    body = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xhtml"))
    empty = re.findall(r"<(h[1-6])\b[^>]*>\s*</\1>", body)
    report("empty bridgehead: no empty heading, its id kept as a link target",
           not empty and re.search(r'<div id="empty"[^>]*>', body) and
           'href="#empty"' in body.replace("ch01.xhtml#", "#"), empty)
    report("empty bridgehead: one with text is a heading",
           re.search(r'<h[1-6] id="full"[^>]*>A bridge</h[1-6]>', body))
    ok, why = epubcheck(epub)
    report("empty bridgehead: epubcheck 0/0/0", ok, why)

# The claim, when the style asks for it.
ini = os.path.join(OUT, "claim.ini")
with open(ini, "w") as f:
    f.write("[accessibility]\ncertified-by = Example Press\n")
epub = build("tests/epub/features.xml", "-s", ini)
if report("claim: builds", epub is not None):
    opf = zipfile.ZipFile(epub).read("EPUB/package.opf").decode()
    report("claim: conformsTo and certifiedBy", '<meta property="dcterms:conformsTo">EPUB '
           'Accessibility 1.1 - WCAG 2.1 Level AA</meta>' in opf and
           '<meta property="a11y:certifiedBy">Example Press</meta>' in opf)
    ok, why = epubcheck(epub)
    report("claim: epubcheck 0/0/0", ok, why)
done()
