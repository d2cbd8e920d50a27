#!/usr/bin/env python3
"""What Cairo 1.16 cannot write and bookc adds to every PDF: the catalog's
/Lang, /ViewerPreferences /DisplayDocTitle, dates in valid D: form, a
non-negative outline count and a content-derived /ID; the result still
passes qpdf --check and stays tagged."""
import os, re, subprocess, sys

TOP = os.environ["TOP"]; BOOKC = os.environ["BOOKC"]; OUT = os.environ["OUT"]

from _check import report, done
result = report

def q(*args):
    return subprocess.run(["qpdf", *args], capture_output=True, text=True)

for style in ("a4", "a5"):
    pdf = os.path.join(OUT, f"guide-{style}.pdf")
    p = subprocess.run([BOOKC, "-s", style, "-o", pdf, "book/guide.xml"], cwd=TOP,
                       capture_output=True, text=True)
    result(f"{style}: builds", p.returncode == 0, p.stderr)
    if p.returncode:
        continue
    chk = q("--check", pdf)
    result(f"{style}: qpdf --check", chk.returncode == 0 and "No syntax or stream encoding errors" in chk.stdout,
           chk.stdout[-400:] + chk.stderr[-400:])
    trailer = q("--show-object=trailer", pdf).stdout
    root = re.search(r"/Root (\d+) 0 R", trailer).group(1)
    info = re.search(r"/Info (\d+) 0 R", trailer).group(1)
    cat = q(f"--show-object={root}", pdf).stdout
    inf = q(f"--show-object={info}", pdf).stdout
    result(f"{style}: /Lang (zh-CN) in the catalog", "/Lang (zh-CN)" in cat, cat)
    result(f"{style}: DisplayDocTitle", "/DisplayDocTitle true" in cat, cat)
    ids = re.search(r"/ID \[ <([0-9a-f]{32})> <([0-9a-f]{32})> \]", trailer)
    result(f"{style}: document /ID", ids is not None, trailer)
    dates = re.findall(r"/(CreationDate|ModDate) \(([^)]*)\)", inf)
    result(f"{style}: dates in D: form", len(dates) == 2 and all(
        re.fullmatch(r"D:\d{14}(Z|[+-]\d\d'\d\d'?)?", v) for _, v in dates), dates)
    outl = re.search(r"/Outlines (\d+) 0 R", cat)
    o = q(f"--show-object={outl.group(1)}", pdf).stdout if outl else ""
    result(f"{style}: outline root count is not negative", outl and "/Count -" not in o, o)
    st = subprocess.run(["pdfinfo", "-struct", pdf], capture_output=True, text=True).stdout
    kinds = {l.split()[0] for l in st.splitlines() if l.strip()}
    result(f"{style}: structure tree with headings and paragraphs",
           {"Document", "H1", "H2", "P", "Link"} <= kinds, sorted(kinds))
    info_out = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
    result(f"{style}: tagged", re.search(r"Tagged:\s+yes", info_out) is not None, info_out)
    # The id follows the content: a rebuild gives the same, another style another.
    p2 = subprocess.run([BOOKC, "-s", style, "-o", pdf + "2.pdf", "book/guide.xml"], cwd=TOP,
                        capture_output=True, text=True)
    t2 = q("--show-object=trailer", pdf + "2.pdf").stdout
    result(f"{style}: /ID is reproducible", ids and ids.group(1) in t2, t2)
    # The id is the MD5 of the file as Cairo wrote it (the device digests
    # it while drawing; BOOKC_NO_THREADS digests as it writes). The
    # finished file no longer begins with Cairo's bytes (finish.c writes
    # the objects it changes in their place), so the two ways of
    # digesting are compared with each other, and with the rebuild's.
    ids3 = []
    for how, env in (("", {}), (" (no threads)", {"BOOKC_NO_THREADS": "1"})):
        p3 = subprocess.run([BOOKC, "-s", style, "-o", pdf + "3.pdf", "book/guide.xml"], cwd=TOP,
                            capture_output=True, text=True, env={**os.environ, **env})
        t3 = q("--show-object=trailer", pdf + "3.pdf").stdout if p3.returncode == 0 else ""
        m = re.search(r"/ID \[ <([0-9a-f]{32})> <\1>", t3)
        ids3.append(m.group(1) if m else None)
    result(f"{style}: /ID is the same MD5 digested on the device's thread or as written",
           ids3[0] and ids3[0] == ids3[1] and ids and ids.group(1) == ids3[0], ids3)
ida = re.search(r"/ID \[ <(\w+)>", q("--show-object=trailer", os.path.join(OUT, "guide-a4.pdf")).stdout)
idb = re.search(r"/ID \[ <(\w+)>", q("--show-object=trailer", os.path.join(OUT, "guide-a5.pdf")).stdout)
result("different content, different /ID", ida and idb and ida.group(1) != idb.group(1))
done()
