#!/usr/bin/env python3
"""A link's text is in its Link element (issue 20, PDF/UA-1 7.18.1): in
the guide and the features book, each Link structure element holds the
OBJR of its annotation and an MCID whose marked content on the page
shows text (qpdf --qdf content streams, qpdf --json objects); that text
is part of what the annotation's /Contents says, or of its target."""
import json, os, re, subprocess

TOP = os.environ["TOP"]; BOOKC = os.environ["BOOKC"]; OUT = os.environ["OUT"]

from _check import report, done

TOK = re.compile(rb"\((?:\\.|[^\\)])*\)|<<|>>|<[0-9A-Fa-f\s]*>|\[|\]"
                 rb"|/[^\s/\[\]()<>{}%]*|[^\s/\[\]()<>{}%]+")


def marked_text(data):
    """{MCID: count of text-showing operators in its marked content}."""
    shown, stack, operands = {}, [], []
    for t in TOK.findall(data):
        if t in (b"BDC", b"BMC"):
            m = re.search(rb"/MCID (\d+)", b" ".join(operands))
            stack.append(int(m.group(1)) if m else None)
        elif t == b"EMC" and stack:
            stack.pop()
        elif t in (b"Tj", b"TJ", b"'", b'"') and stack and stack[-1] is not None:
            shown[stack[-1]] = shown.get(stack[-1], 0) + 1
        if t.startswith(b"/") or t in (b"<<", b">>") or re.fullmatch(
                rb"[-+.\d]+|<.*>|\(.*\)", t, re.S):
            operands.append(t)
        else:
            operands = []
    return shown


for src in ("book/guide.xml", "tests/epub/features.xml"):
    name = os.path.basename(src)
    pdf = os.path.join(OUT, "links.pdf")
    p = subprocess.run([BOOKC, "-q", "-o", pdf, src], cwd=TOP,
                       capture_output=True, text=True)
    if not report(f"{name}: builds", p.returncode == 0, p.stderr):
        continue
    q = subprocess.run(["qpdf", "--qdf", "--object-streams=disable", pdf, "-"],
                       capture_output=True).stdout
    shown = {int(m.group(1)): marked_text(m.group(2)) for m in re.finditer(
        rb"%% Contents for page (\d+)\n%% Original object ID: \d+ 0\n\d+ 0 obj\n"
        rb"<<.*?>>\nstream\n(.*?)endstream", q, re.S)}
    objs = json.loads(subprocess.run(["qpdf", "--json", "--json-key=qpdf", pdf],
                                     capture_output=True, text=True).stdout)["qpdf"][1]
    val = {k: v.get("value", v.get("stream", {}).get("dict")) for k, v in objs.items()}
    pages = json.loads(subprocess.run(["qpdf", "--json", "--json-key=pages", pdf],
                                      capture_output=True, text=True).stdout)["pages"]
    page_no = {pg["object"]: n for n, pg in enumerate(pages, 1)}
    links = [(k, v) for k, v in val.items()
             if isinstance(v, dict) and v.get("/S") == "/Link"]
    bad = []
    for k, v in links:
        kids = v.get("/K") if isinstance(v.get("/K"), list) else [v.get("/K")]
        objr = [x for x in kids if isinstance(x, dict) and x.get("/Type") == "/OBJR"]
        mcids = [x for x in kids if isinstance(x, int)] + \
            [x.get("/MCID") for x in kids if isinstance(x, dict) and "/MCID" in x]
        n = page_no.get(v.get("/Pg"))
        if not objr or not mcids or not any(shown.get(n, {}).get(mc) for mc in mcids):
            bad.append((k, n, mcids))
    report(f"{name}: each of {len(links)} Link elements holds its OBJR and "
           "marked content that shows its text", links and not bad, bad[:4])

done()
