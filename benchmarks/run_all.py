"""Run every benchmark and print all tables.

    python benchmarks/run_all.py             # the full run (about 20 minutes)
    python benchmarks/run_all.py --quick     # small sizes, a smoke test of the scripts (~2-3 min)
    python benchmarks/run_all.py --readme    # also write the tables into benchmarks/README.md
                                             # (and the profiles into benchmarks/PROFILES.md)

Steps: build the 20 MB corpus (into a temp dir, removed afterwards), extract throughput on
6 MB with the peers where installed, cold start, pathological inputs (profiling any that
miss the goal), linking against extraction, and the whole check: throughput on 20 MB, 1 vs 2
jobs, peak memory for one 50 MB and one 100 MB input. Each step runs in its own process with this interpreter, so one step's
imports and caches do not help the next.
"""
from __future__ import annotations

import argparse
import datetime as dt
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
README = HERE / "README.md"
START, END = "<!-- results:start -->", "<!-- results:end -->"


def step(title: str, args: list[str]) -> str:
    print(f"\n## {title}\n", flush=True)
    t0 = time.perf_counter()
    p = subprocess.run([sys.executable, *args], cwd=HERE.parent, check=False, capture_output=True, text=True)
    out = p.stdout.rstrip()
    print(out, flush=True)
    if p.returncode != 0:
        err = p.stderr.strip().splitlines()[-5:]
        out += f"\n\n(step failed with exit code {p.returncode}: {' / '.join(err)})"
        print(out.split("\n\n")[-1], flush=True)
    print(f"\n(step took {time.perf_counter() - t0:.0f} s)", flush=True)
    return f"## {title}\n\n{out}\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="run every factcheck benchmark")
    ap.add_argument("--quick", action="store_true", help="small sizes: checks the scripts, not the goals")
    ap.add_argument("--readme", action="store_true", help="write the results into benchmarks/README.md")
    ap.add_argument("--no-peers", action="store_true")
    a = ap.parse_args(argv)

    q = a.quick
    sections = []
    tmp = Path(tempfile.mkdtemp(prefix="factcheck-bench-"))
    try:
        sections.append(step("corpus", ["benchmarks/make_corpus.py", "--out", str(tmp / "corpus"),
                                         "--mb", "1" if q else "20"]))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    extract = ["benchmarks/bench_extract.py", "--mb", "0.3" if q else "6"]
    if q:
        extract += ["--peer-kb", "20", "--peer-budget", "5"]
    if a.no_peers:
        extract.append("--no-peers")
    sections.append(step("extract throughput", extract))
    sections.append(step("cold start", ["benchmarks/bench_cold_start.py", "--runs", "3" if q else "11"]))
    patho = ["benchmarks/bench_pathological.py", "--profile-failures"]
    patho += ["--scale", "0.01", "--timeout", "30", "--no-growth"] if q else ["--timeout", "120"]
    sections.append(step("pathological inputs", patho))
    sections.append(step("linking against extraction", ["benchmarks/bench_link.py", "--mb", "0.3" if q else "2"]))
    check = ["benchmarks/bench_check.py"]
    check += ["--mb", "0.5", "--files-mb", "0.5", "--big-mb", "2"] if q else \
        ["--mb", "20", "--files-mb", "4", "--big-mb", "50", "100"]
    sections.append(step("the whole check", check))

    if a.readme:
        cmd = "python benchmarks/run_all.py" + (" --quick" if q else "") + (" --no-peers" if a.no_peers else "")
        stamp = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
        git = subprocess.run(["git", "rev-parse", "--short", "HEAD"], check=False, cwd=HERE.parent,
                             capture_output=True, text=True).stdout.strip() or "?"
        dirty = subprocess.run(["git", "status", "--porcelain", "factcheck"], check=False, cwd=HERE.parent,
                               capture_output=True, text=True).stdout.strip()
        body = "\n".join(sections)
        profiles = ""
        if "\n#### profile:" in body:                   # the profiles go to their own file
            cut = body.index("\n#### profile:")
            nxt = body.find("\n## ", cut)               # the next step's section stays here
            nxt = len(body) if nxt < 0 else nxt
            profiles = body[cut:nxt]
            body = body[:cut] + "\n\nProfiles of the failing cases: [PROFILES.md](PROFILES.md).\n" + body[nxt:]
        body = re.sub(r"(?m)^(#+) ", r"#\1 ", body)     # under this README's "## Latest results"
        made = (f"Made by `{cmd}` on {stamp} at commit {git}"
                f"{' (factcheck/ had uncommitted changes)' if dirty else ''}.")
        block = f"{START}\n{made}\n\n{body}\n{END}"
        if profiles:
            (HERE / "PROFILES.md").write_text(
                "# Profiles of the pathological cases that missed the goal\n\n" + made + "\n"
                "Each is cProfile on the first 20,000 characters of the input, then the callers of the\n"
                "regex methods, then the finditer time of each compiled pattern on the same text.\n"
                + re.sub(r"(?m)^#### ", "## ", profiles), encoding="utf-8")
        text = README.read_text(encoding="utf-8")
        if START in text and END in text:
            text = re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _: block, text, flags=re.DOTALL)
        else:
            text = text.rstrip() + "\n\n" + block + "\n"
        README.write_text(text, encoding="utf-8")
        print(f"\nwrote {README.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
