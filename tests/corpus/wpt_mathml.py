#!/usr/bin/env python3
"""`make wpt-mathml WPT=DIR`: the MathML tests of web-platform-tests (the
`mathml/` folder of web-platform-tests/wpt, or any part of it; not part
of bookc: skipped with a message when absent) as a corpus of formulas.
Every <math> element of every .html and .xhtml file under DIR is taken
(HTML parsed as a browser reads foreign content: tags closed by their
parent's end, `<x/>` empty, entities and unquoted attributes read; HTML
inside a formula kept in the XHTML namespace), each file's formulas
wrapped in a small DocBook article (display="block" ones as
informalequation, the others as inline equations in a paragraph) and
compiled to PDF and EPUB within a time limit. Reports the share of files
(and formulas) that lay out without error or crash, the failures by
first error, crashes and hangs, the warnings by kind (values and numbers
blanked), and epubcheck on every EVERY-th file that compiled. Exits 1
when one crashed or hung.

Environment: BOOKC (the binary), WPT (the directory), WPT_OUT (where the
articles and outputs go, out/wpt-mathml), TIMEOUT (seconds per file, 60),
JOBS (files at once, 2), EVERY (epubcheck sample step, 10)."""
import collections, concurrent.futures, html, html.parser, os, re, \
    subprocess, sys, time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))), "check"))
from _check import epubcheck

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BOOKC = os.path.join(TOP, os.environ.get("BOOKC", "out/bookc"))
SUITE = os.environ.get("WPT", "")
WORK = os.environ.get("WPT_OUT", os.path.join(TOP, "out", "wpt-mathml"))
TIMEOUT = float(os.environ.get("TIMEOUT", "60"))
JOBS = int(os.environ.get("JOBS", "2"))
EVERY = int(os.environ.get("EVERY", "10"))
MATHML = "http://www.w3.org/1998/Math/MathML"
XHTML = "http://www.w3.org/1999/xhtml"
# MathML's element names (MathML 3 and Core): the others inside a
# formula are HTML (in mtext, annotation-xml).
MML = set("""math maction maligngroup malignmark menclose merror mfenced
mfrac mglyph mi mlabeledtr mlongdiv mmultiscripts mn mo mover mpadded
mphantom mprescripts mroot mrow ms mscarries mscarry msgroup msline mspace
msqrt msrow mstack mstyle msub msubsup msup mtable mtd mtext mtr munder
munderover none semantics annotation annotation-xml""".split())
VOID = set("area base br col embed hr img input link meta source track "
           "wbr".split())
# HTML start tags that end a formula where they appear in MathML (not in
# a token element, where HTML is at home): HTML's "breakout" list.
BREAKOUT = set("""b big blockquote body br center code dd div dl dt em embed
h1 h2 h3 h4 h5 h6 head hr i img li listing menu meta nobr ol p pre ruby s
small span strong strike sub sup table tt u ul var""".split())
TOKENS = set("mi mo mn ms mtext".split())


class Formulas(html.parser.HTMLParser):
    """The <math> elements of an HTML file, each as well-formed XML."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out, self.stack, self.buf = [], [], []

    def _open(self, tag, attrs, empty):
        if not self.stack and tag != "math":
            return
        if self.stack and tag in BREAKOUT and \
                self.stack[-1][1] == MATHML and self.stack[-1][0] not in TOKENS:
            self.handle_endtag("math")
            return
        space = MATHML if tag in MML else XHTML
        ns = ""
        if tag == "math" or self.stack[-1][1] != space:
            ns = f' xmlns="{space}"'
        seen = {}
        for k, v in attrs:     # HTML keeps the first of a repeated one
            if re.fullmatch(r"[a-z][a-z0-9_.-]*", k) and k != "xmlns":
                seen.setdefault(k, v)
        a = "".join(f' {k}="{html.escape(v or "", quote=True)}"'
                    for k, v in seen.items())
        self.buf.append(f"<{tag}{ns}{a}" + ("/>" if empty else ">"))
        if not empty:
            self.stack.append((tag, space))
        elif tag == "math":
            self._done()

    def _done(self):
        self.out.append("".join(self.buf))
        self.buf = []

    def handle_starttag(self, tag, attrs):
        self._open(tag, attrs, tag in VOID and (not self.stack or
                                                 tag not in MML))

    def handle_startendtag(self, tag, attrs):
        self._open(tag, attrs, True)

    def handle_endtag(self, tag):
        if not any(t == tag for t, _ in self.stack):
            # An HTML element's end (</p>) ends the formula it holds;
            # a stray MathML one (</mtext>) is ignored, as HTML does.
            if self.stack and tag not in MML:
                self.handle_endtag("math")
            return
        while self.stack:
            t, _ = self.stack.pop()
            self.buf.append(f"</{t}>")
            if t == tag:
                break
        if not self.stack:
            self._done()

    def handle_data(self, data):
        if self.stack:
            self.buf.append(html.escape(data, quote=False))

    def close(self):
        super().close()
        while self.stack:
            self.handle_endtag(self.stack[0][0])


def formulas_of(path):
    p = Formulas()
    with open(path, encoding="utf-8", errors="replace") as f:
        p.feed(f.read())
    p.close()
    return p.out


def article(rel, maths):
    body = []
    for m in maths:
        head = m[:m.index(">")]
        if re.search(r'\sdisplay="block"', head):
            body.append(f"<informalequation>{m}</informalequation>")
        else:
            body.append(f"<para><inlineequation>{m}</inlineequation></para>")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<article xmlns="http://docbook.org/ns/docbook" version="5.0" '
            f'xml:lang="en">\n<title>{html.escape(rel)}</title>\n'
            + "\n".join(body) + "\n</article>\n")


def compile_one(rel):
    stem = re.sub(r"[^A-Za-z0-9_.-]", "_", rel.rsplit(".", 1)[0])
    xml = os.path.join(WORK, stem + ".xml")
    pdf, epub = os.path.join(WORK, stem + ".pdf"), os.path.join(WORK, stem + ".epub")
    maths = formulas_of(os.path.join(SUITE, rel))
    with open(xml, "w", encoding="utf-8") as f:
        f.write(article(rel, maths))
    for f in (pdf, epub):
        if os.path.exists(f):
            os.unlink(f)
    t0 = time.time()
    try:
        p = subprocess.run([BOOKC, "-o", pdf, "-o", epub, xml],
                           capture_output=True, timeout=TIMEOUT, cwd=TOP)
        rc, err = p.returncode, p.stderr.decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        rc, err = None, ""
    return rel, len(maths), rc, err, time.time() - t0, epub


def kind(line):
    m = re.search(r": (style|warning|error|unsupported|bad argument|"
                  r"system error): (.*)", line)
    if not m:
        return None
    k = re.sub(r"'[^']*'", "'…'", m.group(2))
    k = re.sub(r"\d+(\.\d+)?(?!'s)", "N", k)      # not "MathML 3's"
    return f"{m.group(1)}: {k}"


def main():
    if not SUITE or not os.path.isdir(SUITE):
        print(f"wpt MathML tests not found at '{SUITE}' (give WPT=DIR, the "
              "mathml/ folder of web-platform-tests/wpt): skipped")
        return 0
    os.makedirs(WORK, exist_ok=True)
    files = sorted(os.path.relpath(os.path.join(d, f), SUITE)
                   for d, _, fs in os.walk(SUITE) for f in fs
                   if f.endswith((".html", ".xhtml", ".htm")))
    ok, fail, crash, hang, kinds, errors = [], [], [], [], \
        collections.Counter(), collections.Counter()
    formulas = formulas_ok = 0
    slow = (0, "")
    with concurrent.futures.ThreadPoolExecutor(JOBS) as ex:
        for rel, n, rc, err, dt, epub in ex.map(compile_one, files):
            formulas += n
            slow = max(slow, (dt, rel))
            if rc is None:
                hang.append(rel)
                continue
            if rc < 0 or rc >= 128 or "AddressSanitizer" in err or \
                    "runtime error:" in err:
                crash.append((rel, rc))
                continue
            for line in err.splitlines():
                k = kind(line)
                if k:
                    kinds[k] += 1
            if rc == 0:
                ok.append((rel, epub))
                formulas_ok += n
            else:
                fail.append(rel)
                first = next((kind(l) for l in err.splitlines()
                              if re.search(r": (error|unsupported|bad "
                                           r"argument|system error): ", l)),
                             f"exit {rc}")
                errors[first] += 1
    total = len(files)
    print(f"wpt MathML: {total} files, {formulas} formulas")
    if total:
        print(f"  laid out without error or crash: {len(ok)} of {total} files "
              f"({100 * len(ok) / total:.1f}%), {formulas_ok} of {formulas} "
              "formulas")
    print(f"  failed: {len(fail)}, crashed: {len(crash)}, hung: {len(hang)}; "
          f"slowest {slow[0]:.2f} s ({slow[1]})")
    for e, c in errors.most_common():
        print(f"  failure {c:4d}  {e}")
    for rel, rc in crash:
        print(f"  CRASH {rel} (exit {rc})")
    for rel in hang:
        print(f"  HANG {rel} (over {TIMEOUT:.0f} s)")
    print("  messages by kind:")
    for k, c in kinds.most_common():
        print(f"  {c:5d}  {k}")
    sample = ok[::EVERY]
    clean, bad = 0, []
    for rel, epub in sample:
        good, tail = epubcheck(epub)
        if good:
            clean += 1
        else:
            m = re.search(r"Messages: .*", tail)
            bad.append((rel, m.group(0) if m else tail[-200:]))
    print(f"  epubcheck: {clean} of {len(sample)} sampled EPUBs clean "
          f"(every {EVERY}th file that compiled)")
    for rel, why in bad:
        print(f"    {rel}: {why}")
    return 1 if crash or hang else 0


if __name__ == "__main__":
    sys.exit(main())
