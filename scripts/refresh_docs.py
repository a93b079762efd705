#!/usr/bin/env python3
"""Re-runs the commands quoted in the docs and puts their fresh output in place.

A block in a Markdown file looks like this:

    <!-- run: mpingest --input build/corpus/default-20000-seed1 --mode serial -->
    ```
    (output, replaced on every refresh)
    ```
    <!-- end run -->

The command runs under bash from the repository root, with build/apps and
build/bench first on PATH, so the docs show `mpingest ...` exactly as a user
types it. Its stdout (and stderr, if it fails) replaces the fenced block.
Usage: scripts/refresh_docs.py [--only TEXT] FILE.md [FILE.md ...]
--only refreshes just the blocks whose command contains TEXT (after fixing
one script, say), and leaves the others as they are.
"""
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BLOCK = re.compile(r"(<!-- run: (?P<cmd>.*?) -->\n)(?P<body>.*?)(<!-- end run -->)", re.S)


def run(command):
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([os.path.join(ROOT, "build", "apps"), os.path.join(ROOT, "build", "bench"),
                                   os.path.join(ROOT, "scripts"), env.get("PATH", "")])
    print(f"  $ {command}", file=sys.stderr, flush=True)
    done = subprocess.run(["bash", "-c", command], cwd=ROOT, env=env, text=True, errors="replace",
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = done.stdout
    if done.returncode not in (0, 1):  # 1: some items are errors, still a report
        raise SystemExit(f"refresh_docs: `{command}` exited {done.returncode}:\n{done.stderr}")
    return out.rstrip("\n")


def refresh(path, only=None):
    with open(path, encoding="utf-8") as f:
        text = f.read()

    refreshed = 0

    def replace(match):
        nonlocal refreshed
        command = match.group("cmd")
        if only is not None and only not in command:
            return match.group(0)
        refreshed += 1
        output = run(command)
        return f"{match.group(1)}```\n$ {command}\n{output}\n```\n{match.group(4)}"

    new_text = BLOCK.sub(replace, text)
    with open(path, "w", encoding="utf-8") as f:
        f.write(new_text)
    print(f"{path}: {refreshed} block(s) refreshed", file=sys.stderr)


if __name__ == "__main__":
    args = sys.argv[1:]
    only = None
    if len(args) >= 2 and args[0] == "--only":
        only, args = args[1], args[2:]
    if not args:
        raise SystemExit(__doc__)
    for name in args:
        refresh(name, only)
