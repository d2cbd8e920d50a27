#!/usr/bin/env python3
"""Print production: --impose 2up, --impose booklet and --marks on the guide
in the a5 style. Sheet count and size, the page order read back from the
text of each half-sheet, links and outline pointing at the right sheet,
sheet page labels, TrimBox/BleedBox with and without bleed, qpdf --check,
and byte-identical output from two runs. Uses qpdf and pdftotext."""
import json, math, os, re, shutil, subprocess, sys, tempfile

BOOKC = os.environ.get("BOOKC", "out/bookc")
OUT = os.environ.get("OUT") or tempfile.mkdtemp()
TOP = os.environ.get("TOP") or os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.abspath(__file__))))
BOOK = os.path.join(TOP, "book", "guide.xml")
MM = 72 / 25.4
A5 = (148 * MM, 210 * MM)
A4L = (297 * MM, 210 * MM)


from _check import report, done

def run(cmd):
    p = subprocess.run(cmd, capture_output=True, cwd=TOP)
    return p.returncode, p.stdout.decode("utf-8", "replace"), \
        p.stderr.decode("utf-8", "replace")


def bookc(out, *args):
    cmd = os.environ.get("BOOKC_WRAP", "").split() + [BOOKC, *args, "-o", out,
                                                      BOOK]
    rc, _, err = run(cmd)
    return rc == 0, err


class Pdf:
    """The parts of a PDF these checks read, from qpdf --json."""

    def __init__(self, path):
        rc, out, err = run(["qpdf", "--json=2", path])
        if rc not in (0, 3):
            raise RuntimeError(err)
        d = json.loads(out)
        self.obj = {k[4:]: v.get("value", v.get("stream", {}).get("dict"))
                    for k, v in d["qpdf"][1].items() if k.startswith("obj:")}
        self.trailer = d["qpdf"][1]["trailer"]["value"]
        self.pages = d["pages"]
        self.outlines = d["outlines"]
        self.ids = [p["object"] for p in self.pages]

    def get(self, v):
        while isinstance(v, str) and v.endswith(" R") and v in self.obj:
            v = self.obj[v]
        return v

    def page(self, i):
        return self.get(self.ids[i])

    def box(self, i, key):
        b = self.page(i).get(key)
        return [float(x) for x in self.get(b)] if b else None

    def root(self):
        return self.get(self.trailer["/Root"])

    def dests(self):
        """Named destinations: name -> (page index, x, y)."""
        res = {}
        names = self.get(self.get(self.root().get("/Names", {})).get("/Dests"))
        stack = [names] if names else []
        while stack:
            n = self.get(stack.pop())
            arr = n.get("/Names", [])
            for k, v in zip(arr[0::2], arr[1::2]):
                v = self.get(v)
                if isinstance(v, dict):
                    v = self.get(v["/D"])
                res[k] = (self.ids.index(v[0]), v[2], v[3])
            stack += n.get("/Kids", [])
        return res

    def label(self, i):
        """Page i's label as a viewer shows it (decimal and roman)."""
        lab = self.pages[i].get("label")
        if lab is None:
            return str(i + 1)
        text = lambda v: v[2:] if v.startswith("u:") else \
            bytes.fromhex(v[2:]).decode("latin-1").replace("\x85", "\u2013")
        num = int(lab.get("/St", 1))     # qpdf gives each page's number
        pre = text(lab.get("/P", "u:"))
        style = lab.get("/S")
        if style == "/D":
            return pre + str(num)
        if style in ("/r", "/R"):
            r = ""
            for v, d in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"),
                         (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
                         (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
                while num >= v:
                    r, num = r + d, num - v
            return pre + (r.upper() if style == "/R" else r)
        return pre

    def links(self, i):
        out = []
        for a in self.get(self.page(i).get("/Annots", [])) or []:
            a = self.get(a)
            if a.get("/Subtype") == "/Link":
                out.append(a)
        return out


def page_text(path, i, crop=None):
    cmd = ["pdftotext", "-q", "-f", str(i + 1), "-l", str(i + 1)]
    if crop:
        x, y, w, h = crop
        cmd += ["-x", str(int(x)), "-y", str(int(y)), "-W", str(int(w)),
                "-H", str(int(h))]
    rc, out, _ = run(cmd + [path, "-"])
    return re.sub(r"\s+", "", out)


def inside(inner, outer, eps=0.01):
    return (inner[0] >= outer[0] - eps and inner[1] >= outer[1] - eps and
            inner[2] <= outer[2] + eps and inner[3] <= outer[3] + eps)


def size(b):
    return (b[2] - b[0], b[3] - b[1])


def near(a, b, eps=0.5):
    return abs(a[0] - b[0]) < eps and abs(a[1] - b[1]) < eps


def check_built(name, path):
    rc, out, err = run(["qpdf", "--check", path])
    report(f"{name}: qpdf --check clean", rc == 0 and "No syntax or stream"
           in out and "WARNING" not in out + err, out[-300:] + err[-300:])


def check_deterministic(name, args, first):
    again = os.path.join(OUT, "again.pdf")
    ok, err = bookc(again, *args)
    same = ok and open(first, "rb").read() == open(again, "rb").read()
    report(f"{name}: two runs give identical bytes", same, err)


def sheets_order(name, path, ref, order):
    """order[k] = (left, right) page indexes of sheet k, None for blank."""
    pdf = Pdf(path)
    n = len(pdf.ids)
    report(f"{name}: {len(order)} sheets", n == len(order),
           f"{n} sheets for {len(ref.ids)} pages")
    bad = [i for i in range(n) if not near(size(pdf.box(i, "/MediaBox")), A4L)]
    report(f"{name}: sheets are A4 landscape", not bad,
           f"sheets {bad[:5]} are {pdf.box(bad[0], '/MediaBox') if bad else ''}")
    W, H = A4L
    wrong = []
    for k in range(min(n, len(order))):
        for side, pi in enumerate(order[k]):
            got = page_text(path, k, (side * W / 2, 0, W / 2, H))
            want = page_text(ref.path, pi) if pi is not None else ""
            if got != want:
                wrong.append(f"sheet {k + 1} {'LR'[side]}: want page "
                             f"{pi + 1 if pi is not None else 'blank'}, "
                             f"got {got[:30]!r}")
    report(f"{name}: half-sheet texts in order", not wrong, "; ".join(wrong[:4]))
    if wrong:
        return
    # Named destinations and the outline point at the sheet holding the
    # page, in the right half.
    where = {pi: (k, side) for k, pair in enumerate(order)
             for side, pi in enumerate(pair) if pi is not None}
    rd, pd = ref.dests(), pdf.dests()
    pw = size(ref.box(0, "/MediaBox"))[0]
    ox = (W - 2 * pw) / 2
    bad = []
    for nm, (pi, x, y) in rd.items():
        k, side = where[pi]
        g = pd.get(nm)
        if g is None or g[0] != k or abs(g[1] - (x + ox + side * pw)) > 0.01:
            bad.append(f"{nm}: page {pi + 1} at {x:.1f} -> {g}")
    report(f"{name}: {len(rd)} named destinations follow their pages",
           rd and not bad, "; ".join(bad[:4]))
    want = [where[o["destpageposfrom1"] - 1][0] + 1 for o in ref.outlines]
    got = [o["destpageposfrom1"] for o in pdf.outlines]
    report(f"{name}: outline points at the sheets", want == got,
           f"want {want[:8]} got {got[:8]}")
    nl = sum(len(ref.links(i)) for i in range(len(ref.ids)))
    ml = sum(len(pdf.links(k)) for k in range(n))
    out = [a["/Rect"] for k in range(n) for a in pdf.links(k)
           if not inside(a["/Rect"], pdf.box(k, "/MediaBox"))]
    report(f"{name}: {nl} links kept, on the sheet", nl == ml and not out,
           f"{ml} of {nl}; outside: {out[:3]}")
    want = ["\u2013".join(ref.label(p) for p in pair if p is not None)
            for pair in order]
    got = [pdf.label(k) for k in range(n)]
    report(f"{name}: sheet labels name their pages ({got[0]}, {got[-1]})",
           want == got, f"want {want[:4]} got {got[:4]}")
    report(f"{name}: untagged (structure tree dropped)",
           "/StructTreeRoot" not in pdf.root(), "")


def main():
    ref_path = os.path.join(OUT, "plain.pdf")
    ok, err = bookc(ref_path, "-s", "a5")
    if not ok:
        report("plain a5 build", False, err)
        return
    ref = Pdf(ref_path)
    ref.path = ref_path
    n = len(ref.ids)

    # 2up: reading order, padded with a blank at the end.
    path = os.path.join(OUT, "2up.pdf")
    ok, err = bookc(path, "-s", "a5", "--impose", "2up")
    report("2up: builds", ok, err)
    if ok:
        check_built("2up", path)
        pages = list(range(n)) + [None] * (n % 2)
        order = [(pages[2 * k], pages[2 * k + 1]) for k in range(len(pages) // 2)]
        sheets_order("2up", path, ref, order)
        report("2up: ceil(pages/2) sheets", len(order) == math.ceil(n / 2), "")
        check_deterministic("2up", ["-s", "a5", "--impose", "2up"], path)

    # booklet: 16|1, 2|15, 14|3, 4|13 ... on pages padded to 4k.
    path = os.path.join(OUT, "booklet.pdf")
    ok, err = bookc(path, "-s", "a5", "--impose", "booklet")
    report("booklet: builds", ok, err)
    if ok:
        check_built("booklet", path)
        m = (n + 3) // 4 * 4
        order = []
        for s in range(m // 4):
            order += [(m - 1 - 2 * s, 2 * s), (2 * s + 1, m - 2 - 2 * s)]
        order = [tuple(p if p < n else None for p in pair) for pair in order]
        report("booklet: 2 x ceil(pages/4) sheet sides",
               len(order) == 2 * math.ceil(n / 4), "")
        sheets_order("booklet", path, ref, order)
        check_deterministic("booklet", ["-s", "a5", "--impose", "booklet"],
                            path)

    # --marks, without and with bleed, without and with imposition.
    style = os.path.join(OUT, "bleed.ini")
    src = open(os.path.join(TOP, "styles", "a5.ini"), encoding="utf-8").read()
    open(style, "w", encoding="utf-8").write(
        src.replace("[page]\n", "[page]\nbleed = 3\n", 1))
    for name, args, trim_size, bleed in (
            ("marks", ["-s", "a5", "--marks"], A5, 0),
            ("marks with bleed", ["-s", style, "--marks"], A5, 3 * MM),
            ("booklet with marks", ["-s", style, "--impose", "booklet",
                                    "--marks"], (2 * A5[0], A5[1]), 3 * MM)):
        path = os.path.join(OUT, "marks.pdf")
        ok, err = bookc(path, *args)
        report(f"{name}: builds", ok, err)
        if not ok:
            continue
        check_built(name, path)
        pdf = Pdf(path)
        bad = []
        for i in range(len(pdf.ids)):
            mb, bb, tb = (pdf.box(i, k) for k in
                          ("/MediaBox", "/BleedBox", "/TrimBox"))
            if not (mb and bb and tb):
                bad.append(f"page {i + 1}: boxes missing")
            elif not (inside(tb, bb) and inside(bb, mb)):
                bad.append(f"page {i + 1}: {mb} {bb} {tb}")
            elif not near(size(tb), trim_size, 0.05):
                bad.append(f"page {i + 1}: trim {size(tb)}")
            elif abs(tb[0] - bb[0] - bleed) > 0.01 or \
                    abs(bb[3] - tb[3] - bleed) > 0.01:
                bad.append(f"page {i + 1}: bleed {bb} around {tb}")
            elif not (tb[0] - mb[0] > bleed + 18):
                bad.append(f"page {i + 1}: no room for marks")
        report(f"{name}: MediaBox > BleedBox > TrimBox, trim "
               f"{trim_size[0] / MM:.0f}x{trim_size[1] / MM:.0f} mm", not bad,
               "; ".join(bad[:3]))
        links = [(i, a["/Rect"]) for i in range(len(pdf.ids))
                 for a in pdf.links(i)]
        out = [(i + 1, r) for i, r in links
               if not inside(r, pdf.box(i, "/TrimBox"))]
        nl = sum(len(ref.links(i)) for i in range(len(ref.ids)))
        report(f"{name}: {nl} link annotations inside the trim",
               len(links) == nl and not out, f"{len(links)}; {out[:3]}")
        if "--impose" not in args:
            rd, pd = ref.dests(), pdf.dests()
            moved = all(pd[k][0] == v[0] and abs(pd[k][1] - v[1] -
                        (pdf.box(v[0], "/TrimBox")[0])) < 0.01
                        for k, v in rd.items())
            report(f"{name}: destinations moved with the content", moved, "")
            rc, info, _ = run(["pdfinfo", path])
            report(f"{name}: still tagged", re.search(r"Tagged:\s+yes", info),
                   info)
            t0 = page_text(ref_path, n // 2)
            t1 = page_text(path, n // 2)
            report(f"{name}: page text unchanged", t0 == t1,
                   f"{t0[:30]!r} vs {t1[:30]!r}")
        check_deterministic(name, args, path)


main()
done()
