#!/usr/bin/env python3
"""`make corpus`: the real DocBook books in ../shared/corpus (not part of a
user's clone: skipped with a message when absent) compiled to PDF and EPUB,
each checked with qpdf --check and epubcheck, and the share of the book's
text characters found in both outputs. Ends with "N passed, N failed"."""
import os, re, subprocess, sys, time, zipfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))), "check"))
import _xrefs

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BOOKC = os.path.join(TOP, os.environ.get("BOOKC", "out/bookc"))
CORPUS = os.path.normpath(os.path.join(TOP, "..", "shared", "corpus"))
WORK = os.path.join(TOP, "out", "corpus")
BOOKS = [
    ("pg18-zh-tutorial", "pg18-zh/_local-tutorial.sgml", []),
    ("lfs90-zh", "lfs90-zh/index.xml", ["--profile", "revision=systemd", "--lang", "zh-CN"]),
    ("svnbook18-zh", "svnbook18-zh/book.xml", ["--lang", "zh-CN"]),
    ("phpdoc-zh-langref", "phpdoc-zh/_local-langref.xml", []),
]
if os.environ.get("CORPUS_FULL"):
    BOOKS.append(("pg18-zh", "pg18-zh/postgres.sgml", []))
passed = failed = 0

def result(name, ok, why=""):
    global passed, failed
    print(f"ok {name}" if ok else f"not ok {name}: {why}", flush=True)
    passed += ok; failed += not ok

if not os.path.isdir(CORPUS):
    print(f"corpus not found at {CORPUS}: skipped")
    print("0 passed, 0 failed")
    sys.exit(0)
os.makedirs(WORK, exist_ok=True)

import unicodedata
def chars(s):
    # Visible characters: format characters (U+200B break hints, joiners)
    # have nothing to extract.
    return {c for c in s if not c.isspace() and unicodedata.category(c) != "Cf"}

for name, entry, args in BOOKS:
    pdf, epub = os.path.join(WORK, name + ".pdf"), os.path.join(WORK, name + ".epub")
    t0 = time.time()
    p = subprocess.run([BOOKC, "-q", *args, "-o", pdf, "-o", epub, os.path.join(CORPUS, entry)],
                       capture_output=True, text=True, cwd=TOP)
    result(f"{name}: compiles in {time.time() - t0:.1f} s", p.returncode == 0, p.stderr[-1000:])
    if p.returncode != 0:
        continue
    q = subprocess.run(["qpdf", "--check", pdf], capture_output=True, text=True)
    result(f"{name}: qpdf --check", q.returncode == 0, q.stdout[-500:] + q.stderr[-500:])
    # Every "see page N" goes to page N (tests/check/_xrefs.py).
    numbered, _, wrong = _xrefs.check(pdf)
    result(f"{name}: {numbered} xref page numbers right", not wrong,
           f"{len(wrong)} wrong: " + "; ".join(wrong[:5]))
    e = subprocess.run(["java", "-jar", "/usr/share/java/epubcheck.jar", epub], capture_output=True, text=True)
    summary = re.search(r"Messages: .*", e.stdout + e.stderr)
    result(f"{name}: epubcheck", summary and "0 fatals / 0 errors / 0 warnings" in summary.group(0),
           (summary.group(0) if summary else "") + "\n" + "\n".join((e.stdout + e.stderr).splitlines()[:15]))
    tree = subprocess.run([BOOKC, "-q", *args, "-T", "tree", os.path.join(CORPUS, entry)],
                          capture_output=True, text=True, cwd=TOP).stdout
    unescape = lambda t: re.sub(r'\\(.)', lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), t)
    # The text of the tree dump, less prompts: the PDF draws those as
    # outlines on purpose, so that a copied command has none (issue 11).
    texts, skip_depth = [], None
    for line in tree.splitlines():
        depth = len(line) - len(line.lstrip(" "))
        if skip_depth is not None and depth <= skip_depth:
            skip_depth = None
        if skip_depth is not None:
            continue
        body = line.strip()
        if body.startswith("code<prompt>"):
            skip_depth = depth
            continue
        m = re.match(r'"(.*)" @', body)
        if m:
            texts.append(unescape(m.group(1)))
    want = chars("".join(texts))
    pdftext = subprocess.run(["mutool", "draw", "-F", "text", "-o", "-", pdf], capture_output=True, text=True).stdout
    z = zipfile.ZipFile(epub)
    epubtext = "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xhtml"))
    for label, have in (("PDF", chars(pdftext)), ("EPUB", chars(epubtext))):
        missing = sorted(want - have)
        result(f"{name}: every character of the text in the {label}", not missing,
               f"{len(missing)} missing: {''.join(missing[:40])}")
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
