#!/usr/bin/env python3
"""For refactoring: compiles a fixed set of books with one bookc and
records a digest of every output, so that two builds can be shown to write
byte-identical files.

    tests/same_outputs.py record BOOKC DIR     # outputs and DIR/SHA256SUMS
    tests/same_outputs.py compare DIR_A DIR_B  # every digest equal?

The set: the guide in every style, each test book under tests/ that
compiles (PDF, EPUB, both in one run, and -T tree), --impose and --marks,
and the corpus books (../shared/corpus or $CORPUS, when there, and said
when not; CORPUS_FULL=1 adds the whole PostgreSQL manual). SOURCE_DATE_EPOCH is fixed, so only the code can
change a byte."""
import glob, hashlib, os, subprocess, sys
from concurrent.futures import ThreadPoolExecutor

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.normpath(os.environ.get(
    "CORPUS", os.path.join(TOP, "..", "shared", "corpus")))

def jobs():
    styles = sorted(glob.glob(os.path.join(TOP, "styles", "*.ini")))
    for s in styles:
        name = os.path.basename(s)[:-4]
        yield f"guide-{name}", ["-s", s], "book/guide.xml", ["pdf", "epub", "both"]
    yield "guide-2up", ["--impose", "2up"], "book/guide.xml", ["pdf"]
    yield "guide-booklet", ["--impose", "booklet", "--marks"], "book/guide.xml", ["pdf"]
    for src in sorted(glob.glob(os.path.join(TOP, "tests", "**", "*.xml"), recursive=True)):
        rel = os.path.relpath(src, TOP)
        if rel.startswith(("tests/diag/", "tests/model/inc/")):
            continue
        yield rel.replace("/", "_")[:-4], [], rel, ["pdf", "epub", "tree"]
    if not os.path.isdir(CORPUS):
        print(f"same_outputs: no corpus at {CORPUS} (set CORPUS): "
              "corpus books not compared", file=sys.stderr)
    else:
        books = [("lfs90-zh", "lfs90-zh/index.xml",
                  ["--profile", "revision=systemd", "--lang", "zh-CN"]),
                 ("svnbook18-zh", "svnbook18-zh/book.xml", ["--lang", "zh-CN"]),
                 ("phpdoc-zh-langref", "phpdoc-zh/_local-langref.xml", []),
                 ("pg18-zh-tutorial", "pg18-zh/_local-tutorial.sgml", [])]
        if os.environ.get("CORPUS_FULL"):
            books.append(("pg18-zh", "pg18-zh/postgres.sgml", []))
        for name, entry, args in books:
            yield name, ["-q", *args], os.path.join(CORPUS, entry), ["both"]

def run_one(bookc, out, job):
    name, args, src, kinds = job
    lines = []
    for kind in kinds:
        base = os.path.join(out, f"{name}.{kind}")
        if kind == "both":
            outs = ["-o", base + ".pdf", "-o", base + ".epub"]
            files = [base + ".pdf", base + ".epub"]
        elif kind == "tree":
            outs, files = ["-o", base], [base]
        else:
            outs, files = ["-o", base + "." + kind], [base + "." + kind]
        p = subprocess.run([bookc, "-q", *args, *outs, src], cwd=TOP,
                           capture_output=True)
        lines.append(f"{hashlib.sha256(p.stderr).hexdigest()}  {name}.{kind}.stderr+{p.returncode}")
        for f in files:
            if os.path.exists(f):
                lines.append(f"{hashlib.sha256(open(f, 'rb').read()).hexdigest()}  {os.path.basename(f)}")
                os.remove(f)  # the digest is what is compared; keep the disk small
    return lines

def record(bookc, out):
    os.makedirs(out, exist_ok=True)
    os.environ["SOURCE_DATE_EPOCH"] = "1767225600"
    with ThreadPoolExecutor(2) as ex:
        results = list(ex.map(lambda j: run_one(os.path.abspath(bookc), out, j), jobs()))
    lines = sorted(l for r in results for l in r)
    with open(os.path.join(out, "SHA256SUMS"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print(f"{len(lines)} digests in {out}/SHA256SUMS")

def compare(a, b):
    def load(d):
        return dict(reversed(l.split("  ", 1)) for l in open(os.path.join(d, "SHA256SUMS")).read().split("\n") if l)
    A, B = load(a), load(b)
    diff = sorted(k for k in A.keys() | B.keys() if A.get(k) != B.get(k))
    for k in diff:
        print("differs:", k)
    print(f"{len(A.keys() & B.keys()) - len([k for k in diff if k in A and k in B])} identical, {len(diff)} differ")
    return 1 if diff else 0

if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "record":
        record(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 4 and sys.argv[1] == "compare":
        sys.exit(compare(sys.argv[2], sys.argv[3]))
    else:
        sys.exit(__doc__)
