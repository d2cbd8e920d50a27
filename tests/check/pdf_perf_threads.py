#!/usr/bin/env python3
"""The PDF back end sets a big book's later chapters on a second thread
(layout_env_helper). The output must not depend on it: the same book with
the helper (BOOKC_NO_THREADS unset) and without gives byte-identical PDFs
and page dumps, run after run. Not timed: speed is `make bench`'s."""
import os, subprocess, sys

TOP = os.environ["TOP"]; BOOKC = os.environ["BOOKC"]; OUT = os.environ["OUT"]

from _check import report, done
result = report

src = os.path.join(OUT, "threads.xml")
# about 150 pages: above the helper's threshold of text
subprocess.run([sys.executable, os.path.join(TOP, "tests", "bench", "gen.py"), "150", src],
               check=True, stdout=subprocess.DEVNULL)

def build(tag, threads):
    env = dict(os.environ)
    env.pop("BOOKC_NO_THREADS", None)
    if not threads:
        env["BOOKC_NO_THREADS"] = "1"
    pdf = os.path.join(OUT, f"threads-{tag}.pdf")
    dump = os.path.join(OUT, f"threads-{tag}.dump")
    env["BOOKC_PAGE_DUMP"] = dump
    p = subprocess.run([BOOKC, "-q", "-o", pdf, src], env=env, capture_output=True)
    if p.returncode != 0:
        return None, None, p.stderr.decode("utf-8", "replace")
    return open(pdf, "rb").read(), open(dump, "rb").read(), ""

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
done()
