#!/usr/bin/env python3
"""Deterministic generator of synthetic Chinese books for `make bench`:
prose mixed with English terms, numbers and punctuation; sections, lists,
code blocks, notes, links and cross-references. About PAGES A4 pages.

usage: gen.py PAGES OUT.xml [math]

With "math", most paragraphs end with an inline formula and one block in
seven is a display equation (MathML, as pandoc --mathml writes it), each
with its own numbers: some 7 formulas a page, few of them alike.
"""
import random, sys

PAGES = int(sys.argv[1]); OUT = sys.argv[2]
MATH = len(sys.argv) > 3 and sys.argv[3] == "math"
rnd = random.Random(20261126 + PAGES)
HAN = ("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严")
LATIN = ["OpenStack", "Nova", "Neutron", "Keystone", "Python", "API", "REST", "MySQL",
         "RabbitMQ", "Linux", "HTTP", "JSON", "Git", "devstack", "Cinder", "Swift"]
PUNCT = ["，", "，", "，", "。", "。", "、", "；", "：", "？", "！"]

def phrase():
    n = rnd.randint(4, 14)
    s = "".join(rnd.choice(HAN) for _ in range(n))
    r = rnd.random()
    if r < 0.25:
        s += rnd.choice(LATIN)
    elif r < 0.35:
        s += str(rnd.randint(1, 2048))
    elif r < 0.40:
        s = "“" + s + "”"
    elif r < 0.44:
        s = "（" + s + "）"
    return s

VARS = "xyzabcnkt"

def mi(v):
    return f"<mml:mi>{v}</mml:mi>"

def mn(n):
    return f"<mml:mn>{n}</mml:mn>"

def formula(display):
    """A formula with its own letters and numbers."""
    v, w = rnd.choice(VARS), rnd.choice(VARS)
    a, b, i = rnd.randint(1, 99), rnd.randint(2, 99), rnd.randint(0, 9)
    r = rnd.random()
    if display and r < 0.5:
        body = (f"<mml:munderover><mml:mo>∑</mml:mo><mml:mrow>{mi('i')}<mml:mo>=</mml:mo>{mn(i)}</mml:mrow>"
                f"{mi('n')}</mml:munderover><mml:msup>{mi(v)}{mn(a)}</mml:msup><mml:mo>=</mml:mo>"
                f"<mml:mfrac><mml:mrow>{mn(b)}<mml:mo>+</mml:mo>{mi(w)}</mml:mrow><mml:msqrt>{mi(v)}"
                f"<mml:mo>−</mml:mo>{mn(i)}</mml:msqrt></mml:mfrac>")
    elif display:
        body = (f"{mi('f')}<mml:mo stretchy=\"false\">(</mml:mo>{mi(v)}<mml:mo stretchy=\"false\">)</mml:mo>"
                f"<mml:mo>=</mml:mo><mml:mrow>"
                f"<mml:mo>(</mml:mo><mml:mtable><mml:mtr><mml:mtd>{mn(a)}</mml:mtd><mml:mtd>{mi(w)}</mml:mtd>"
                f"</mml:mtr><mml:mtr><mml:mtd>{mn(i)}</mml:mtd><mml:mtd>{mn(b)}</mml:mtd></mml:mtr></mml:mtable>"
                f"<mml:mo>)</mml:mo></mml:mrow>")
    elif r < 0.5:
        body = f"<mml:msub>{mi(v)}{mn(i)}</mml:msub><mml:mo>=</mml:mo><mml:mfrac>{mn(a)}{mn(b)}</mml:mfrac>"
    else:
        body = f"<mml:msup>{mi(v)}{mn(i)}</mml:msup><mml:mo>+</mml:mo>{mn(a)}{mi(w)}"
    if display:
        return f'<informalequation><mml:math display="block">{body}</mml:math></informalequation>'
    return f"<inlineequation><mml:math>{body}</mml:math></inlineequation>"

def para(ids):
    parts = []
    for _ in range(rnd.randint(3, 9)):
        parts.append(phrase() + rnd.choice(PUNCT))
    text = "".join(parts)
    if not text.endswith("。"):
        text = text[:-1] + "。"
    r = rnd.random()
    if r < 0.15 and ids:
        text = text[:-1] + f'，见<xref linkend="{rnd.choice(ids)}"/>。'
    elif r < 0.25:
        text = text[:-1] + '，参考<link xlink:href="https://docs.openstack.org/">官方文档</link>。'
    elif r < 0.35:
        text = text[:-1] + f"，运行<command>openstack {rnd.choice(LATIN).lower()} list</command>即可。"
    elif r < 0.40:
        text = text[:-1] + f"<emphasis>{phrase()}</emphasis>。"
    if MATH and rnd.random() < 0.8:
        text = text[:-1] + f"，即{formula(False)}。"
    return f"<para>{text}</para>"

def block(ids):
    if MATH and rnd.random() < 0.15:
        return formula(True)
    r = rnd.random()
    if r < 0.70:
        return para(ids)
    if r < 0.82:
        items = "".join(f"<listitem><para>{phrase()}{rnd.choice(PUNCT[:3])}{phrase()}。</para></listitem>"
                        for _ in range(rnd.randint(2, 6)))
        return f"<itemizedlist>{items}</itemizedlist>"
    if r < 0.92:
        lines = "\n".join(f"$ openstack server create --flavor m1.{rnd.choice(['tiny','small','large'])} vm{i}  # {phrase()}"
                          for i in range(rnd.randint(2, 8)))
        return f"<programlisting language=\"sh\">{lines}</programlisting>"
    return f"<note><para>{phrase()}，{phrase()}。</para></note>"

# About 30 blocks a page: a 1,000-page book has 30,000 blocks.
blocks_total = PAGES * 11
chapters = max(1, PAGES // 25)
out = ['<?xml version="1.0" encoding="UTF-8"?>',
       '<book xmlns="http://docbook.org/ns/docbook" xmlns:xlink="http://www.w3.org/1999/xlink" '
       + ('xmlns:mml="http://www.w3.org/1998/Math/MathML" ' if MATH else '')
       + 'version="5.0" xml:lang="zh-CN">',
       f"<info><title>合成测试书（{PAGES} 页）</title><author><personname>bookc</personname></author><date>2026-11-26</date></info>"]
ids = []
per_chapter = max(1, blocks_total // chapters)
for c in range(chapters):
    out.append(f'<chapter xml:id="c{c}"><title>{phrase()}</title>')
    ids.append(f"c{c}")
    for s in range(max(1, per_chapter // 12)):
        sid = f"c{c}s{s}"
        out.append(f'<section xml:id="{sid}"><title>{phrase()}</title>')
        for _ in range(12):
            out.append(block(ids))
        out.append("</section>")
        ids.append(sid)
    out.append("</chapter>")
out.append("</book>")
open(OUT, "w", encoding="utf-8").write("\n".join(out) + "\n")
