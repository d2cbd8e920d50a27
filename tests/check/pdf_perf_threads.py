#!/usr/bin/env python3
"""The PDF back end sets a big book's later chapters on a second thread
(layout_env_helper) and draws its pages on a third as soon as they are
final (pdf.c, struct body). The output must not depend on either: the same
book with threads (BOOKC_NO_THREADS unset) and without gives
byte-identical PDFs and page dumps, run after run, with the page dump
(which holds every page to the end) or without (pages drawn while the book
is set), and for a book whose forward references need a second pass (the
pages drawn during the first must come out alike). Not timed: speed is
`make bench`'s."""
import os, re, subprocess, sys

TOP = os.environ["TOP"]; BOOKC = os.environ["BOOKC"]; OUT = os.environ["OUT"]

from _check import report, done
result = report

src = os.path.join(OUT, "threads.xml")
# about 150 pages: above the helper's threshold of text
subprocess.run([sys.executable, os.path.join(TOP, "tests", "bench", "gen.py"), "150", src],
               check=True, stdout=subprocess.DEVNULL)

# The same book with forward references: the third chapter points to the
# later ones, whose pages the first pass can only guess (so it draws the
# pages before them, which the second must make alike).
fwd = os.path.join(OUT, "threads-forward.xml")
text = open(src, encoding="utf-8").read()
refs = "".join(f'见<xref linkend="c{k}"/>，' for k in range(3, 6))
text = text.replace('<chapter xml:id="c2">', '<chapter xml:id="c2"><para>' + refs + '完。</para>', 1)
at = text.index('<chapter xml:id="c2">')
text = text[:at] + text[at:].replace('</section>', '<para>另见<xref linkend="c5s0"/>。</para></section>', 3)
open(fwd, "w", encoding="utf-8").write(text)

def build(tag, threads, book=src, dump=True):
    env = dict(os.environ)
    env.pop("BOOKC_NO_THREADS", None)
    env.pop("BOOKC_PAGE_DUMP", None)
    if not threads:
        env["BOOKC_NO_THREADS"] = "1"
    pdf = os.path.join(OUT, f"threads-{tag}.pdf")
    dumpf = os.path.join(OUT, f"threads-{tag}.dump")
    if dump:
        env["BOOKC_PAGE_DUMP"] = dumpf
    p = subprocess.run([BOOKC, "-q", "-o", pdf, book], env=env, capture_output=True)
    if p.returncode != 0:
        return None, None, p.stderr.decode("utf-8", "replace")
    return open(pdf, "rb").read(), open(dumpf, "rb").read() if dump else b"", ""

one, one_dump, err1 = build("one", False)
a, a_dump, err2 = build("a", True)
b, b_dump, err3 = build("b", True)
result("threads-build", one is not None and a is not None and b is not None,
       (err1 + err2 + err3)[-300:])
if one is not None and a is not None and b is not None:
    result("threads-page-dump-identical", one_dump == a_dump == b_dump,
           "page dumps differ with the layout helper")
    result("threads-pdf-identical", one == a == b,
           "PDF bytes differ with the layout helper or between runs")
    c, _, err4 = build("drawn", True, dump=False)
    result("threads-pdf-drawn-while-set-identical", c == one,
           err4 or "PDF bytes differ when pages are drawn as the book is set")

def passes(book):
    """bookc -v's "pass N: P pages, D drawn" lines, as (P, D) per pass;
    and whether it had to draw again (a page drawn in an earlier pass
    came out otherwise)."""
    env = dict(os.environ)
    env.pop("BOOKC_NO_THREADS", None)
    env.pop("BOOKC_PAGE_DUMP", None)
    p = subprocess.run([BOOKC, "-q", "-v", "-o", os.path.join(OUT, "threads-v.pdf"), book],
                       env=env, capture_output=True, text=True)
    return ([(int(a), int(b)) for a, b in re.findall(r"pass \d+: (\d+) pages, (\d+) drawn", p.stderr)],
            "drawing again" in p.stderr)

# Backward references only: pagination keeps up with the layout, so the
# first pass is the last, and its pages are drawn while it runs (all but
# the last, which waits for the end of the book).
ps, _ = passes(src)
result("threads-one-pass-drawn-while-set", len(ps) == 1 and ps[0][1] >= ps[0][0] - 1, ps)

f_one, f_one_dump, e1 = build("fwd-one", False, fwd)
f_a, f_a_dump, e2 = build("fwd-a", True, fwd)
f_b, _, e3 = build("fwd-b", True, fwd, dump=False)
f_c, _, e4 = build("fwd-c", False, fwd, dump=False)
result("threads-forward-build", None not in (f_one, f_a, f_b, f_c), (e1 + e2 + e3 + e4)[-300:])
if None not in (f_one, f_a, f_b, f_c):
    result("threads-forward-identical", f_one == f_a == f_b == f_c and f_one_dump == f_a_dump,
           "PDF bytes differ for a book with forward references")
    # the forward references print their pages (second pass settled)
    txt = subprocess.run(["pdftotext", os.path.join(OUT, "threads-fwd-b.pdf"), "-"],
                         capture_output=True, text=True).stdout
    result("threads-forward-pages-printed", "??" not in txt and "（第" in txt, txt[:300])
    # forward references: the first pass guesses, the second settles,
    # and what the first drew the second makes alike
    fp, again = passes(fwd)
    result("threads-forward-two-passes", len(fp) == 2 and not again, (fp, again))
done()
