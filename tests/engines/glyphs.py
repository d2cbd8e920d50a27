"""The glyph-position checks of tests/check/typo_pdf.py, for pages another
engine drew from bookc's EPUB (Calibre's ebook-convert, Chromium's print
to PDF) as mutool draw -F stext gives them, and for the character boxes
WebKit reports (webkit_snap.py). Each line is a list of (c, left, right,
em); the checks return the offending places, so a caller prints them.

  K1  no line starts with closing/pause punctuation or · ～ ／
  K2  no line ends with an opening bracket or quote
  S1  every Han-Latin boundary (spaces skipped) is 1/8 to 1/2 em apart,
      less what justification added between Han characters on the line:
      spaced, and never twice (across an author's space, only spaced)
  S3  two full-width marks in a row whose pair the PDF compresses take at
      most 1.5 em (and a tenth for rounding)
  O   no character overlaps a Han character beside it by more than 0.15 em
      (the WebKit digit-overlap bug)
"""
import html, re, subprocess

NOSTART = set("，。、：；！？）》〉」』】〕〗］｝”’·・～／")
NOEND = set("（《〈「『【〔〖［｛“‘")
OPEN = set("（《〈「『【〔〖［｛“‘")
CLOSE = set("）》〉」』】〕〗］｝”’，。、：；！？")
BLANK = set(" \u00a0\u2005\u200b")
CHAR = re.compile(r'<char quad="([^"]+)" x="[^"]+" y="([^"]+)"[^>]*c="([^"]*)"')


def is_han(c):
    o = ord(c)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF


def is_latin(c):
    return c.isalnum() and ord(c) < 0x2E80


def pdf_lines(pdf):
    """The PDF's lines: [(c, left, right, em)] each."""
    st = subprocess.run(["mutool", "draw", "-F", "stext", "-o", "-", pdf],
                        capture_output=True).stdout.decode()
    out = []
    for page in st.split("<page ")[1:]:
        # mutool cuts a widely justified line into pieces: the pieces
        # of one baseline are one line again.
        rows = {}
        for size, inner in re.findall(
                r'<font name="[^"]+" size="([^"]+)">(.*?)</font>', page,
                re.S):
            for quad, y, c in CHAR.findall(inner):
                q = [float(v) for v in quad.split()]
                rows.setdefault(round(float(y)), []).append(
                    (html.unescape(c), q[0], q[2], float(size)))
        for _, r in sorted(rows.items()):
            split_cells(sorted(r, key=lambda g: g[1]), out)
    return out


class Line(list):
    """A line's characters; starts and ends: whether the line is the
    first or last piece of its baseline (kinsoku looks at those ends)."""
    starts = ends = True


def split_cells(row, out):
    """Appends row, a baseline's characters in order, to out as lines:
    table cells side by side are more than 1.2 em apart (so is a loosely
    justified line's text, whose ends are not the line's)."""
    cur = Line([row[0]])
    for a, b in zip(row, row[1:]):
        if b[1] - a[2] > 1.2 * a[3]:
            cur.ends = False
            out.append(cur)
            cur = Line()
            cur.starts = False
        cur.append(b)
    out.append(cur)


def box_lines(chars):
    """WebKit's boxes [c, left, top, width, height, font size, block] as
    lines: a line ends where the next box starts to its left, or lower,
    or in another block (a table cell beside it)."""
    out, cur, last = [], [], None
    for c, x, y, w, h, fs, *blk in chars:
        if last is not None and (x < last[0] - 1 or
                                 y + h / 2 > last[1] + fs or
                                 blk != last[2]):
            split_cells(cur, out)
            cur = []
        last = (x, y + h / 2, blk)
        cur.append((c, x, x + w, fs))
    if cur:
        split_cells(cur, out)
    return out


def check(lines):
    """{check name: [what failed]}, and the Han-Latin gaps measured."""
    bad = {"K1": [], "K2": [], "S1": [], "S3": [], "O": []}
    gaps = []
    for ln in lines:
        text = "".join(c for c, *_ in ln)
        vis = [g for g in ln if g[0] not in BLANK]
        if not vis:
            continue
        # A paragraph of one mark alone (the guide has some) starts with it.
        if vis[0][0] in NOSTART and getattr(ln, "starts", True) and \
                len(vis) > 1:
            bad["K1"].append(text)
        if vis[-1][0] in NOEND and getattr(ln, "ends", True):
            bad["K2"].append(text)
        # What justification added between two Han characters on this
        # line, which every gap of the line takes too.
        han = [(b[1] - a[2]) / max(a[3], 1e-6)
               for a, b in zip(vis, vis[1:]) if is_han(a[0]) and is_han(b[0])]
        stretch = max(0.0, min(han)) if han else 0.0
        spaced = {id(b) for a, b in zip(ln, ln[1:]) if a[0] in BLANK}
        for i, (a, b) in enumerate(zip(vis, vis[1:])):
            # Code is set smaller: its side's em counts.
            em = max(min(a[3], b[3]), 1e-6)
            gap = (b[1] - a[2]) / em
            if gap < -0.15 and (is_han(a[0]) or is_han(b[0])):
                bad["O"].append(f"{a[0]}{b[0]} {gap:.2f} em in {text}")
            # A footnote's number starting its line is set off by a
            # margin, not a gap.
            if i > 0 and ((is_han(a[0]) and is_latin(b[0])) or
                          (is_latin(a[0]) and is_han(b[0]))):
                gap -= stretch
                gaps.append(gap)
                # Across the author's word space justification may open
                # the gap further (WebKit stretches spaces first).
                if not 0.12 <= gap <= (9 if id(b) in spaced else 0.51):
                    bad["S1"].append(f"{a[0]}{b[0]} {gap:.2f} em in {text}")
            if (a[0] in CLOSE and b[0] in CLOSE - set("）》〉」』】〕〗］｝”’")
                    or b[0] in OPEN and (a[0] in CLOSE or a[0] in OPEN)):
                # The pair's width: a mark compressed by halt keeps its
                # full-width box in a PDF but not its place.
                pitch = (b[2] - a[1]) / em - 2 * stretch
                if pitch > 1.6:
                    bad["S3"].append(f"{a[0]}{b[0]} {pitch:.2f} em in {text}")
    return bad, gaps
