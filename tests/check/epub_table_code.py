#!/usr/bin/env python3
"""Code in narrow table cells breaks only where it may, and tables stay on
a phone's screen (issue 22, point 5): code in a cell gets a <wbr> after a
separator between letters or digits ('/', '.', '-' ...), none inside
'svn+ssh://', and none outside tables; the stylesheet breaks a cell's
code at those points (break-word, not anywhere, which squeezed a column
to 'svn+s / sh://'). Drawn by WebKitGTK at 420 px (skipped when it is not
installed): 'svn+ssh://' on one line, the long path broken only after a
'/', no character past the screen's edge. epubcheck clean."""
import json, os, re, shutil, subprocess, zipfile

from _check import epubcheck, report, done

BOOKC = os.environ["BOOKC"]; OUT = os.environ["OUT"]
TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SRC = os.path.join(TOP, "tests", "epub", "table_code.xml")

epub = os.path.join(OUT, "table_code.epub")
p = subprocess.run([BOOKC, "-q", "-o", epub, SRC], capture_output=True, text=True)
report("compiles without messages", p.returncode == 0 and not p.stderr, p.stderr)
z = zipfile.ZipFile(epub)
name = next(n for n in z.namelist() if re.search(r"EPUB/tx-\d+\.xhtml$", n))
doc = z.read(name).decode()
report("a cell's path breaks after each '/'",
       "/var/<wbr/>svn/<wbr/>repos/<wbr/>project/<wbr/>trunk/<wbr/>src/<wbr/>main.c" in doc,
       re.findall(r"<code[^>]*>[^<]*/var.{0,120}", doc))
report("no break inside 'svn+ssh://' or 'file:///'",
       re.search(r"<code[^>]*>svn\+ssh://</code>", doc) and re.search(r"<code[^>]*>file:///</code>", doc),
       re.findall(r"<code[^>]*>(?:svn|file).{0,40}", doc))
body = doc.split("<table", 1)[0]
report("code outside tables has no <wbr>", "svn+ssh://host/var/svn/repos" in body and "<wbr" not in body)
css = z.read("EPUB/css/book.css").decode()
report("css: a cell's code breaks at its <wbr>s",
       re.search(r"td code, th code \{ overflow-wrap: break-word; \}", css) is not None)
report("css: narrow screens get tighter tables",
       re.search(r"@media \(max-width: 40em\) \{[^}]*th, td \{ padding", css) is not None)
report("epubcheck", *epubcheck(epub))

have = shutil.which("xvfb-run") and subprocess.run(
    ["/usr/bin/python3", "-c", "import gi; gi.require_version('WebKit2', '4.1'); "
     "gi.require_version('Gtk', '3.0'); from gi.repository import WebKit2"],
    capture_output=True).returncode == 0
if not have:
    print("# skipped WebKitGTK: xvfb-run or gir1.2-webkit2-4.1 missing")
    done()
tree = os.path.join(OUT, "table_code")
shutil.rmtree(tree, ignore_errors=True)
z.extractall(tree)
r = subprocess.run(["xvfb-run", "-a", "/usr/bin/python3", os.path.join(TOP, "tests/engines/webkit_snap.py"),
                    os.path.join(tree, name), "420", os.path.join(OUT, "table_code.png")],
                   capture_output=True, text=True, timeout=300)
if report("webkit: draws", r.returncode == 0, r.stderr[-300:]):
    chars = json.loads(r.stdout)["chars"]
    text = "".join(c[0] for c in chars)

    def lines_of(s, start=0):
        i = text.index(s, start)
        rows = {}
        for c in chars[i:i + len(s)]:
            rows.setdefault(round(c[2]), []).append(c[0])
        return ["".join(v) for _, v in sorted(rows.items())]

    cell = text.index("模式")      # the table's first cell: after the paragraph
    got = lines_of("svn+ssh://", cell)
    report("webkit: 'svn+ssh://' on one line", len(got) == 1, got)
    got = lines_of("/var/svn/repos/project/trunk/src/main.c", cell)
    report("webkit: the path breaks only after a '/'",
           len(got) > 1 and all(l.endswith("/") for l in got[:-1]), got)
    right = max(c[1] + c[3] for c in chars)
    report("webkit: nothing past the 420-px screen", right <= 420, round(right))
done()
