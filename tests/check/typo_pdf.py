#!/usr/bin/env python3
"""Chinese typography checks on PDFs (TYPOGRAPHY.md, issue 4).

Compiles tests/typo/typography.xml and book/guide.xml with $BOOKC into
PDFs in $OUT, reads every character's origin, advance and font with
`mutool draw -F stext`, and asserts, per PDF:

  K1  no line starts with closing/pause punctuation, · ～ ／ or –
  K2  no line ends with an opening bracket or quote
  K3  —— and …… are never split across lines
  S1  every Han-Latin gap (spaces skipped) lies within 1/8 .. 1/2 em
  S2  no letter-spaced Latin word (gap between letters <= 0.02 em)
  S3  two adjacent full-width marks take at most 1.5 em (origins <= 0.55 em)
  J1  every non-last line of a paragraph is flush right within 0.05 em,
      a line-final closing mark counting as half an em (R9)
  J2  Han pitch uniform within 0.02 em in each line
  J3  no loose line: Han pitch <= 1.25 em
  O1  no paragraph whose last line holds a single character (孤字)

Prints "ok NAME" / "not ok NAME: why" per check and PDF. Lines in the
monospaced face (code blocks) are skipped; headings (sans face, or larger
than the body) are skipped for J1 and O1.

Run by tests/run.py (BOOKC, OUT, TOP set), or by hand on existing PDFs:
    python3 tests/check/typo_pdf.py file.pdf...
"""
import collections, os, subprocess, sys
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
    def __init__(self, page, chars):
        self.page = page
        self.chars = chars
        self.y = chars[0].y
        vis = [c for c in chars if c.c not in BLANK]
        self.vis = vis or chars
        self.left = self.vis[0].x
        last = self.vis[-1]
        self.size = collections.Counter(c.size for c in self.vis).most_common(1)[0][0]
        self.mono = all("Mono" in c.font for c in self.vis)
        self.sans = sum("Sans" in c.font for c in self.vis) > len(self.vis) / 2
        # A line-final closing mark is trimmed to half an em (R9).
        # The interpunct is ½ em drawn ¼ em left of its origin (fwid,halt).
        self.right = last.x + (0.5 * last.size if last.c in CLOSING else
                               0.75 * last.size if last.c == "·" else
                               last.adv)
        self.text = "".join(c.c for c in chars)


def read_pdf(path):
    """The lines of every page, in reading order."""
    xml = subprocess.run(["mutool", "draw", "-F", "stext", "-o", "-", path],
                         capture_output=True, check=True).stdout
    root = ET.fromstring(xml)
    lines = []
    for pno, page in enumerate(root.iter("page")):
        chars = []
        for font in page.iter("font"):
            name, size = font.get("name"), float(font.get("size"))
            for ch in font.iter("char"):
                q = [float(v) for v in ch.get("quad").split()]
                chars.append(Ch(ch.get("c"), float(ch.get("x")),
                                float(ch.get("y")), q[2] - q[0], name, size))
        # Baselines: runs in other fonts may sit a few hundredths off.
        rows = []
        for c in sorted(chars, key=lambda c: c.y):
            if rows and c.y - rows[-1][-1].y < 0.5:
                rows[-1].append(c)
            else:
                rows.append([c])
        for row in rows:
            row.sort(key=lambda c: c.x)
            seg = [row[0]]
            for c in row[1:]:
                p = seg[-1]
                # A wide gap separates table cells (a Han gap in a loose line
                # stays under 1 em up to a 2-em pitch).
                if c.x - (p.x + p.adv) > 1.2 * max(p.size, 1):
                    lines.append(Line(pno, seg))
                    seg = []
                seg.append(c)
            lines.append(Line(pno, seg))
    # Superscript markers sit on their own baseline: not lines.
    body = collections.Counter(l.size for l in lines).most_common(1)
    bsize = body[0][0] if body else 10
    lines = [l for l in lines if l.size >= 0.8 * bsize]
    lines.sort(key=lambda l: (l.page, l.y, l.left))
    return lines, bsize


def blocks(lines, bsize):
    """Pairs (line, next line of the same column at the line pitch)."""
    deltas = collections.Counter()
    for a, b in zip(lines, lines[1:]):
        if a.page == b.page and b.y > a.y:
            deltas[round(b.y - a.y, 1)] += 1
    pitch = deltas.most_common(1)[0][0] if deltas else 1.75 * bsize
    nxt = {}
    for i, a in enumerate(lines):
        for b in lines[i + 1:i + 12]:
            if b.page != a.page:
                break
            if abs(b.y - a.y - pitch) < 0.3 and b.left < a.right and \
                    a.left < b.right + b.size and b.size == a.size:
                nxt[id(a)] = b
                break
    return nxt


def check(path, report):
    lines, bsize = read_pdf(path)
    nxt = blocks(lines, bsize)
    name = os.path.basename(path)
    v = collections.defaultdict(list)
    for l in lines:
        if l.mono:
            continue
        t, em = l.vis, l.size
        # K1/K2/K3: kinsoku.
        # (A "line" of nothing but punctuation is a paragraph of its own.)
        if t[0].c in NOSTART and not all(c.c in PUNCT for c in t):
            v["K1"].append(l.text)
        if t[-1].c in NOEND:
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
            if a.c in PUNCT and b.c in PUNCT and b.x - a.x > 0.55 * em:
                v["S3"].append("%s%s %.3f em in %s" %
                               (a.c, b.c, (b.x - a.x) / em, l.text))
            if is_han(a.c) and is_han(b.c) and "Mono" not in a.font \
                    and "Mono" not in b.font:
                pitches.append((b.x - a.x) / em)
        if pitches:
            if max(pitches) - min(pitches) > 0.02:
                v["J2"].append("%.3f..%.3f em in %s" %
                               (min(pitches), max(pitches), l.text))
            if max(pitches) > 1.25:
                v["J3"].append("%.3f em in %s" % (max(pitches), l.text))
    # J1 and O1 need paragraphs: a line is not its paragraph's last when
    # the next line of its column continues at the same left edge, or 2 em
    # to its left after an indented first line (not a list marker).
    # Blocks first: chains of lines at the line pitch in one column.
    block, prev = {}, {}
    for l in lines:
        n = nxt.get(id(l))
        if n:
            prev[id(n)] = l
    for l in lines:
        if id(l) not in prev:
            b, m = len(set(block.values())), l
            while m is not None and id(m) not in block:
                block[id(m)] = b
                m = nxt.get(id(m))
    # A block's left edge; a chain of one-line indented paragraphs takes
    # it from the other lines of its page.
    base = {}
    for l in lines:
        b = block[id(l)]
        base[b] = min(base.get(b, l.left), l.left)
    for l in lines:
        b = block[id(l)]
        for m in lines:
            if m.page == l.page and l.left - 2.05 * l.size < m.left < \
                    base[b] - 0.05 * l.size and m.size == l.size and \
                    m.left < l.right and not m.mono:
                base[b] = m.left
    nonlast = []
    for l in lines:
        n = nxt.get(id(l))
        if l.mono or l.sans or l.size > bsize * 1.05 or not n or n.mono:
            continue
        b = base[block[id(l)]]
        # The next line continues this paragraph when it starts at the
        # block's left edge and is no list item; a line indented 2 em is
        # a new paragraph.
        if abs(n.left - b) < 0.05 * l.size and \
                not (n.vis[0].c in "•◦▪-–" or n.vis[0].c.isdigit()):
            nonlast.append(l)
    # Each block has one measure: the most common right edge of its
    # non-last lines.
    # Without paragraph marks in the PDF (list bullets may be graphics),
    # a line far short of the measure may be a paragraph's last: only
    # lines within 1.5 em of the measure are judged. The measure of a
    # block is the most common right edge near its widest line.
    for l in nonlast:
        peers = [m.right for m in nonlast
                 if block.get(id(m)) == block.get(id(l))]
        top = max(peers)
        near = [round(r * 5) / 5 for r in peers if r > top - 1.5 * l.size]
        ref = collections.Counter(near).most_common(1)[0][0]
        d = (l.right - ref) / l.size
        if d > 0.05 or -1.5 < d < -0.05:
            v["J1"].append("%+.3f em: %s" % (d, l.text))
    starts = set(id(n) for n in (nxt.get(id(l)) for l in nonlast) if n)
    for l in lines:
        if id(l) not in starts or l.mono or l.sans:
            continue
        if id(l) in set(id(m) for m in nonlast):
            continue
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
            p = subprocess.run(wrap + [bookc, "-o", pdf, src], cwd=top,
                               capture_output=True, timeout=600)
            if p.returncode != 0 or not os.path.exists(pdf):
                report(f"{base}.pdf compile", False, "bookc exit %d: %s" % (
                    p.returncode, p.stderr.decode(errors="replace")[-300:]))
                continue
            report(f"{base}.pdf compile", True, "")
            pdfs.append(pdf)
    for pdf in pdfs:
        check(pdf, report)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
