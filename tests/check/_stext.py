"""What latin_quotes.py and own_labels.py share: a PDF's text lines as
mutool draw -F stext gives them, each character with its font, size and
origin, and an EPUB run through epubcheck."""
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

