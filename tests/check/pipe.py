#!/usr/bin/env python3
"""A book from a pipe, and --strict: `pandoc ... | bookc -o x.pdf -o x.epub -`
reads standard input once, takes relative paths (images) from the working
directory and names it <stdin>; each image warning is printed once however
many outputs are written; under --strict (or -W error, -Werror) any warning
is an error: exit status 1 and no output written or replaced."""
import glob, hashlib, os, re, shutil, subprocess, zipfile

from _check import epubcheck, report, done

TOP = os.environ["TOP"]; BOOKC = os.path.abspath(os.environ["BOOKC"])
OUT = os.environ["OUT"]
BOOK = os.path.join(TOP, "tests", "stdin", "book.xml")   # pandoc's DocBook
PNG = os.path.join(TOP, "tests", "pdf", "gradient.png")   # 64 x 32


def bookc(*args, cwd, stdin_file=None):
    with open(stdin_file, "rb") if stdin_file else open(os.devnull, "rb") as f:
        p = subprocess.run([BOOKC, *args], cwd=cwd, stdin=f,
                           capture_output=True, text=True, timeout=300)
    return p.returncode, p.stderr


def digest(path):
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


def workdir(name, with_image):
    d = os.path.join(OUT, "pipe-" + name)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(os.path.join(d, "figures"))
    if with_image:
        shutil.copy(PNG, os.path.join(d, "figures", "gradient.png"))
    return d


def leftovers(d):
    return [f for f in os.listdir(d) if f.startswith(".")]


# 1. The pandoc book piped in, its image beside the working directory.
d = workdir("good", True)
rc, err = bookc("-o", "x.pdf", "-o", "x.epub", "-", cwd=d, stdin_file=BOOK)
report("stdin: both outputs from one pipe", rc == 0 and err == "" and
       os.path.exists(os.path.join(d, "x.pdf")) and
       os.path.exists(os.path.join(d, "x.epub")), f"exit {rc}: {err}")
if rc == 0:
    lst = subprocess.run(["pdfimages", "-list", os.path.join(d, "x.pdf")],
                         capture_output=True, text=True).stdout.splitlines()[2:]
    report("stdin: the PDF holds the image (one XObject, 64 x 32)",
           len(lst) == 1 and lst[0].split()[3:5] == ["64", "32"], lst)
    z = zipfile.ZipFile(os.path.join(d, "x.epub"))
    packed = [n for n in z.namelist() if n.endswith(".png") and
              z.read(n) == open(PNG, "rb").read()]
    report("stdin: the EPUB packs the image", len(packed) == 1, z.namelist())
    xhtml = "".join(z.read(n).decode() for n in z.namelist()
                    if n.endswith(".xhtml"))
    report("stdin: the EPUB shows it", packed and
           re.search(r'<img [^>]*src="[^"]*' + re.escape(
               os.path.basename(packed[0])) + '"', xhtml), packed)
    report("stdin: epubcheck 0 fatals / 0 errors / 0 warnings",
           *epubcheck(os.path.join(d, "x.epub")))
rc, err = bookc("-T", "lint", "-", cwd=d, stdin_file=BOOK)
report("stdin: -T lint - is clean", rc == 0 and err == "", f"exit {rc}: {err}")

# 2. The image missing: one warning for the two outputs, naming <stdin>
# and the directory searched; the book is still written.
d = workdir("noimage", False)
rc, err = bookc("-o", "x.pdf", "-o", "x.epub", "-", cwd=d, stdin_file=BOOK)
want = ("bookc: <stdin>:19:11: warning: image 'figures/gradient.png': "
        "No such file or directory (looked in '.')\n")
report("stdin: a missing image is one warning for both outputs",
       rc == 0 and err == want, f"exit {rc}: {err!r}")
report("stdin: the book is still written",
       all(os.path.exists(os.path.join(d, f)) for f in ("x.pdf", "x.epub")))

# 3. --strict: the same warning is an error; nothing is written, nothing
# left behind, and an output of an earlier clean run is kept as it was.
good = os.path.join(OUT, "pipe-good", "x.pdf")
shutil.copy(good, os.path.join(d, "keep.pdf"))
before = digest(os.path.join(d, "keep.pdf"))
for spelling in (["--strict"], ["-W", "error"], ["-Werror"]):
    for f in ("y.pdf", "y.epub"):
        if os.path.exists(os.path.join(d, f)):
            os.remove(os.path.join(d, f))
    rc, err = bookc(*spelling, "-o", "y.pdf", "-o", "y.epub", "-o", "keep.pdf",
                    "-", cwd=d, stdin_file=BOOK)
    name = " ".join(spelling)
    report(f"{name}: a warning is an error (exit 1)", rc == 1 and
           err == want.replace("warning:", "error:").replace("\n", " [--strict]\n"),
           f"exit {rc}: {err!r}")
    report(f"{name}: no output written, none replaced, no temporary file",
           not os.path.exists(os.path.join(d, "y.pdf")) and
           not os.path.exists(os.path.join(d, "y.epub")) and
           digest(os.path.join(d, "keep.pdf")) == before and not leftovers(d),
           os.listdir(d))
rc, err = bookc("-W", "all", "-T", "lint", "-", cwd=d, stdin_file=BOOK)
report("-W takes only 'error'", rc == 2 and "-W takes 'error'" in err, err)
rc, err = bookc("--strict", "-o", "z.pdf", "-", cwd=os.path.join(OUT, "pipe-good"),
                stdin_file=BOOK)
report("--strict: a clean book is written (exit 0)", rc == 0 and err == "" and
       os.path.exists(os.path.join(OUT, "pipe-good", "z.pdf")), err)

p = subprocess.run([BOOKC, "--help"], capture_output=True, text=True)
report("--help names --strict, -W error and '-'", p.returncode == 0 and
       "--strict" in p.stdout and "-W, --warnings=error" in p.stdout and
       "BOOK.xml|-" in p.stdout, p.stdout[:300])
man = open(os.path.join(TOP, "man", "bookc.1")).read().replace("\\-", "-")
report("the man page names --strict, -W error, -Werror and <stdin>",
       all(w in man for w in ("--strict", "-W error", "-Werror", "<stdin>",
                              "markdown-raw_html", "looked in")), "")

# 4. Lint, printed only by -T lint, is an error under --strict too.
rc0, err0 = bookc("-T", "lint", "tests/diag/lint.xml", cwd=TOP)
rc1, err1 = bookc("-T", "lint", "--strict", "tests/diag/lint.xml", cwd=TOP)
report("--strict: lint warnings become errors",
       rc0 == 0 and "warning:" in err0 and rc1 == 1 and
       err1 == err0.replace(": warning: ", ": error: ").replace("\n", " [--strict]\n"),
       f"{rc0} {rc1} {err1[:300]}")

# 5. A warning raised while an output is written (a glyph the EPUB's fonts
# lack) stops the other output too: both are kept until the run is over.
d = os.path.join(OUT, "pipe-glyph")
shutil.rmtree(d, ignore_errors=True)
os.makedirs(d)
src = os.path.join(TOP, "tests", "epub", "glyph.xml")
for env_threads in (None, "1"):
    env = dict(os.environ)
    if env_threads:
        env["BOOKC_NO_THREADS"] = "1"
    p = subprocess.run([BOOKC, "--strict", "-o", os.path.join(d, "g.pdf"), "-o",
                        os.path.join(d, "g.epub"), src], capture_output=True,
                       text=True, env=env, timeout=300)
    how = "one after another" if env_threads else "in parallel"
    report(f"--strict: a warning from the EPUB keeps the PDF unwritten ({how})",
           p.returncode == 1 and "no glyph" in p.stderr and not os.listdir(d),
           f"exit {p.returncode}: {os.listdir(d)} {p.stderr}")
p = subprocess.run([BOOKC, "-o", os.path.join(d, "g.pdf"), "-o",
                    os.path.join(d, "g.epub"), src], capture_output=True,
                   text=True, timeout=300)
report("without --strict the same book is written", p.returncode == 0 and
       sorted(os.listdir(d)) == ["g.epub", "g.pdf"], os.listdir(d))
done()
