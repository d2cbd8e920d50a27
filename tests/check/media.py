#!/usr/bin/env python3
"""Video and audio (videoobject, audioobject): the EPUB gets HTML5
<video>/<audio> with every source copied under media/ with its media type,
the mediaobject's image as the video's poster and the description inside
for readers without media; the PDF shows the poster, else the description,
else "Audio: FILE". A format no reader plays is a positioned warning, and
the book is written. epubcheck clean."""
import os, re, shutil, subprocess, zipfile

from _check import epubcheck, pdf_lines, report, done

BOOKC = os.environ["BOOKC"]; OUT = os.environ["OUT"]
TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

d = os.path.join(OUT, "media-book")
shutil.rmtree(d, ignore_errors=True)
os.makedirs(d)
shutil.copy(os.path.join(TOP, "tests", "inline", "wide.png"), os.path.join(d, "poster.png"))
for name, data in (("top.webm", b"\x1a\x45\xdf\xa3webm"), ("top.mp4", b"\0\0\0\x18ftypmp42"),
                   ("song.mp3", b"ID3\x03\0\0\0\0\0\0"), ("old.avi", b"RIFF\0\0\0\0AVI ")):
    open(os.path.join(d, name), "wb").write(data)
open(os.path.join(d, "book.xml"), "w", encoding="utf-8").write("""<?xml version="1.0"?>
<article xmlns="http://docbook.org/ns/docbook" version="5.0" xml:lang="en">
<title>Media</title>
<para>A video with a poster and a description.</para>
<mediaobject>
  <videoobject><videodata fileref="top.webm"/><videodata fileref="top.mp4"/></videoobject>
  <imageobject><imagedata fileref="poster.png"/></imageobject>
  <textobject><phrase>A spinning top</phrase></textobject>
</mediaobject>
<para>A song with nothing else.</para>
<mediaobject>
  <audioobject><audiodata fileref="song.mp3"><multimediaparam name="autoplay" value="false"/></audiodata></audioobject>
</mediaobject>
<para>A format no reader plays.</para>
<mediaobject>
  <videoobject><videodata fileref="old.avi"/></videoobject>
  <textobject><phrase>An old clip</phrase></textobject>
</mediaobject>
</article>
""")
pdf = os.path.join(d, "book.pdf"); epub = os.path.join(d, "book.epub")
p = subprocess.run([BOOKC, "-o", pdf, "-o", epub, "book.xml"], cwd=d, capture_output=True, text=True)
report("compiles", p.returncode == 0 and os.path.exists(pdf) and os.path.exists(epub), p.stderr)
report("one positioned warning for the .avi, none else",
       re.fullmatch(r"bookc: book\.xml:16:\d+: warning: video or audio 'old\.avi': not a known audio or video "
                    r"format[^\n]*\n", p.stderr) is not None, p.stderr)
lines = pdf_lines(pdf)
report("pdf: 'Audio: song.mp3' where there is neither poster nor text", "Audio: song.mp3" in lines, lines)
report("pdf: the old clip's description", "An old clip" in lines, lines)
imgs = subprocess.run(["pdfimages", "-list", pdf], capture_output=True, text=True).stdout
report("pdf: the poster is drawn", len(imgs.splitlines()) >= 3, imgs)
report("pdf: no 'Video:' line where a poster stands", not any(l.startswith("Video:") for l in lines), lines)

z = zipfile.ZipFile(epub)
body = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xhtml") and "nav" not in n)
opf = z.read("EPUB/package.opf").decode()
v = re.search(r"<video [^>]*>(.*?)</video>", body, re.S)
report("epub: <video controls> with its poster",
       v is not None and 'controls="controls"' in v.group(0) and re.search(r'poster="images/poster[^"]*\.png"', v.group(0)),
       body[:2000])
report("epub: both sources, in order, with their types",
       v is not None and re.findall(r'<source src="([^"]+)" type="([^"]+)"', v.group(1)) ==
       [("media/top.webm", "video/webm"), ("media/top.mp4", "video/mp4")], v and v.group(1))
report("epub: the description inside the video", v is not None and "A spinning top" in v.group(1))
a = re.search(r"<audio [^>]*>(.*?)</audio>", body, re.S)
report("epub: <audio> with the mp3 and 'Audio: song.mp3' inside",
       a is not None and '<source src="media/song.mp3" type="audio/mpeg"' in a.group(1) and "Audio: song.mp3" in a.group(1),
       a and a.group(0))
report("epub: the .avi is not copied; its description stands",
       "old.avi" not in " ".join(z.namelist()) and "An old clip" in body, z.namelist())
for f, t in (("media/top.webm", "video/webm"), ("media/top.mp4", "video/mp4"), ("media/song.mp3", "audio/mpeg")):
    report(f"epub: manifest lists {f} as {t}",
           re.search(rf'href="{re.escape(f)}" media-type="{re.escape(t)}"', opf) is not None, opf)
    report(f"epub: {f} is the file's bytes", z.read("EPUB/" + f) == open(os.path.join(d, f.split("/")[1]), "rb").read())
report("epub: epubcheck", *epubcheck(epub))
done()
