#!/usr/bin/env python3
"""`make xsltng XSLTNG=DIR`: the test documents of the DocBook xslTNG
stylesheets (src/test/resources/xml of docbook/xslTNG, with media/ beside
it; not part of bookc: skipped with a message when absent) compiled each to
PDF and EPUB within a time limit. Reports how many exit 0, how many fail
(with the first error of each, counted), crash or hang, how many meet
unsupported elements (which, counted by documents), and epubcheck on every
20th document that compiled. Exits 1 when one crashed or hung.

Environment: BOOKC (the binary), XSLTNG (the directory), TIMEOUT (seconds
per document, 120), JOBS (documents at once, 2), EVERY (epubcheck sample
step, 20)."""
import collections, concurrent.futures, os, re, subprocess, sys, time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))), "check"))
from _check import epubcheck

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BOOKC = os.path.join(TOP, os.environ.get("BOOKC", "out/bookc"))
SUITE = os.environ.get("XSLTNG", "")
WORK = os.environ.get("XSLTNG_OUT", os.path.join(TOP, "out", "xsltng"))
TIMEOUT = float(os.environ.get("TIMEOUT", "120"))
JOBS = int(os.environ.get("JOBS", "2"))
EVERY = int(os.environ.get("EVERY", "20"))

if not SUITE or not os.path.isdir(SUITE):
    print(f"xslTNG test documents not found at '{SUITE}' (give XSLTNG=DIR, "
          "src/test/resources/xml of docbook/xslTNG): skipped")
    sys.exit(0)
os.makedirs(WORK, exist_ok=True)
docs = sorted(f for f in os.listdir(SUITE) if f.endswith(".xml"))
# The suite's images are in media/ beside xml/ ("../media/x.png"): the
# book's tree is the suite's folder, where bookc knows --root.
helptext = subprocess.run([BOOKC, "--help"], capture_output=True, text=True)
ROOT = ["--root", os.path.dirname(os.path.abspath(SUITE))] \
    if "--root" in helptext.stdout + helptext.stderr else []


def compile_one(name):
    stem = name[:-4]
    pdf, epub = os.path.join(WORK, stem + ".pdf"), os.path.join(WORK, stem + ".epub")
    for f in (pdf, epub):
        if os.path.exists(f):
            os.unlink(f)
    t0 = time.time()
    try:
        p = subprocess.run([BOOKC, *ROOT, "-o", pdf, "-o", epub,
                            os.path.join(SUITE, name)], capture_output=True,
                           timeout=TIMEOUT, cwd=TOP)
        rc, err = p.returncode, p.stderr.decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        rc, err = None, ""
    return name, rc, err, time.time() - t0, epub


def first_error(err):
    for line in err.splitlines():
        m = re.search(r": (error|bad argument|system error): (.*)", line)
        if m:
            # The same message for different files or names counts once.
            return re.sub(r"'[^']*'|<[^>]*>|\d+", "_", m.group(2))[:100]
    return "exit non-zero without an error message"


results = []
with concurrent.futures.ThreadPoolExecutor(JOBS) as ex:
    for i, r in enumerate(ex.map(compile_one, docs)):
        results.append(r)
        if (i + 1) % 50 == 0:
            print(f"... {i + 1} of {len(docs)}", flush=True)

ok = [r for r in results if r[1] == 0]
hung = [r for r in results if r[1] is None]
crashed = [r for r in results if r[1] is not None and (r[1] < 0 or r[1] > 3)]
failed = [r for r in results if r[1] in (1, 2, 3)]
unsupp = collections.Counter()
meeting = 0
for name, rc, err, _, _ in results:
    els = set(re.findall(r"unsupported element <([^>]+)>", err))
    meeting += bool(els)
    unsupp.update(els)
why = collections.Counter(first_error(r[2]) for r in failed)

print(f"{len(docs)} documents of {SUITE}{' (' + ' '.join(ROOT) + ')' if ROOT else ''}")
print(f"exit 0: {len(ok)} ({100 * len(ok) / max(len(docs), 1):.1f} %)")
print(f"errors: {len(failed)}")
for text, n in why.most_common():
    print(f"  {n:4d}  {text}")
print(f"crashed: {len(crashed)} {' '.join(r[0] for r in crashed)}")
print(f"hung (over {TIMEOUT:g} s): {len(hung)} {' '.join(r[0] for r in hung)}")
print(f"documents meeting unsupported elements: {meeting}")
for el, n in unsupp.most_common():
    print(f"  {n:4d}  <{el}>")
slow = max(results, key=lambda r: r[3]) if results else None
if slow:
    print(f"slowest: {slow[0]} {slow[3]:.1f} s")
sample = ok[::EVERY]
bad = []
for name, _, _, _, epub in sample:
    good, tail = epubcheck(epub)
    if not good:
        bad.append(name)
        print(f"  epubcheck {name}: " + " | ".join(
            l for l in tail.splitlines() if "ERROR" in l or "WARNING" in l
            or "Messages" in l)[:400])
print(f"epubcheck on every {EVERY}th that compiled: {len(sample) - len(bad)} "
      f"of {len(sample)} clean")
sys.exit(1 if crashed or hung else 0)
