"""What latin_quotes.py and own_labels.py share: a PDF's text lines as
mutool draw -F stext gives them, each character with its font, size and
origin, and an EPUB run through epubcheck; the rules of a page as
mutool's trace draws them (tables_rules.py, entrytbl.py)."""
import html, re, subprocess

CHAR = re.compile(r'<char quad="[^"]*" x="([^"]+)" y="([^"]+)"[^>]*c="([^"]*)"')


def lines(pdf):
    """[(page, y of the line, [(font, size, x, y, c)])], pages from 1."""
    st = subprocess.run(["mutool", "draw", "-F", "stext", "-o", "-", pdf],
                        capture_output=True).stdout.decode()
    out = []
    for pg, body in enumerate(re.split(r"<page ", st)[1:], 1):
        for ln in re.findall(r"<line .*?</line>", body, re.S):
            chars = []
            for font, size, inner in re.findall(
                    r'<font name="([^"]+)" size="([^"]+)">(.*?)</font>',
                    ln, re.S):
                for x, y, c in CHAR.findall(inner):
                    chars.append((font, float(size), float(x), float(y),
                                  html.unescape(c)))
            if chars:
                out.append((pg, chars[0][3], chars))
    return out


PT = re.compile(r'<(?:moveto|lineto) x="([-\d.]+)" y="([-\d.]+)"/>')


def rules(pdf):
    """The filled rectangles mutool traces on page 1: (kind, x0, y0, x1,
    y1), kind 'v' for a vertical rule, 'h' for a horizontal one."""
    tr = subprocess.run(["mutool", "draw", "-F", "trace", "-o", "-", pdf, "1"],
                        capture_output=True).stdout.decode()
    out = []
    for fp in re.findall(r"<fill_path.*?</fill_path>", tr, re.S):
        pts = [(float(x), float(y)) for x, y in PT.findall(fp)]
        if not pts:
            continue
        xs = [p[0] for p in pts]; ys = [p[1] for p in pts]
        w, h = max(xs) - min(xs), max(ys) - min(ys)
        if w < 1.2 and h > 3:
            out.append(("v", min(xs), min(ys), max(xs), max(ys)))
        elif h < 1.2 and w > 3:
            out.append(("h", min(xs), min(ys), max(xs), max(ys)))
    return out
