#!/usr/bin/env python3
"""`make check-a11y` (issue 20): Ace by DAISY, the EPUB accessibility
checker, on the guide (with its PDF, so it has page breaks and a page
list), the features and figures test books and, where ../shared/corpus
is (beside the clone, or beside the main clone of a git worktree;
BOOKC_CORPUS names another place), the Subversion book, the PostgreSQL
tutorial, LFS and the PHP language reference. Each must have no violation at all and the
schema.org accessibility metadata Ace asks for. Ace is installed with
npm when missing (`@daisy/ace@1.4.6`, no browser download: it drives
Debian's chromium); where npm or chromium cannot be had, everything is
skipped, never failed. Slow: the Subversion book alone takes minutes.

    tests/a11y/run.py [--bookc out/bookc] [--out DIR]
"""
import argparse, collections, json, os, shutil, subprocess, sys

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ACE = "@daisy/ace@1.4.6"
CHROMIUM = "/usr/bin/chromium"


def corpus():
    """../shared/corpus beside the clone, or beside the main clone when
    this is a git worktree of it (BOOKC_CORPUS names another place)."""
    if os.environ.get("BOOKC_CORPUS"):
        return os.environ["BOOKC_CORPUS"]
    tops = [TOP]
    try:
        common = subprocess.run(["git", "-C", TOP, "rev-parse", "--git-common-dir"],
                                capture_output=True, text=True, timeout=30).stdout.strip()
        if common:
            tops.append(os.path.dirname(os.path.join(TOP, common)))
    except (OSError, subprocess.SubprocessError):
        pass
    for top in tops:
        c = os.path.normpath(os.path.join(top, "..", "shared", "corpus"))
        if os.path.isdir(c):
            return c
    return os.path.normpath(os.path.join(TOP, "..", "shared", "corpus"))


CORPUS = corpus()
BOOKS = [("guide", "book/guide.xml", True, []),
         ("features", "tests/epub/features.xml", False, []),
         ("figures", "tests/model/figures.xml", False, []),
         ("svnbook18-zh", os.path.join(CORPUS, "svnbook18-zh/book.xml"), True,
          ["--lang", "zh-CN"]),
         # callouts in running text; an empty bridgehead; DocBook 5
         ("pg18-zh-tutorial", os.path.join(CORPUS, "pg18-zh/_local-tutorial.sgml"),
          True, []),
         ("lfs90-zh", os.path.join(CORPUS, "lfs90-zh/index.xml"), True,
          ["--profile", "revision=systemd", "--lang", "zh-CN"]),
         ("phpdoc-zh-langref", os.path.join(CORPUS, "phpdoc-zh/_local-langref.xml"),
          True, [])]
METADATA = ["schema:accessMode", "schema:accessModeSufficient",
            "schema:accessibilityFeature", "schema:accessibilityHazard",
            "schema:accessibilitySummary"]
ENV = dict(os.environ, PUPPETEER_SKIP_DOWNLOAD="1",
           ELECTRON_SKIP_BINARY_DOWNLOAD="1",
           PUPPETEER_EXECUTABLE_PATH=CHROMIUM)
failed = []
passed = 0


def report(name, ok, detail=""):
    global passed
    print(("ok " if ok else "not ok ") + name + ("" if ok else f": {detail}"),
          flush=True)
    if ok:
        passed += 1
    else:
        failed.append(name)
    return ok


def skip(why):
    print(f"check-a11y skipped: {why}")
    print("0 passed, 0 failed")
    sys.exit(0)


def ace_version():
    if shutil.which("ace-puppeteer") is None:
        return None
    p = subprocess.run(["ace-puppeteer", "--version"], capture_output=True,
                       text=True, env=ENV)
    return p.stdout.strip() or None


def install_ace():
    """Ace, installed globally as the issue asks; the browser packages'
    downloads are skipped (Electron's and Puppeteer's Chrome come from
    github.com and Google, which an offline build machine cannot reach)."""
    if ace_version() == ACE.rsplit("@", 1)[1]:
        return True
    if shutil.which("npm") is None:
        skip("npm is not installed")
    try:
        p = subprocess.run(["npm", "view", "--fetch-retries=1", ACE, "version"],
                           capture_output=True, text=True, timeout=180)
    except (OSError, subprocess.SubprocessError) as e:
        skip(f"the npm registry cannot be reached ({e})")
    if p.returncode != 0:
        skip("the npm registry cannot be reached")
    try:
        p = subprocess.run(["npm", "install", "-g", ACE], capture_output=True,
                           text=True, env=ENV, timeout=1200)
    except (OSError, subprocess.SubprocessError) as e:
        skip(f"npm install -g {ACE} failed ({e})")
    if p.returncode != 0 or ace_version() is None:
        skip("npm install -g %s failed: %s" % (ACE, p.stderr[-300:]))
    return True


def violations(report_json):
    """Ace's failed assertions, counted by rule."""
    with open(report_json) as f:
        d = json.load(f)
    rules = collections.Counter()
    for doc in d.get("assertions", []):
        for a in doc.get("assertions", []):
            if a["earl:result"]["earl:outcome"] == "fail":
                rules[a["earl:test"]["dct:title"]] += 1
    return rules, d.get("a11y-metadata", {})


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bookc", default=os.path.join(TOP, "out", "bookc"))
    ap.add_argument("--out", default=os.path.join(TOP, "out", "a11y"))
    args = ap.parse_args()
    if not os.access(CHROMIUM, os.X_OK):
        skip(f"{CHROMIUM} is not installed")
    install_ace()
    os.makedirs(args.out, exist_ok=True)
    for name, src, with_pdf, extra in BOOKS:
        if not os.path.exists(os.path.join(TOP, src)):
            print(f"skipped {name}: {src} not found")
            continue
        epub = os.path.join(args.out, name + ".epub")
        outs = ["-o", epub]
        if with_pdf:
            outs += ["-o", os.path.join(args.out, name + ".pdf")]
        p = subprocess.run([os.path.abspath(args.bookc), "-q", *extra, *outs, src],
                           cwd=TOP, capture_output=True, text=True)
        if not report(f"{name}: compiles", p.returncode == 0, p.stderr[-500:]):
            continue
        ace_dir = os.path.join(args.out, "ace-" + name)
        shutil.rmtree(ace_dir, ignore_errors=True)
        try:
            p = subprocess.run(["ace-puppeteer", "-s", "-o", ace_dir, epub],
                               capture_output=True, text=True, env=ENV, timeout=1800)
            said = (p.stdout + p.stderr)[-500:]
        except subprocess.TimeoutExpired:
            said = "no report after 30 minutes"
        rj = os.path.join(ace_dir, "report.json")
        if not report(f"{name}: Ace ran", os.path.exists(rj), said):
            continue
        rules, meta = violations(rj)
        report(f"{name}: no Ace violations", not rules,
               f"{sum(rules.values())}: " + ", ".join(f"{r} {n}" for r, n in rules.most_common()))
        absent = [m for m in METADATA if m not in meta.get("present", [])]
        report(f"{name}: accessibility metadata present", not absent, absent)
    print(f"{passed} passed, {len(failed)} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
