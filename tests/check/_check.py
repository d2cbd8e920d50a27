"""What the check scripts share: one line per check, `ok NAME` or
`not ok NAME: WHY` (WHY on one line), and the exit status, 1 when a check
failed. tests/run.py runs every script here but this one."""
import sys

failed = 0


def report(name, ok, why=""):
    global failed
    if ok:
        print(f"ok {name}", flush=True)
    else:
        failed += 1
        print(f"not ok {name}: {str(why).replace(chr(10), ' | ')[:800]}",
              flush=True)
    return ok


def done():
    sys.exit(1 if failed else 0)
