"""What the check scripts share: one line per check, `ok NAME` or
`not ok NAME: WHY` (WHY on one line), and the exit status, 1 when a check
failed. tests/run.py runs every script here but this one."""
import os, subprocess, sys

failed = 0

# `mutool run LINKS_JS FILE.pdf`: each link as "PAGE X0 Y0 X1 Y1 URI".
LINKS_JS = """var doc = new Document(scriptArgs[0]);
for (var i = 0; i < doc.countPages(); i++) {
  var links = doc.loadPage(i).getLinks();
  for (var k = 0; k < links.length; k++)
    print(i + 1, links[k].bounds.join(" "), links[k].uri);
}
"""


def report(name, ok, why=""):
    global failed
    if ok:
        print(f"ok {name}", flush=True)
    else:
        failed += 1
        print(f"not ok {name}: {str(why).replace(chr(10), ' | ')[:800]}",
              flush=True)
    return ok


def done():
    sys.exit(1 if failed else 0)


EPUBCHECK = "/usr/share/java/epubcheck.jar"


def epubcheck(path):
    """(whether epubcheck reported 0 fatals / 0 errors / 0 warnings, the
    end of its report). Run as a jar: Debian's /usr/bin/epubcheck needs
    binfmt support. A missing epubcheck is a failure, never a pass."""
    if not os.path.exists(EPUBCHECK):
        return False, EPUBCHECK + " is missing"
    r = subprocess.run(["java", "-jar", EPUBCHECK, path], capture_output=True,
                       timeout=600)
    o = (r.stdout + r.stderr).decode(errors="replace")
    return "Messages: 0 fatals / 0 errors / 0 warnings" in o, o[-400:]
