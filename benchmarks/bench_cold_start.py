"""Cold start: wall time of `factcheck extract FILE --format json` in a new process.

    python benchmarks/bench_cold_start.py [--runs 11] [--kb 10]

One ~10 KB article (a sample padded with mutated copies of its own paragraphs) is written to a
temp file; the command is run --runs times (after one untimed run, so the file and the
interpreter are in the OS page cache) and the median wall time is reported, beside the same
interpreter's `python -c pass` and `python -m factcheck.cli` (no console-script wrapper).
Then `-X importtime` of the same command, top 10 imports by cumulative time.
Goal: <= 0.3 s for the command.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import common  # noqa: F401
from common import machine, table
from make_corpus import make_article

GOAL = 0.3  # s


def console_script() -> list[str]:
    """The `factcheck` entry point beside this interpreter (not a pyenv/asdf shim)."""
    here = Path(sys.executable).parent / "factcheck"
    if here.exists():
        return [str(here)]
    found = shutil.which("factcheck")
    return [found] if found else [sys.executable, "-m", "factcheck.cli"]


def _child_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def timed(cmd: list[str], runs: int, env: dict) -> tuple[float, float, float, float, str]:
    """(median wall, min wall, max wall, median CPU of the child, last stdout)."""
    subprocess.run(cmd, check=False, capture_output=True, env=env)          # untimed: page cache
    times, cpus, out = [], [], ""
    for _ in range(runs):
        c0 = _child_cpu()
        t0 = time.perf_counter()
        p = subprocess.run(cmd, check=False, capture_output=True, env=env)
        times.append(time.perf_counter() - t0)
        cpus.append(_child_cpu() - c0)
        if p.returncode != 0:
            raise SystemExit(f"{' '.join(cmd)} exited {p.returncode}: {p.stderr.decode()[-500:]}")
        out = p.stdout.decode("utf-8")
    return statistics.median(times), min(times), max(times), statistics.median(cpus), out


def importtime(script: list[str], args: list[str], env: dict, top: int = 10) -> list[list]:
    """-X importtime of the command; rows [module, self ms, cumulative ms, depth]."""
    rest = script[1:] if script[0] == sys.executable else script   # [path] or ["-m", "factcheck.cli"]
    p = subprocess.run([sys.executable, "-X", "importtime", *rest, *args], check=False, capture_output=True, env=env)
    rows = []
    for line in p.stderr.decode().splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, cum_us, name = (x for x in line.split(":", 1)[1].split("|"))
        depth = (len(name) - len(name.lstrip()) - 1) // 2
        rows.append([name.strip(), int(self_us) / 1000, int(cum_us) / 1000, depth])
    total = sum(r[2] for r in rows if r[3] == 0)
    rows.sort(key=lambda r: -r[2])
    return [[n, round(s, 1), round(c, 1), d] for n, s, c, d in rows[:top]] + [["(all top-level imports)", "", round(total, 1), ""]]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="factcheck cold start")
    ap.add_argument("--runs", type=int, default=11)
    ap.add_argument("--kb", type=float, default=10.0, help="article size in kB of UTF-8")
    a = ap.parse_args(argv)

    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="0")
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    tmp = Path(tempfile.mkdtemp(prefix="factcheck-cold-"))
    try:
        article = tmp / "article.zh-hant.txt"
        article.write_text(make_article(int(a.kb * 1000)), encoding="utf-8")
        size = article.stat().st_size
        args = ["extract", str(article), "--format", "json"]
        script = console_script()
        cases = [
            ("python -c pass (baseline)", [sys.executable, "-c", "pass"], None),
            ("python -c 'import factcheck'", [sys.executable, "-c", "import factcheck"], None),
            ("python -m factcheck.cli extract --format json", [sys.executable, "-m", "factcheck.cli"] + args, None),
            (f"{Path(script[0]).name} extract --format json (console script)", script + args, GOAL),
        ]
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(f"bench_cold_start: {machine()}; load average {load:.1f}; article {size:,} bytes; "
              f"median of {a.runs} runs\n")
        rows, base, out = [], None, ""
        for label, cmd, goal in cases:
            med, lo, hi, cpu, o = timed(cmd, a.runs, env)
            if base is None:
                base = med
            if goal:
                out = o
            rows.append([label, round(med, 3), round(lo, 3), round(hi, 3), round(cpu, 3), round(med - base, 3),
                         ("PASS" if med <= goal else "FAIL") if goal else ""])
        print(table(["command", "median s", "min s", "max s", "median CPU s", "over baseline s",
                     f"goal <= {GOAL} s (median)"],
                    rows, title="cold start (new process each run)"))
        doc = json.loads(out)
        print(f"\n(output: valid JSON, {len(doc.get('figures', []))} figures)\n")
        print(table(["module", "self ms", "cumulative ms", "depth"], importtime(script, args, env),
                    title="-X importtime, top 10 by cumulative time"))
        print()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
