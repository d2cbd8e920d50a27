#!/usr/bin/env python3
"""bookc's test runner: golden model dumps, golden diagnostics, and check
scripts. Ends with its own line "N passed, N failed".

- tests/model/NAME.xml  with NAME.tree: `bookc -T tree NAME.xml` must print
  exactly NAME.tree (regenerate with --update after checking the diff).
- tests/diag/NAME.xml   with NAME.expect: first line "exit N", then the
  exact stderr of `bookc -T lint NAME.xml` (or of the command in a
  "# cmd: ..." line at the top of NAME.expect, with {bookc} and {src};
  "< FILE" in it gives FILE as standard input).
- tests/check/*.py|*.sh: scripts given BOOKC (the binary) and OUT (a
  scratch directory) in the environment; each prints "ok NAME" or
  "not ok NAME: why" per test and exits non-zero when one failed.
"""
import argparse, difflib, os, re, shlex, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
passed = failed = 0
failures = []

def report(name, ok, why=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"ok {name}")
    else:
        failed += 1
        failures.append(name)
        print(f"not ok {name}: {why}")

def run(cmd, env=None, timeout=120, cwd=TOP, stdin=None):
    try:
        p = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True,
                           timeout=timeout, stdin=stdin)
        return p.returncode, p.stdout.decode("utf-8", "replace"), \
            p.stderr.decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        return -999, "", f"timed out after {timeout}s"

def wrap(args, bookc):
    pre = []
    if ARGS.valgrind:
        pre = ["valgrind", "-q", "--error-exitcode=99", "--leak-check=full",
               "--errors-for-leak-kinds=definite", "--show-leak-kinds=definite",
               "--suppressions=" + os.path.join(HERE, "valgrind.supp")]
    return pre + [bookc] + args

def model_tests(bookc):
    d = os.path.join(HERE, "model")
    for f in sorted(os.listdir(d)) if os.path.isdir(d) else []:
        if not f.endswith(".xml"):
            continue
        src = os.path.relpath(os.path.join(d, f), TOP)
        exp = os.path.join(d, f[:-4] + ".tree")
        head = open(os.path.join(d, f), "rb").read(400).decode("utf-8", "replace")
        m = re.search(r"<\?bookc-args (.*?)\?>", head)
        extra = shlex.split(m.group(1)) if m else []
        rc, out, err = run(wrap(["-T", "tree", *extra, src], bookc))
        name = f"model/{f[:-4]}"
        if ARGS.update:
            open(exp, "w").write(out)
        want = open(exp).read() if os.path.exists(exp) else None
        if want is None:
            report(name, False, "no expected .tree file")
        elif rc != 0:
            report(name, False, f"exit {rc}: {err.strip()}")
        elif out != want:
            diff = "".join(list(difflib.unified_diff(
                want.splitlines(True), out.splitlines(True),
                "expected", "got"))[:30])
            report(name, False, "dump differs\n" + diff)
        else:
            report(name, True)

def diag_tests(bookc):
    d = os.path.join(HERE, "diag")
    for f in sorted(os.listdir(d)) if os.path.isdir(d) else []:
        if not f.endswith(".expect"):
            continue
        base = f[:-7]
        name = f"diag/{base}"
        lines = open(os.path.join(d, f)).read().splitlines(True)
        cmd = "{bookc} -T lint {src}"
        if lines and lines[0].startswith("# cmd:"):
            cmd = lines.pop(0)[6:].strip()
        m = re.match(r"exit (\d+)", lines[0]) if lines else None
        if not m:
            report(name, False, "expect file lacks 'exit N'")
            continue
        want_rc, want_err = int(m.group(1)), "".join(lines[1:])
        srcs = [x for x in os.listdir(d) if x.startswith(base + ".") and not x.endswith(".expect")]
        src = os.path.relpath(os.path.join(d, srcs[0] if srcs else base + ".xml"), TOP)
        with tempfile.TemporaryDirectory() as tmp:
            argv = [a.format(bookc=bookc, src=src, tmp=tmp)
                    for a in shlex.split(cmd)]
            stdin = None
            if "<" in argv[:-1]:
                at = argv.index("<")
                stdin = open(os.path.join(TOP, argv[at + 1]), "rb")
                argv = argv[:at] + argv[at + 2:]
            if argv[0] == bookc:
                argv = wrap(argv[1:], bookc)
            rc, out, err = run(argv, timeout=60, stdin=stdin)
            if stdin:
                stdin.close()
            err = err.replace(tmp, "{tmp}")
        if ARGS.update:
            with open(os.path.join(d, f), "w") as fh:
                if cmd != "{bookc} -T lint {src}":
                    fh.write(f"# cmd: {cmd}\n")
                fh.write(f"exit {rc}\n{err}")
            want_rc, want_err = rc, err
        if rc != want_rc:
            report(name, False, f"exit {rc}, expected {want_rc}; stderr:\n{err}")
        elif err != want_err:
            diff = "".join(difflib.unified_diff(
                want_err.splitlines(True), err.splitlines(True),
                "expected", "got"))
            report(name, False, "stderr differs\n" + diff)
        else:
            report(name, True)

def valgrind_books(bookc):
    """Under --valgrind: both back ends on the real books, no invalid
    access, no definite leak (exit 99 is valgrind's)."""
    books = ["book/guide.xml", "tests/pdf/features.xml", "tests/epub/features.xml",
             "tests/typo/typography.xml"]
    for b in books:
        if not os.path.exists(os.path.join(TOP, b)):
            continue
        with tempfile.TemporaryDirectory() as tmp:
            rc, out, err = run(wrap(["-q", "-o", f"{tmp}/x.pdf", "-o", f"{tmp}/x.epub", b], bookc),
                               timeout=900)
        report(f"valgrind/{b}", rc == 0, f"exit {rc}\n{err[-3000:]}")

def unit_tests(unit_dir):
    if not unit_dir or not os.path.isdir(unit_dir):
        return
    for f in sorted(os.listdir(unit_dir)):
        path = os.path.join(unit_dir, f)
        if not os.access(path, os.X_OK) or os.path.isdir(path):
            continue
        rc, out, err = run([path], timeout=300)
        seen = 0
        for line in out.splitlines():
            if line.startswith("ok "):
                report(f"unit/{f}: {line[3:]}", True); seen += 1
            elif line.startswith("not ok "):
                report(f"unit/{f}: {line[7:].split(':')[0]}", False, line[7:]); seen += 1
        if rc != 0 and (seen == 0 or not any(l.startswith("not ok") for l in out.splitlines())):
            report(f"unit/{f}", False, f"exit {rc}\n{err[-1500:]}")

def check_scripts(bookc):
    d = os.path.join(HERE, "check")
    for f in sorted(os.listdir(d)) if os.path.isdir(d) else []:
        path = os.path.join(d, f)
        if f.startswith("_"):
            continue        # shared by the scripts, not one of them
        if f.endswith(".py"):
            cmd = [sys.executable, path]
        elif f.endswith(".sh"):
            cmd = ["bash", path]
        else:
            continue
        if ARGS.quick and f.startswith("slow_"):
            continue
        if ARGS.only and ARGS.only not in f:
            continue
        with tempfile.TemporaryDirectory() as tmp:
            env = dict(os.environ, BOOKC=os.path.abspath(bookc), OUT=tmp,
                       TOP=TOP)
            if ARGS.valgrind:
                env["BOOKC_WRAP"] = ("valgrind -q --error-exitcode=99 --leak-check=full "
                                     "--errors-for-leak-kinds=definite --show-leak-kinds=definite --suppressions="
                                     + os.path.join(HERE, "valgrind.supp"))
            t = time.time()
            rc, out, err = run(cmd, env=env, timeout=900)
        seen = 0
        for line in out.splitlines():
            if line.startswith("ok "):
                report(f"{f}: {line[3:]}", True); seen += 1
            elif line.startswith("not ok "):
                rest = line[7:]
                report(f"{f}: {rest.split(':')[0]}", False, rest); seen += 1
            elif line.strip():
                print("   " + line)
        if rc != 0 and seen == 0:
            report(f, False, f"exit {rc} with no results\n{err[-2000:]}")
        elif rc != 0 and not any(l.startswith("not ok") for l in out.splitlines()):
            report(f, False, f"exit {rc}\n{err[-2000:]}")
        elif err.strip() and ARGS.verbose:
            print(err)

ap = argparse.ArgumentParser()
ap.add_argument("--bookc", default="out/bookc")
ap.add_argument("--update", action="store_true",
                help="rewrite expected files from the current output")
ap.add_argument("--quick", action="store_true", help="skip slow_* checks")
ap.add_argument("--valgrind", action="store_true")
ap.add_argument("--only", help="run only check scripts whose name has this")
ap.add_argument("--verbose", action="store_true")
ap.add_argument("--unit", help="directory of unit test binaries")
ARGS = ap.parse_args()
bookc = os.path.relpath(os.path.join(TOP, ARGS.bookc) if not os.path.isabs(ARGS.bookc) else ARGS.bookc, TOP)
if not ARGS.only:
    model_tests(bookc)
    diag_tests(bookc)
    unit_tests(ARGS.unit)
    if ARGS.valgrind:
        valgrind_books(bookc)
check_scripts(bookc)
if failures:
    print("\nfailed:\n  " + "\n  ".join(failures))
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
