#!/usr/bin/env python3
"""Generated words follow the book's language: an English article (by its
xml:lang, by --lang, or by the guess from its text) gets "Glossary",
"Index", "Bibliography", "Synopsis" and "See" for untitled divisions, never
the Chinese words; a Chinese book keeps them."""
import os, subprocess

from _check import epubcheck, report, done

BOOKC = os.environ["BOOKC"]; OUT = os.environ["OUT"]
NS = 'xmlns="http://docbook.org/ns/docbook" version="5.0"'
BODY = ('<title>{t}</title><para>{p}</para>'
        '<refentry><refnamediv><refname>frob</refname><refpurpose>p</refpurpose>'
        '</refnamediv><refsynopsisdiv><para>frob</para></refsynopsisdiv></refentry>'
        '<glossary><glossentry xml:id="w"><glossterm>Widget</glossterm>'
        '<glossdef><para>d</para></glossdef></glossentry>'
        '<glossentry><glossterm>Gadget</glossterm><glosssee otherterm="w"/>'
        '</glossentry></glossary>'
        '<bibliography><bibliomixed>Knuth. The TeXbook.</bibliomixed></bibliography>'
        '<index/>')
EN = BODY.format(t="An article", p="Plain English text for the guess.")
ZH = BODY.format(t="一篇文章", p="这是一段中文正文，用来猜测语言。")
ENW = ["Glossary", "Index", "Bibliography", "Synopsis", "See"]
ZHW = ["术语表", "索引", "参考文献", "概要"]
cases = [("xmllang", f'<article {NS} xml:lang="en">{EN}</article>', [], ENW, ZHW),
         ("guessed", f'<article {NS}>{EN}</article>', [], ENW, ZHW),
         ("forced", f'<article {NS}>{ZH}</article>', ["--lang", "en"], ENW, ZHW),
         ("chinese", f'<article {NS}>{ZH}</article>', [], ZHW, ["Glossary", "Bibliography"])]
for name, xml, args, want, never in cases:
    src = os.path.join(OUT, f"gl-{name}.xml")
    open(src, "w", encoding="utf-8").write(xml)
    pdf, epub = src[:-4] + ".pdf", src[:-4] + ".epub"
    p = subprocess.run([BOOKC, "-q", *args, "-o", pdf, "-o", epub, src],
                       capture_output=True, text=True)
    report(f"{name}: compiles", p.returncode == 0, p.stderr)
    if p.returncode:
        continue
    tree = subprocess.run([BOOKC, "-T", "tree", *args, src], capture_output=True,
                          text=True).stdout
    text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True,
                          text=True).stdout
    for w in want:
        report(f"{name}: tree says {w}", f'"{w}' in tree, tree[:300])
    for w in want[:4]:
        report(f"{name}: PDF says {w}", w in text, text[:300])
    for w in never:
        report(f"{name}: never {w}", w not in text and f'"{w}' not in tree, text[:300])
    if name == "xmllang":
        report(f"{name}: epubcheck", *epubcheck(epub))
done()
