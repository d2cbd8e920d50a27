#!/usr/bin/env python3
"""Curly quotes follow the language (issue 19; TYPOGRAPHY.md R3, R12;
the rule is compiler/quote.c's), from tests/latin/en.xml (an English
book as pandoc writes it) and tests/latin/zh.xml (a Chinese book with an
English passage).

PDF, measured with mutool draw -F stext: the advance of ’ in "User’s"
(the origin of s less that of ’) is under half an em of its size and ’
is in the face its letters r and s are set in, on the title page, in the
body and in the running heads of the English book, and in the Chinese
book's own text (an apostrophe between Latin letters) and its English
passage; in the Chinese book “ of “中文引号” and of “hello” is a full
em. EPUB: the XHTML wraps exactly the Western marks in span.wq (in the
nav's entries too), the CSS gives span.wq the proportional forms (pwid),
the embedded fonts keep pwid, and epubcheck reports 0 fatals / 0 errors
/ 0 warnings.
Environment: BOOKC, OUT, TOP.
"""
import os, re, subprocess, tempfile, zipfile

BOOKC = os.environ.get("BOOKC", "out/bookc")
OUT = os.environ.get("OUT") or tempfile.mkdtemp()
TOP = os.environ.get("TOP") or os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.abspath(__file__))))

from _check import epubcheck, report, done
from _stext import lines

def build(name):
    src = os.path.join(TOP, "tests", "latin", name + ".xml")
    pdf, epub = (os.path.join(OUT, "latin-" + name + e)
                 for e in (".pdf", ".epub"))
    env = dict(os.environ, BOOKC_DATADIR=TOP)
    wrap = os.environ.get("BOOKC_WRAP", "").split()
    p = subprocess.run(wrap + [BOOKC, "-q", "-o", pdf, "-o", epub, src],
                       env=env, capture_output=True)
    return p.returncode == 0, p.stderr.decode(errors="replace"), pdf, epub


def find(lns, word, at):
    """[(page, y, font of mark, font of the letter before, advance in em)]
    for each mark at index at of word on a line."""
    res = []
    for pg, y, chars in lns:
        text = "".join(c[4] for c in chars)
        for m in re.finditer(re.escape(word), text):
            k = m.start() + at
            if k + 1 >= len(chars) or k == 0:
                continue
            f, size, x = chars[k][0], chars[k][1], chars[k][2]
            res.append((pg, y, f, chars[k - 1][0],
                        (chars[k + 1][2] - x) / size))
    return res


def latin(name, hits, where):
    bad = [h for h in hits if not (h[4] < 0.5 and h[2] == h[3])]
    report(f"{name}: {where}: ’ is the Latin proportional mark",
           hits and not bad,
           f"none found" if not hits else f"{len(bad)} of {len(hits)}: "
           f"{bad[:3]}")


def fullwidth(name, hits, where):
    bad = [h for h in hits if not (0.9 <= h[4] <= 1.1 and "CJK" in h[2])]
    report(f"{name}: {where}: the mark is a full-width CJK one",
           hits and not bad,
           f"none found" if not hits else f"{len(bad)} of {len(hits)}: "
           f"{bad[:3]}")


def epub(name, path, expect_wq, expect_cjk, nav_title=False):
    report(f"{name}: epubcheck 0/0/0", *epubcheck(path))
    z = zipfile.ZipFile(path)
    css = "".join(z.read(n).decode() for n in z.namelist()
                  if n.endswith(".css"))
    report(f"{name}: CSS gives span.wq the proportional forms",
           re.search(r'span\.wq\s*\{[^}]*font-feature-settings:\s*"pwid"',
                     css), css[-300:])
    fonts = [n for n in z.namelist() if "/fonts/" in n]
    report(f"{name}: the embedded body font keeps pwid",
           any(b"pwid" in z.read(n) for n in fonts if "serif" in n),
           fonts)
    xh = "".join(z.read(n).decode() for n in z.namelist()
                 if n.endswith(".xhtml"))
    wq = re.findall(r'<span class="wq">([^<]*)</span>', xh)
    report(f"{name}: span.wq holds one mark each",
           wq and all(w in "‘’“”" and len(w) == 1 for w in wq), wq[:5])
    for s in expect_wq:
        k = s.index("’")
        report(f"{name}: {s!r} has its mark in span.wq",
               re.search(re.escape(s[:k]) + r'<span class="wq">’</span>' +
                         re.escape(s[k + 1:]), xh), s)
    nav = "".join(z.read(n).decode() for n in z.namelist()
                  if n.endswith("nav.xhtml"))
    if nav_title:
        report(f"{name}: the nav's entries have their marks in span.wq",
               re.search(r'<a [^>]*>[^<]*User<span class="wq">’</span>s', nav),
               re.findall(r"<a [^>]*>.*?</a>", nav)[:3])
    # The spacing markup (span.hg, span.halt) is no span.wq.
    plain = re.sub(r'<span class="(?:hg|halt)">([^<]*)</span>', r"\1", xh)
    for s in expect_cjk:
        report(f"{name}: {s!r} keeps its marks outside span.wq",
               s in plain, s)


ok, err, pdf, ep = build("en")
report("en: built", ok, err)
if ok:
    lns = lines(pdf)
    hits = find(lns, "User’s", 4)
    latin("en", [h for h in hits if h[0] == 1], "title page")
    latin("en", [h for h in hits if h[0] > 1 and h[1] > 80], "body")
    latin("en", [h for h in hits if h[0] > 1 and h[1] <= 80],
          "running head")
    latin("en", find(lns, "don’t", 3), "body, don’t")
    epub("en", ep, ["User’s", "don’t"], [], nav_title=True)

ok, err, pdf, ep = build("zh")
report("zh: built", ok, err)
if ok:
    lns = lines(pdf)
    latin("zh", find(lns, "User’s", 4), "apostrophe between Latin letters")
    latin("zh", find(lns, "It’s an", 2), "English passage")
    fullwidth("zh", find(lns, "“中文引号", 0), "“中文引号”")
    fullwidth("zh", find(lns, "‘单引号", 0), "‘单引号’")
    fullwidth("zh", find(lns, "“hello", 0), "“hello” in Chinese")
    epub("zh", ep, ["User’s", "It’s an"], ["“中文引号”", "“hello”"])

done()
