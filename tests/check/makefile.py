#!/usr/bin/env python3
"""The Makefile's package lists: `make` installs what building bookc and
compiling a book need, and nothing that only the tests use (a user who
wants the PDF gets no JRE, valgrind or clang); `make check` adds the rest.
Every library bookc is compiled against comes from a package in the build
list or from one they depend on."""
import os, re, subprocess

from _check import report, done

TOP = os.environ["TOP"]

p = subprocess.run(["make", "-s", "print-deps"], cwd=TOP, capture_output=True, text=True)
lists = dict(l.split(": ", 1) for l in p.stdout.splitlines() if ": " in l)
build, test = lists.get("build", "").split(), lists.get("test", "").split()
report("make print-deps names both lists", p.returncode == 0 and build and test, p.stderr)

test_only = ["default-jre-headless", "epubcheck", "valgrind", "clang", "poppler-utils",
             "mupdf-tools", "qpdf", "libclang-rt-14-dev"]
wrong = [d for d in test_only if d in build]
report("make installs no test tool", not wrong, f"in the build list: {wrong}")
report("the test tools are in the test list", all(d in test for d in test_only),
       [d for d in test_only if d not in test])

# check depends on test-deps, all on deps only.
def prereqs(target):
    db = subprocess.run(["make", "-pnq", "-f", "Makefile"], cwd=TOP,
                        capture_output=True, text=True).stdout
    m = re.search(rf"^{re.escape(target)}:(.*)$", db, re.M)
    return m.group(1).split() if m else None
report("make check installs the test packages", "test-deps" in (prereqs("check") or []),
       prereqs("check"))
report("make installs the build packages only",
       "deps" in (prereqs("all") or []) and "test-deps" not in (prereqs("all") or []),
       prereqs("all"))

# The .pc files bookc compiles against, and the packages that own them.
mk = open(os.path.join(TOP, "Makefile")).read()
pcs = []
for var in ("PKGS", "LAZY_PKGS"):
    m = re.search(rf"^{var}\s*=\s*((?:.*\\\n)*.*)$", mk, re.M)
    pcs += m.group(1).replace("\\\n", " ").split()
def depends(pkg):
    out = subprocess.run(["dpkg-query", "-W", "-f", "${Depends},${Pre-Depends}", pkg],
                         capture_output=True, text=True).stdout
    return {re.split(r"[ :(]", alt.strip())[0] for dep in out.split(",") if dep.strip()
            for alt in dep.split("|")}
closure, todo = set(), list(build)
while todo:
    pkg = todo.pop()
    if pkg not in closure:
        closure.add(pkg)
        todo += depends(pkg) - closure
missing = []
for pc in pcs:
    d = subprocess.run(["pkg-config", "--variable=pcfiledir", pc], capture_output=True,
                       text=True).stdout.strip()
    path = os.path.realpath(os.path.join(d, pc + ".pc"))
    owner = subprocess.run(["dpkg", "-S", path], capture_output=True, text=True).stdout
    owners = {o.split(":")[0].strip() for o in owner.split(": ")[0].split(",")} if owner else set()
    if not owners & closure:
        missing.append(f"{pc} ({', '.join(owners) or 'no package'})")
report(f"the {len(pcs)} libraries bookc compiles against come with the build list",
       not missing, missing)
done()
