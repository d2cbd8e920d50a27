#!/usr/bin/env python3
"""Reproducible output: the same book built in two directories, with
different TZ, LANG and user-visible paths, gives byte-identical PDF and
EPUB; SOURCE_DATE_EPOCH sets the dates; no path, user or host name leaks."""
import hashlib, os, re, shutil, socket, subprocess, sys, zipfile

TOP = os.environ["TOP"]; BOOKC = os.environ["BOOKC"]; OUT = os.environ["OUT"]

from _check import report, done
result = report

def build(where, env_extra):
    src = os.path.join(where, "book")
    shutil.copytree(os.path.join(TOP, "book"), src)
    env = dict(os.environ, **env_extra)
    env.pop("SOURCE_DATE_EPOCH", None) if "SOURCE_DATE_EPOCH" not in env_extra else None
    p = subprocess.run([BOOKC, "-o", "g.pdf", "-o", "g.epub", "book/guide.xml"],
                       cwd=where, env=env, capture_output=True, text=True)
    if p.returncode != 0:
        return None, p.stderr
    return {e: open(os.path.join(where, "g." + e), "rb").read() for e in ("pdf", "epub")}, ""

a_dir = os.path.join(OUT, "a"); b_dir = os.path.join(OUT, "second", "build-dir-b")
os.makedirs(a_dir); os.makedirs(b_dir)
a, ea = build(a_dir, {"TZ": "UTC", "LANG": "C", "LC_ALL": "C"})
b, eb = build(b_dir, {"TZ": "Asia/Shanghai", "LANG": "zh_CN.UTF-8", "LC_ALL": "zh_CN.UTF-8"})
if a is None or b is None:
    result("both builds succeed", False, ea + eb)
    sys.exit(1)
for ext in ("pdf", "epub"):
    result(f"{ext} identical across directories, TZ and LANG", a[ext] == b[ext],
           f"sha256 {hashlib.sha256(a[ext]).hexdigest()[:12]} vs {hashlib.sha256(b[ext]).hexdigest()[:12]}")

def texts(data, ext):
    """The bytes to search: the PDF as is, the EPUB's entries unzipped."""
    if ext == "pdf":
        return [data]
    import io
    z = zipfile.ZipFile(io.BytesIO(data))
    return [z.read(n) for n in z.namelist()] + [repr([(i.filename, i.date_time) for i in z.infolist()]).encode()]

# Paths are searched with their trailing slash ("/root" is in "</rootfiles>").
leaks = [TOP + "/", a_dir + "/", OUT + "/", os.path.expanduser("~") + "/", socket.gethostname()]
user = os.environ.get("USER") or os.environ.get("LOGNAME")
for ext in ("pdf", "epub"):
    found = [l for l in leaks if l and len(l) > 3 and any(l.encode() in t for t in texts(a[ext], ext))]
    result(f"no path or host name in the {ext}", not found, f"found {found}")

# SOURCE_DATE_EPOCH sets the dates: 2021-03-04 05:06:07 UTC.
c_dir = os.path.join(OUT, "c"); os.makedirs(c_dir)
c, ec = build(c_dir, {"SOURCE_DATE_EPOCH": "1614834367", "TZ": "America/New_York"})
if c is None:
    result("SOURCE_DATE_EPOCH build", False, ec)
else:
    info = subprocess.run(["pdfinfo", "-isodates", os.path.join(c_dir, "g.pdf")],
                          capture_output=True, text=True).stdout
    result("SOURCE_DATE_EPOCH sets the PDF dates",
           "2021-03-04T05:06:07" in info and c["pdf"] != a["pdf"], info)
    import io
    z = zipfile.ZipFile(io.BytesIO(c["epub"]))
    opf = next(n for n in z.namelist() if n.endswith(".opf"))
    mod = re.search(rb'dcterms:modified">([^<]+)<', z.read(opf))
    result("SOURCE_DATE_EPOCH sets the EPUB's dcterms:modified",
           mod and mod.group(1) == b"2021-03-04T05:06:07Z", mod and mod.group(1))
    result("SOURCE_DATE_EPOCH sets the zip entry times",
           all(i.date_time[:3] == (2021, 3, 4) for i in z.infolist()),
           [i.date_time for i in z.infolist()][:3])
done()
