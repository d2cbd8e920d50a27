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


def pdf_lines(pdf):
    """The PDF's text lines as pdftotext -layout reads them, stripped, runs
    of spaces made one, blank lines left out."""
    import re
    t = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True,
                       text=True).stdout
    return [re.sub(r"\s+", " ", l.strip()) for l in t.splitlines() if l.strip()]


def epub_body(epub):
    """Every XHTML file of the EPUB, joined."""
    import zipfile
    z = zipfile.ZipFile(epub)
    return "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xhtml"))


def compile_pdf(bookc, out, name, xml):
    """Writes xml to OUT/NAME.xml and compiles it to OUT/NAME.pdf; returns
    (the finished process, the PDF's path)."""
    src = os.path.join(out, name + ".xml"); pdf = os.path.join(out, name + ".pdf")
    open(src, "w", encoding="utf-8").write(xml)
    return subprocess.run([bookc, "-q", "-o", pdf, src], capture_output=True,
                          text=True), pdf
