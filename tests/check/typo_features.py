"""Font features in long paragraphs. Pango 1.50 hands HarfBuzz at most 32
features per item and drops the rest, and a paragraph in one font and one
language is one item: bookc ends items itself (typo.c split_items), so the
hundredth pair of adjacent punctuation is set as tightly as the first
(R10: the first of '」，' takes half an em), and the hundredth page number
of a cross reference keeps its half-em figures. A paragraph of 10,000
such references is then set in time linear in them (see
slow_pathological.py)."""
import os, re, subprocess
from _check import report, done
from _stext import lines

TOP = os.environ["TOP"]; BOOKC = os.environ["BOOKC"]; OUT = os.environ["OUT"]
NS = ('xmlns="http://docbook.org/ns/docbook" '
      'xmlns:xlink="http://www.w3.org/1999/xlink" version="5.0" xml:lang="zh-CN"')


def compile_book(name, body):
    src = os.path.join(OUT, name + ".xml")
    pdf = os.path.join(OUT, name + ".pdf")
    with open(src, "w", encoding="utf-8") as f:
        f.write(f'<?xml version="1.0" encoding="UTF-8"?>\n<article {NS}>'
                f'<title>特性</title>\n{body}\n</article>\n')
    p = subprocess.run([BOOKC, "-q", "-o", pdf, src], capture_output=True,
                       text=True)
    report(f"{name}: compiles", p.returncode == 0, p.stderr)
    return pdf if p.returncode == 0 else None


def pairs(pdf, first, second):
    """(count, wrong): each `first` followed by `second` on one line, and
    those whose advance is not half the font size."""
    n, wrong = 0, []
    for page, _, chars in lines(pdf):
        for a, b in zip(chars, chars[1:]):
            if a[4] == first and b[4] == second:
                n += 1
                adv = b[2] - a[2]
                if abs(adv - a[1] / 2) > 0.05:
                    wrong.append((page, round(adv, 2)))
    return n, wrong


pdf = compile_book("punct", "<para>" + "甲乙「丙丁」，戊己" * 120 + "</para>")
if pdf:
    n, wrong = pairs(pdf, "」", "，")
    report(f"punct: all {n} of 120 '」，' pairs: the bracket takes half an em",
           n >= 110 and not wrong, f"{len(wrong)} wrong: {wrong[:5]}")

body = ('<section xml:id="s"><title>节</title><para>'
        + '见<xref linkend="t"/>，' * 400 + '</para></section>'
        '<section xml:id="t"><title>目标</title><para>文字。</para></section>')
pdf = compile_book("xrefs", body)
if pdf:
    # a reference on the page of its target has no page number, and a
    # page's own number is a line of its own
    st = subprocess.run(["mutool", "draw", "-F", "stext", "-o", "-", pdf],
                        capture_output=True, text=True).stdout
    widths = [float(q.split()[2]) - float(q.split()[0])
              for line in re.findall(r"<line .*?</line>", st, re.S)
              if line.count("<char ") > 1
              for q in re.findall(r'<char quad="([^"]+)"[^>]*c="[0-9]"',
                                  line)]
    wrong = [round(w, 2) for w in widths if abs(w - 10.5 / 2) > 0.05]
    report(f"xrefs: all {len(widths)} page numbers in half-em figures",
           len(widths) >= 200 and not wrong,
           f"{len(wrong)} not: {wrong[:5]}")
done()
