#!/usr/bin/env python3
"""Chinese typography checks on PDFs (TYPOGRAPHY.md, issue 4).

Compiles tests/typo/typography.xml and book/guide.xml with $BOOKC into
PDFs in $OUT, with the page dump (BOOKC_PAGE_DUMP) beside each. The dump
says exactly where each line is and what it is (block kind, alignment,
first and last line of its paragraph, the end of its measure); mutool
draw -F stext gives every character's origin, advance and font, and each
character goes to the dump line whose baseline and extent hold it. Then,
per PDF:

  K1  no line but a paragraph's first starts with closing/pause
      punctuation, · ～ ／ or –
  K2  no line but a paragraph's last ends with an opening bracket or quote
  K3  —— and …… are never split across lines
  S1  every Han-Latin gap (spaces skipped) lies within 1/8 .. 1/2 em
  S2  no letter-spaced Latin word (gap between letters <= 0.02 em)
  S3  two full-width marks in a row take at most 1.5 em (origins <= 0.55
      em apart, not counting a footnote marker between them)
  J1  every justified line but a paragraph's last ends at its measure
      within 0.05 em, a line-final closing mark counting as half an em (R9)
  J2  Han pitch uniform within 0.02 em in each line
  J3  no loose line: Han pitch <= 1.25 em
  O1  no paragraph (body or footnote) of two or more lines whose last
      line holds a single character (孤字)

Code blocks (and monospaced lines) are skipped; headings are skipped for
J1 and O1.

Run by tests/run.py (BOOKC, OUT, TOP set), or by hand on a PDF made with
BOOKC_PAGE_DUMP=FILE.pdf.dump:
    python3 tests/check/typo_pdf.py FILE.pdf...
"""
import collections, os, re, subprocess, sys
import xml.etree.ElementTree as ET

NOSTART = set("，。、：；！？）》〉」』】〕〗］｝”’．·・～／–々")
NOEND = set("（《〈「『【〔〖［｛“‘")
PUNCT = set("，。、：；！？）》〉」』】〕〗］｝”’（《〈「『【〔〖［｛“‘")
CLOSING = set("，。、：；！？）》〉」』】〕〗］｝”’")
BLANK = set(" \u2005\u200b\u2060\u00a0\u2028")


def is_han(c):
    o = ord(c)
    return (0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or
            0x20000 <= o <= 0x2FFFF or 0xF900 <= o <= 0xFAFF or
            0x3040 <= o <= 0x30FA or o == 0x3007)


def is_latin(c):
    return c.isalnum() and ord(c) < 0x2E80


class Ch:
    __slots__ = ("c", "x", "y", "adv", "font", "size")

    def __init__(self, c, x, y, adv, font, size):
        self.c, self.x, self.y, self.adv = c, x, y, adv
        self.font, self.size = font, size


class Line:
    def __init__(self, page, chars, tag, mright):
        self.page = page
        self.chars = chars
        self.block, self.align = tag[0], tag[1]
        self.first, self.last = "^" in tag, "$" in tag
        self.mright = mright
        self.y = chars[0].y
        vis = [c for c in chars if c.c not in BLANK]
        self.vis = vis or chars
        self.left = self.vis[0].x
        last = self.vis[-1]
        self.size = collections.Counter(c.size for c in self.vis).most_common(1)[0][0]
        self.mono = self.block == "v" or all("Mono" in c.font for c in self.vis)
        # A line-final closing mark is trimmed to half an em (R9).
        # The interpunct is ½ em drawn ¼ em left of its origin (fwid,halt).
        self.right = last.x + (0.5 * last.size if last.c in CLOSING else
                               0.75 * last.size if last.c == "·" else
                               last.adv)
        self.text = "".join(c.c for c in chars)


DUMP_LINE = re.compile(r"(\d+) (\S+) (\S+) (\S+) (\S+) (\S+) ?(.*)$")


def read_pdf(path, dump):
    """The lines of every page in dump order, and per page the characters
    on no line (footnote markers, raised above their line's baseline)."""
    xml = subprocess.run(["mutool", "draw", "-F", "stext", "-o", "-", path],
                         capture_output=True, check=True).stdout
    root = ET.fromstring(xml)
    pages = []
    for page in root.iter("page"):
        chars = []
        for font in page.iter("font"):
            name, size = font.get("name"), float(font.get("size"))
            for ch in font.iter("char"):
                q = [float(v) for v in ch.get("quad").split()]
                chars.append(Ch(ch.get("c"), float(ch.get("x")),
                                float(ch.get("y")), q[2] - q[0], name, size))
        pages.append(chars)
    lines = []
    taken = [set() for _ in pages]
    with open(dump, encoding="utf-8") as f:
        for raw in f:
            m = DUMP_LINE.match(raw.rstrip("\n"))
            if not m or raw.startswith("page ") or " [image" in raw:
                continue
            pno = int(m.group(1)) - 1
            x, y, w, mright = (float(m.group(i)) for i in range(2, 6))
            tag = m.group(6)
            if pno >= len(pages):
                continue
            mine = [(i, c) for i, c in enumerate(pages[pno])
                    if i not in taken[pno] and abs(c.y - y) < 0.5 and
                    x - 0.5 <= c.x <= x + w + 0.5]
            if not mine:
                continue
            taken[pno].update(i for i, _ in mine)
            # mutool gives the later characters of a ligature ("ffi") no
            # advance and the ligature's end, rounded, as origin: they
            # belong before the glyph that starts there (a stable sort
            # keeps their own order).
            row = sorted((c for _, c in mine),
                         key=lambda c: c.x - (0.05 if c.adv == 0 else 0))
            lines.append(Line(pno, row, tag, mright))
    marks = [[c for i, c in enumerate(cs) if i not in taken[p]]
             for p, cs in enumerate(pages)]
    return lines, marks


def check(path, dump, report):
    lines, marks = read_pdf(path, dump)
    name = os.path.basename(path)
    v = collections.defaultdict(list)
    # The next line of each line's paragraph, in dump order.
    nxt, open_ = {}, {}
    for l in lines:
        key = l.block
        if not l.first and key in open_:
            nxt[id(open_[key])] = l
        open_[key] = l
        if l.last:
            open_.pop(key, None)
    for l in lines:
        if l.mono:
            continue
        t, em = l.vis, l.size
        # K1/K2/K3: kinsoku.
        if not l.first and t[0].c in NOSTART:
            v["K1"].append(l.text)
        if not l.last and t[-1].c in NOEND:
            v["K2"].append(l.text)
        n = nxt.get(id(l))
        if n and not n.mono and t[-1].c in "—…" and n.vis[0].c == t[-1].c:
            v["K3"].append(l.text + " | " + n.text)
        # S1..S3 and J2/J3 within the line.
        pitches = []
        # Two or more spaces are a deliberate separator (a heading's
        # number and title), not a Han-Latin gap.
        wide = set()
        for i in range(len(l.chars) - 2):
            if l.chars[i].c in BLANK and l.chars[i + 1].c in BLANK:
                wide.add(id(l.chars[i + 2]))
        for a, b in zip(t, t[1:]):
            if id(b) in wide:
                continue
            gap = b.x - a.x - a.adv
            both_mono = "Mono" in a.font and "Mono" in b.font
            if abs(a.size - b.size) > 0.1:
                continue
            if ((is_han(a.c) and is_latin(b.c)) or
                    (is_latin(a.c) and is_han(b.c))) and not both_mono:
                if not (0.125 * em - 0.005 <= gap <= 0.5 * em + 0.005):
                    v["S1"].append("%s%s gap %.3f em in %s" %
                                   (a.c, b.c, gap / em, l.text))
        for a, b in zip(l.chars, l.chars[1:]):
            em = a.size
            if is_latin(a.c) and is_latin(b.c) and a.c.isascii() and \
                    b.c.isascii() and b.x - a.x - a.adv > 0.02 * em:
                v["S2"].append("%s%s +%.3f em in %s" %
                               (a.c, b.c, (b.x - a.x - a.adv) / em, l.text))
            if a.c in PUNCT and b.c in PUNCT:
                between = sum(m.adv for m in marks[l.page]
                              if a.x < m.x < b.x and abs(m.y - l.y) < em)
                if b.x - a.x - between > 0.55 * em:
                    v["S3"].append("%s%s %.3f em in %s" %
                                   (a.c, b.c, (b.x - a.x - between) / em,
                                    l.text))
            if is_han(a.c) and is_han(b.c) and "Mono" not in a.font \
                    and "Mono" not in b.font:
                pitches.append((b.x - a.x) / em)
        if pitches:
            if max(pitches) - min(pitches) > 0.02:
                v["J2"].append("%.3f..%.3f em in %s" %
                               (min(pitches), max(pitches), l.text))
            if max(pitches) > 1.25:
                v["J3"].append("%.3f em in %s" % (max(pitches), l.text))
        if l.block == "h":
            continue
        # J1: justified lines the breaker ended reach their measure.
        if l.align == "J" and not l.last:
            d = (l.right - l.mright) / l.size
            if abs(d) > 0.05:
                v["J1"].append("%+.3f em: %s" % (d, l.text))
        # O1: 孤字, on the last line of a paragraph of several lines.
        if l.block in "pn" and l.last and not l.first:
            solid = [c for c in l.vis if is_han(c.c) or is_latin(c.c)]
            if len(solid) < 2:
                v["O1"].append(l.text)
    for k in ("K1", "K2", "K3", "S1", "S2", "S3", "J1", "J2", "J3", "O1"):
        bad = v.get(k, [])
        report(f"{name} {k}", not bad,
               f"{len(bad)} violations; e.g. " + " / ".join(bad[:3]))
        if os.environ.get("TYPO_VERBOSE"):
            for b in bad:
                print(f"   {k}: {b}")
    return {k: len(v.get(k, [])) for k in
            ("K1", "K2", "K3", "S1", "S2", "S3", "J1", "J2", "J3", "O1")}


def main():
    failed = False

    def report(name, ok, why):
        nonlocal failed
        if ok:
            print(f"ok {name}")
        else:
            failed = True
            print(f"not ok {name}: {why}")

    pdfs = sys.argv[1:]
    if not pdfs:
        top = os.environ.get("TOP", os.path.dirname(os.path.dirname(
            os.path.dirname(os.path.abspath(__file__)))))
        out = os.environ.get("OUT", "/tmp")
        bookc = os.environ.get("BOOKC", os.path.join(top, "out", "bookc"))
        wrap = os.environ.get("BOOKC_WRAP", "").split()
        for src, base in (("tests/typo/typography.xml", "typography"),
                          ("book/guide.xml", "guide")):
            pdf = os.path.join(out, base + ".pdf")
            env = dict(os.environ, BOOKC_PAGE_DUMP=pdf + ".dump")
            p = subprocess.run(wrap + [bookc, "-o", pdf, src], cwd=top,
                               env=env, capture_output=True, timeout=600)
            if p.returncode != 0 or not os.path.exists(pdf):
                report(f"{base}.pdf compile", False, "bookc exit %d: %s" % (
                    p.returncode, p.stderr.decode(errors="replace")[-300:]))
                continue
            report(f"{base}.pdf compile", True, "")
            pdfs.append(pdf)
    for pdf in pdfs:
        check(pdf, pdf + ".dump", report)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
