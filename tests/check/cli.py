#!/usr/bin/env python3
"""The command line as a Unix tool: help, version, quiet, several outputs
from one parse, the man page naming every diagnostic and (with
styles/README) every style key, and outputs that are never half-written
or replaced by a failed run."""
import os, re, subprocess, sys

TOP = os.environ["TOP"]; BOOKC = os.environ["BOOKC"]; OUT = os.environ["OUT"]

from _check import report, done
result = report

def bookc(*args, **kw):
    return subprocess.run([BOOKC, *args], capture_output=True, text=True, cwd=TOP, **kw)

p = bookc("--help")
result("--help lists the options", p.returncode == 0 and all(
    o in p.stdout for o in ("--output", "--format", "--style", "--quiet", "--verbose", "--version", "--lang")),
    p.stdout[:300])
p = bookc("--version")
result("--version", p.returncode == 0 and re.fullmatch(r"bookc \d+\.\d+\.\d+\n", p.stdout), p.stdout)
# librsvg and qpdf are loaded when a book needs them (compiler/pdf/lazy.c),
# so every start does without them and what they pull in.
ldd = subprocess.run(["ldd", BOOKC], capture_output=True, text=True).stdout
result("librsvg and qpdf are not linked", ldd and "libc.so" in ldd and
       "librsvg" not in ldd and "libqpdf" not in ldd, ldd)
p = bookc()
result("no input is a usage error", p.returncode == 2 and "no input file" in p.stderr, p.stderr)

# Every message in diag.h is explained in the man page.
diag_h = open(os.path.join(TOP, "compiler", "diag.h")).read()
msgs = re.findall(r'X\(\w+,\s*DL_\w+,\s*"((?:[^"\\]|\\.)*)"\)', diag_h)
man = open(os.path.join(TOP, "man", "bookc.1")).read().replace("\\-", "-")
missing = [m for m in msgs if m != "%s" and m not in man]
result("the man page explains every diagnostic", msgs and not missing, f"missing: {missing}")

# Every style key is in the man page (under its group) and in styles/README.
def names_key(text, key):
    """Whether text names key, or a range of keys holding it (size-1 to
    size-4)."""
    if re.search(rf"(?<![\w-]){key}(?![\w-])", text):
        return True
    m = re.fullmatch(r"(.*-)(\d)", key)
    return bool(m) and any(int(a) <= int(m.group(2)) <= int(b) for a, b in
                           re.findall(rf"{m.group(1)}(\d)\W+(?:to|\.\.)\W+"
                                      rf"{m.group(1)}(\d)", text))


style_c = open(os.path.join(TOP, "compiler", "style.c")).read()
keys = re.findall(r'\{ "([\w-]+)", "([\w-]+)", K_', style_c)
readme = open(os.path.join(TOP, "styles", "README")).read()
missing = []
for g, k in keys:
    at = man.find(f".TP\n.B [{g}]\n")
    entry = man[at:man.find(".TP", at + 1)] if at >= 0 else ""
    at = readme.find(f"\n[{g}]")
    section = readme[at:readme.find("\n[", at + 1)] if at >= 0 else ""
    if not names_key(entry, k):
        missing.append(f"man [{g}] {k}")
    if not names_key(section, k):
        missing.append(f"README [{g}] {k}")
result("the man page and styles/README name every style key",
       keys and not missing, f"missing: {missing}")

# Warnings: shown by default, hidden by -q, exit 0.
src = "tests/diag/unsupported.xml"
p = bookc("-T", "lint", src)
q = bookc("-q", "-T", "lint", src)
result("-q hides warnings", p.stderr and not q.stderr and q.returncode == 0, q.stderr)

# Several outputs from one parse.
a, b = os.path.join(OUT, "a.tree"), os.path.join(OUT, "b.tree")
p = bookc("-o", a, "-o", b, "book/guide.xml")
result("two outputs from one run", p.returncode == 0 and os.path.exists(a)
       and open(a).read() == open(b).read(), p.stderr)

# A failed run leaves the previous output intact and no temporary file.
good = open(a, "rb").read()
p = bookc("-o", a, "tests/diag/not_wellformed.xml")
left = [f for f in os.listdir(OUT) if f.startswith(".")]
result("a failed run keeps the previous output", p.returncode == 1 and
       open(a, "rb").read() == good and not left, f"rc={p.returncode} left={left}")
p = bookc("-o", os.path.join(OUT, "nodir", "x.tree"), "book/guide.xml")
result("missing output directory is an error", p.returncode == 3 and "cannot write" in p.stderr, p.stderr)
p = bookc("-T", "tree", "-o", "/dev/full", "book/guide.xml")
result("a full disk is an error", p.returncode == 3 and "No space left" in p.stderr, p.stderr)
ro = os.path.join(OUT, "ro"); os.makedirs(ro)
os.chmod(ro, 0o555)
if os.geteuid() != 0:
    p = bookc("-o", os.path.join(ro, "x.tree"), "book/guide.xml")
    result("unwritable directory is an error", p.returncode == 3, p.stderr)
p = bookc("-o", os.path.join(OUT, "x.unknown"), "book/guide.xml")
result("unknown extension is a usage error", p.returncode == 2 and "cannot tell the format" in p.stderr, p.stderr)
# A small filesystem that fills up while the PDF is written: an error,
# and the previous output on it survives.
small = os.path.join(OUT, "small")
os.makedirs(small)
m = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", small],
                   capture_output=True, text=True)
if m.returncode == 0:
    try:
        target = os.path.join(small, "g.pdf")
        open(target, "wb").write(b"%PDF-previous\n")
        p = bookc("-o", target, "book/guide.xml")
        left = [f for f in os.listdir(small) if f != "g.pdf"]
        result("a full filesystem is an error and keeps the previous output",
               p.returncode == 3 and open(target, "rb").read() == b"%PDF-previous\n" and not left,
               f"rc={p.returncode} left={left} {p.stderr[-300:]}")
    finally:
        subprocess.run(["umount", small])
else:
    print("# skipped the small full filesystem: cannot mount a tmpfs here")

# Interrupted runs (SIGINT, SIGTERM) leave the previous output and no
# temporary file.
import signal, time
big = os.path.join(OUT, "big.xml")
subprocess.run([sys.executable, os.path.join(TOP, "tests", "bench", "gen.py"), "300", big], check=True)
for sig in (signal.SIGTERM, signal.SIGINT):
    target = os.path.join(OUT, "keep.pdf")
    open(target, "wb").write(b"%PDF-previous good output\n")
    proc = subprocess.Popen([BOOKC, "-q", "-o", target, big], cwd=TOP,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    time.sleep(0.4)
    proc.send_signal(sig)
    proc.wait(timeout=60)
    left = [f for f in os.listdir(OUT) if f.startswith(".keep.pdf")]
    result(f"{signal.Signals(sig).name} keeps the previous output, no temporary file",
           open(target, "rb").read() == b"%PDF-previous good output\n" and not left
           and proc.returncode != 0, f"rc={proc.returncode} left={left}")
done()
