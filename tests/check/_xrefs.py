"""The page numbers a PDF's cross-references print, checked against the
pages their links go to. Shared by xref_pages.py and tests/corpus.

An xref in a print style is a link whose text ends with "（第 N 页）" or
"(page N)": N must be the label of the page the link goes to. An xref
that prints no page (its target in view) is recognised by the caller's
pattern and must go to its own page, or in a two-sided PDF to the other
page of its spread. Only the body's pages (numbered in figures) count.
Uses mutool run (links and characters) and qpdf
(page labels)."""
import json, re, subprocess, tempfile

# For each page with links: the page, the link's target page and the
# characters inside the link's rectangle, one line per link.
LINKS_JS = """var doc = new Document(scriptArgs[0]);
for (var i = 0; i < doc.countPages(); i++) {
  var page = doc.loadPage(i);
  var links = page.getLinks();
  if (links.length == 0) continue;
  var text = [];
  for (var k = 0; k < links.length; k++) text.push("");
  page.toStructuredText().walk({
    onChar: function (c, origin, font, size, quad) {
      var x = (quad[0] + quad[2] + quad[4] + quad[6]) / 4;
      var y = (quad[1] + quad[3] + quad[5] + quad[7]) / 4;
      for (var k = 0; k < links.length; k++) {
        var b = links[k].bounds;
        if (x >= b[0] && x <= b[2] && y >= b[1] && y <= b[3]) {
          text[k] += c;
          break;
        }
      }
    }
  });
  for (var k = 0; k < links.length; k++)
    print((i + 1) + "\\t" + links[k].uri + "\\t" + text[k]);
}
"""

PAGE = re.compile(r"(?:（第\s*(\w+)\s*页）|\(page (\w+)\))$")


def roman(n):
    out = ""
    for v, s in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"),
                 (100, "c"), (90, "xc"), (50, "l"), (40, "xl"), (10, "x"),
                 (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= v:
            out += s
            n -= v
    return out


def text_string(v):
    """A string from qpdf's JSON v2 ("u:text" or "b:hex")."""
    if v.startswith("u:"):
        return v[2:]
    if v.startswith("b:"):
        return bytes.fromhex(v[2:]).decode("latin-1")
    return v


def page_labels(pdf, count):
    """The label of each of the first count physical pages (index 0 is
    page 1), from the PDF's /PageLabels; "?" for a page no range covers,
    [] if qpdf cannot read the file."""
    p = subprocess.run(["qpdf", "--json=2", "--json-key=pagelabels", pdf],
                       capture_output=True, text=True)
    if p.returncode != 0:
        return []
    ranges = sorted(json.loads(p.stdout).get("pagelabels", []),
                    key=lambda r: r["index"])
    labels = []
    for i in range(count):
        r = [x for x in ranges if x["index"] <= i]
        if not r:
            labels.append("?")
            continue
        lab = r[-1]["label"]
        n = lab.get("/St", 1) + i - r[-1]["index"]
        num = {"/D": str(n), "/r": roman(n), "/R": roman(n).upper()} \
            .get(lab.get("/S"), "")
        labels.append(text_string(lab.get("/P", "u:")) + num)
    return labels


def links(pdf, whole=None):
    """[(page, target page, text)], a link broken over lines or pages
    joined (one that does not yet end as the regex whole says a link text
    ends), on the page where it starts."""
    with tempfile.NamedTemporaryFile("w", suffix=".js") as js:
        js.write(LINKS_JS)
        js.flush()
        p = subprocess.run(["mutool", "run", js.name, pdf],
                           capture_output=True, text=True)
    out = []
    for line in p.stdout.splitlines():
        f = line.split("\t")
        if len(f) != 3:
            continue
        m = re.match(r"#page=(\d+)", f[1])
        if not m:
            continue
        page, target = int(f[0]), int(m.group(1))
        if out and page - 1 <= out[-1][0] <= page and \
                out[-1][1] == target and \
                not PAGE.search(out[-1][2]) and \
                not (whole and re.search(whole, out[-1][2])):
            out[-1] = (out[-1][0], target, out[-1][2] + f[2])
        else:
            out.append((page, target, f[2]))
    return out


def check(pdf, bare=None, two_sided=False):
    """(xrefs with a page checked, xrefs in view checked, [errors]).
    bare: a regex that tells an xref printing no page from other links."""
    ls = links(pdf, bare)
    count = max([max(p, t) for p, t, _ in ls] + [0])
    n = subprocess.run(["qpdf", "--show-npages", pdf], capture_output=True,
                       text=True).stdout.strip()
    labels = page_labels(pdf, max(count, int(n or 0)))
    numbered, in_view, errors = 0, 0, []
    for page, target, text in ls:
        # the front matter's lists link their entries, whose titles may
        # hold an xref's text
        if not labels[page - 1].isdigit():
            continue
        m = PAGE.search(text)
        if m:
            numbered += 1
            printed = m.group(1) or m.group(2)
            if printed != labels[target - 1]:
                errors.append(f"p. {labels[page - 1]}: '{text}' goes to "
                              f"p. {labels[target - 1]}")
        elif bare and re.search(bare, text):
            in_view += 1
            lo, hi = min(page, target), max(page, target)
            spread = two_sided and hi - lo == 1 and \
                labels[lo - 1].isdigit() and int(labels[lo - 1]) % 2 == 0
            if page != target and not spread:
                errors.append(f"p. {labels[page - 1]}: '{text}' goes to "
                              f"p. {labels[target - 1]}, not in view")
    return numbered, in_view, errors
