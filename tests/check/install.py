#!/usr/bin/env python3
"""make install with DESTDIR and PREFIX, then the installed bookc compiles
the book away from the source tree; make uninstall removes it again."""
import os, subprocess, sys

TOP = os.environ["TOP"]; BOOKC = os.environ["BOOKC"]; OUT = os.environ["OUT"]

from _check import report, done
result = report

stage = os.path.join(OUT, "stage")
env = dict(os.environ); env.pop("BOOKC_DATADIR", None)
p = subprocess.run(["make", "-s", "install", f"DESTDIR={stage}", "PREFIX=/usr",
                    f"OUT={os.path.dirname(BOOKC)}"], cwd=TOP, capture_output=True, text=True)
result("make install", p.returncode == 0, p.stderr[-800:])
want = ["usr/bin/bookc", "usr/share/bookc/styles/a4.ini", "usr/share/bookc/styles/a5.ini",
        "usr/share/bookc/fonts/fonts.conf", "usr/share/man/man1/bookc.1"]
missing = [w for w in want if not os.path.exists(os.path.join(stage, w))]
result("installed files", not missing, f"missing {missing}")
work = os.path.join(OUT, "elsewhere"); os.makedirs(work)
installed = os.path.join(stage, "usr/bin/bookc")
p = subprocess.run([installed, "-s", "a5", "-o", "g.pdf", "-o", "g.epub",
                    os.path.join(TOP, "book/guide.xml")], cwd=work, env=env,
                   capture_output=True, text=True)
result("the installed bookc compiles the book with its own styles",
       p.returncode == 0 and os.path.getsize(os.path.join(work, "g.pdf")) > 10000
       and os.path.getsize(os.path.join(work, "g.epub")) > 10000, p.stderr[-800:])
p = subprocess.run(["man", "-l", os.path.join(stage, "usr/share/man/man1/bookc.1")],
                   capture_output=True, text=True, env=dict(env, MANWIDTH="80"))
result("man page renders", p.returncode == 0 and "DIAGNOSTICS" in p.stdout, p.stderr[:300])
p = subprocess.run(["make", "-s", "uninstall", f"DESTDIR={stage}", "PREFIX=/usr"],
                   cwd=TOP, capture_output=True, text=True)
left = [w for w in want if os.path.exists(os.path.join(stage, w))]
result("make uninstall", p.returncode == 0 and not left, f"left {left}")
done()
