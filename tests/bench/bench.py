#!/usr/bin/env python3
"""`make bench`: wall time, CPU time and peak memory of bookc on synthetic
books of about 10, 100, 1,000 and 5,000 A4 pages, for PDF, EPUB and both
from one parse; the guide itself; and peers (pandoc, WeasyPrint) on the
same book where installed. Prints a table and writes out/bench.txt.
Never part of `make check`: numbers depend on the machine."""
import os, re, shutil, subprocess, sys, threading, time

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BOOKC = os.path.join(TOP, os.environ.get("BOOKC", "out/bookc"))
WORK = os.path.join(TOP, "out", "bench")
SIZES = [int(s) for s in os.environ.get("BENCH_SIZES", "10 100 1000 5000").split()]
os.makedirs(WORK, exist_ok=True)
rows = []
last_anon = 0.0

def anon_kb(pid):
    """The process's private (anonymous) memory now, in kB: peak RSS also
    counts the pages of the mapped font files, which are shared page
    cache and do not grow with the book. From /proc/PID/status (RssAnon,
    a counter): smaps_rollup walks the page tables under the process's
    memory lock, and sampled every 10 ms it slowed a threaded run by a
    tenth."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("RssAnon:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0

def measure_once(cmd, cwd):
    """One run: wall time to the exit (a blocking wait, so no polling
    delay), CPU time and peak RSS from getrusage, private memory sampled
    from a thread every 10 ms."""
    t0 = time.time()
    p = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    anon, done = [0], threading.Event()

    def sample():
        while not done.is_set():
            anon[0] = max(anon[0], anon_kb(p.pid))
            done.wait(0.01)
    t = threading.Thread(target=sample)
    t.start()
    err = p.stderr.read().decode("utf-8", "replace"); p.stderr.close()
    pid, status, ru = os.wait4(p.pid, 0)
    wall = time.time() - t0
    done.set(); t.join()
    rc = os.waitstatus_to_exitcode(status)
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024, rc, err, anon[0] / 1024

def measure(cmd, cwd=TOP, repeat=1):
    """The run with the median wall time of repeat runs (short runs are
    repeated: their first one also pays for cold caches)."""
    global last_anon
    runs = sorted((measure_once(cmd, cwd) for _ in range(repeat)), key=lambda r: r[0])
    wall, cpu, rss, rc, err, anon = runs[len(runs) // 2]
    last_anon = anon
    return wall, cpu, rss, rc, err

def pages(pdf):
    out = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
    m = re.search(r"Pages:\s+(\d+)", out)
    return int(m.group(1)) if m else 0

def row(book, what, wall, cpu, rss, npages, note=""):
    pps = f"{npages / wall:,.0f}" if npages and wall > 0 else "-"
    rows.append((book, what, f"{wall:.3f}", f"{cpu:.3f}", f"{rss:.0f}", f"{last_anon:.0f}", str(npages or "-"), pps, note))
    print(f"{book:>12} {what:<22} wall {wall:7.3f} s  cpu {cpu:7.3f} s  peak {rss:6.0f} MB (private {last_anon:4.0f})  pages {npages or '-':>5}  {note}", flush=True)

def run_book(name, src, rep=1):
    """rep: runs of bookc and pandoc to take the median of (WeasyPrint
    takes seconds even on a small book: one run)."""
    pdf, epub = os.path.join(WORK, name + ".pdf"), os.path.join(WORK, name + ".epub")
    w, c, r, rc, e = measure([BOOKC, "-q", "-o", pdf, src], repeat=rep); n = pages(pdf) if rc == 0 else 0
    row(name, "bookc PDF", w, c, r, n, "" if rc == 0 else f"exit {rc}")
    base_pdf = w
    w, c, r, rc, e = measure([BOOKC, "-q", "-o", epub, src], repeat=rep)
    row(name, "bookc EPUB", w, c, r, n, "" if rc == 0 else f"exit {rc}")
    base_epub = w
    w, c, r, rc, e = measure([BOOKC, "-q", "-o", pdf, "-o", epub, src], repeat=rep)
    row(name, "bookc PDF+EPUB", w, c, r, n, "" if rc == 0 else f"exit {rc}")
    if shutil.which("pandoc") and n <= 1000:
        w2, c2, r2, rc2, e2 = measure(["pandoc", "-f", "docbook", "-t", "epub", "-o",
                                       os.path.join(WORK, name + "-pandoc.epub"), src], repeat=rep)
        row(name, "pandoc EPUB", w2, c2, r2, 0, f"x{w2 / max(base_epub, 1e-6):.1f} bookc EPUB" if rc2 == 0 else f"exit {rc2}")
        if shutil.which("weasyprint"):
            html = os.path.join(WORK, name + ".html")
            w3, c3, r3, rc3, _ = measure(["pandoc", "-f", "docbook", "-t", "html", "-s", "-o", html, src])
            w4, c4, r4, rc4, _ = measure(["weasyprint", html, os.path.join(WORK, name + "-weasy.pdf")])
            row(name, "pandoc+WeasyPrint PDF", w3 + w4, c3 + c4, max(r3, r4), 0,
                f"x{(w3 + w4) / max(base_pdf, 1e-6):.1f} bookc PDF" if rc4 == 0 else f"exit {rc4}")
    return n

run_book("guide", os.path.join(TOP, "book", "guide.xml"), rep=5)
for size in SIZES:
    src = os.path.join(WORK, f"synthetic-{size}.xml")
    subprocess.run([sys.executable, os.path.join(TOP, "tests", "bench", "gen.py"), str(size), src], check=True)
    run_book(f"{size}p", src, rep=5 if size <= 100 else 1)

# A book of formulas (gen.py's math: some 7 a page, few alike), 100
# pages: its EPUB with the formulas' images (the default) and without
# ([math] epub-images = false), which they cost.
if os.environ.get("BENCH_MATH", "1") != "0":
    src = os.path.join(WORK, "synthetic-math-100.xml")
    subprocess.run([sys.executable, os.path.join(TOP, "tests", "bench", "gen.py"), "100", src, "math"],
                   check=True)
    n = run_book("100p math", src, rep=3)
    ini = os.path.join(WORK, "no-math-images.ini")
    with open(ini, "w") as f:
        f.write("[math]\nepub-images = false\n")
    epub = os.path.join(WORK, "100p math.epub")
    size_with = os.path.getsize(epub) if os.path.exists(epub) else 0
    w, c, r, rc, e = measure([BOOKC, "-q", "-s", ini, "-o", epub, src], repeat=3)
    row("100p math", "bookc EPUB, no formula images", w, c, r, n,
        (f"{os.path.getsize(epub) / 1e6:.2f} MB, with images {size_with / 1e6:.2f} MB")
        if rc == 0 else f"exit {rc}")

# The whole Chinese PostgreSQL manual (issue 9), where ../shared/corpus is
# (never in a user's clone): its budgets are the 1,000-page book's (2 s
# PDF, 0.5 s EPUB, 2.2 s both) scaled by the two books' sizes as the
# corpus README counts pages (tests/bench/size.py). Median of three runs.
MANUAL = os.path.normpath(os.path.join(TOP, "..", "shared", "corpus",
                                       "pg18-zh", "postgres.sgml"))
if os.path.exists(MANUAL) and os.environ.get("BENCH_CORPUS", "1") != "0":
    from size import units
    ref = os.path.join(WORK, "synthetic-1000.xml")
    if not os.path.exists(ref):
        subprocess.run([sys.executable, os.path.join(TOP, "tests", "bench", "gen.py"), "1000", ref], check=True)
    k = units(BOOKC, MANUAL)[0] / units(BOOKC, ref)[0]
    pdf, epub = os.path.join(WORK, "pg18-zh.pdf"), os.path.join(WORK, "pg18-zh.epub")
    n = 0
    for what, outs, budget in (("bookc PDF", ["-o", pdf], 2.0), ("bookc EPUB", ["-o", epub], 0.5),
                               ("bookc PDF+EPUB", ["-o", pdf, "-o", epub], 2.2)):
        w, c, r, rc, e = measure([BOOKC, "-q", *outs, MANUAL], repeat=3)
        n = n or (pages(pdf) if rc == 0 else 0)
        row("pg18-zh", what, w, c, r, n, f"budget {budget * k:.2f} s ({k:.2f} x the 1000p book by the "
            "corpus README's page count)" if rc == 0 else f"exit {rc}")
print("(pandoc's DocBook reader ignores XInclude: its guide row covers the main file only)")
if not shutil.which("pandoc"):
    print("(pandoc not installed: peer rows skipped)")
with open(os.path.join(TOP, "out", "bench.txt"), "w") as f:
    f.write("book\twhat\twall_s\tcpu_s\tpeak_MB\tprivate_MB\tpages\tpages_per_s\tnote\n")
    for r in rows:
        f.write("\t".join(r) + "\n")
print("written out/bench.txt")
