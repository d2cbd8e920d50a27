#!/usr/bin/env python3
"""Pathological books (cmark's pathological tests, for DocBook): each is
compiled to PDF and EPUB in one run and must end in a clean exit or a
positioned error, never a crash, within 60 s and 1 GB. Speed is make
bench's to measure: what is checked here is that the work grows as the
book does, not how fast a shared machine happens to be (xrefs_10k against
xrefs_1k: ten times the references, well under a hundred times the
time)."""
import os, resource, subprocess, sys, threading, time, zlib, struct

TOP = os.environ["TOP"]; BOOKC = os.environ["BOOKC"]; OUT = os.environ["OUT"]
NS = 'xmlns="http://docbook.org/ns/docbook" xmlns:xlink="http://www.w3.org/1999/xlink" version="5.0" xml:lang="zh-CN"'

from _check import report, done
result = report

def book(body, title="测试"):
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<book {NS}><title>{title}</title>\n<chapter xml:id="c"><title>章</title>\n{body}\n</chapter></book>\n'

def png(w, h, corrupt=False):
    raw = b"".join(b"\0" + b"\x80\x80\x80" * w for _ in range(h))
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
    data = zlib.compress(raw)
    if corrupt:
        data = data[: len(data) // 2]
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) \
        + chunk(b"IDAT", data) + chunk(b"IEND", b"")

def huge_png_header():
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 100000, 100000, 8, 6, 0, 0, 0)) \
        + chunk(b"IDAT", zlib.compress(b"\0" * 100)) + chunk(b"IEND", b"")

sentence = "在OpenStack中可以使用Python客户端管理云主机和网络等资源，请运行nova list命令。"
cases = {
    "paragraph_5mb": book("<para>" + sentence * (5_000_000 // len(sentence.encode()) + 1) + "</para>"),
    "list_100k_items": book("<itemizedlist>" + "<listitem><para>项目</para></listitem>" * 100_000 + "</itemizedlist>"),
    "table_1000_columns": book('<informaltable><tgroup cols="1000"><tbody><row>' +
                               "<entry>格</entry>" * 1000 + "</row></tbody></tgroup></informaltable>"),
    "xrefs_1k": book("<para>" + '见<xref linkend="c"/>，' * 1_000 + "</para>"),
    "xrefs_10k": book("<para>" + '见<xref linkend="c"/>，' * 10_000 + "</para>"),
    "xref_loop": book('<section xml:id="s"><title>见<xref linkend="s"/></title><para>自指。</para></section>'),
    "image_missing": book('<figure><title>图</title><mediaobject><imageobject><imagedata fileref="nope.png"/></imageobject></mediaobject></figure>'),
    "image_not_png": book('<figure><title>图</title><mediaobject><imageobject><imagedata fileref="text.png"/></imageobject></mediaobject></figure>'),
    "image_corrupt": book('<figure><title>图</title><mediaobject><imageobject><imagedata fileref="corrupt.png"/></imageobject></mediaobject></figure>'),
    "image_huge_header": book('<figure><title>图</title><mediaobject><imageobject><imagedata fileref="huge.png"/></imageobject></mediaobject></figure>'),
    "image_outside": book('<figure><title>图</title><mediaobject><imageobject><imagedata fileref="../../../../etc/passwd"/></imageobject></mediaobject></figure>'),
}
d = os.path.join(OUT, "books"); os.makedirs(d)
open(os.path.join(d, "text.png"), "w").write("not an image\n")
open(os.path.join(d, "corrupt.png"), "wb").write(png(64, 64, corrupt=True))
open(os.path.join(d, "huge.png"), "wb").write(huge_png_header())
walls = {}
for name, text in cases.items():
    src = os.path.join(d, name + ".xml")
    open(src, "w", encoding="utf-8").write(text)
    t0 = time.time()
    proc = subprocess.Popen([BOOKC, "-q", "-o", os.path.join(OUT, name + ".pdf"),
                             "-o", os.path.join(OUT, name + ".epub"), src],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30)))
    killer = threading.Timer(60, proc.kill); killer.start()
    err = proc.stderr.read()
    _, status, ru = os.wait4(proc.pid, 0)
    killer.cancel(); proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.time() - t0
    rss_mb = ru.ru_maxrss / 1024
    err = err.decode("utf-8", "replace")
    crashed = proc.returncode < 0
    positioned = proc.returncode == 0 or ":" in err
    result(f"{name}: exit {proc.returncode} in {wall:.1f} s, peak {rss_mb:.0f} MB",
           not crashed and positioned and wall <= 60 and rss_mb <= 1024,
           err[-300:])
    walls[name] = wall
result(f"xrefs: 10,000 take {walls['xrefs_10k']:.1f} s, 1,000 {walls['xrefs_1k']:.1f} s",
       walls["xrefs_10k"] <= 25 * walls["xrefs_1k"] + 3)
done()
