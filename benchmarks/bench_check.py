"""The whole pipeline: `check` throughput, 1 vs 2 jobs, and peak memory on one big input.

    python benchmarks/bench_check.py [--mb 20] [--files-mb 4] [--big-mb 50]

- throughput: factcheck.api.check_document over the generated corpus, CPU time, one core;
- scaling: `factcheck check DIR --format json --jobs 1` and `--jobs 2` over the corpus
  written as files, wall time;
- where the time goes: extract, link and the checks timed apart on --profile-mb, then the
  functions with the most time of their own under cProfile;
- memory: peak RSS of `factcheck check BIG.txt --format json` on one file of --big-mb MB
  (the child's ru_maxrss), against the goal of 4x the input + 100 MB.
"""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import machine, pin_one_core, table  # noqa: E402  (common puts the repo on sys.path)
from make_corpus import corpus, write

MB = 1_000_000


def throughput(mb: float, seed: int = 0) -> list[list[object]]:
    from factcheck.api import check_document
    from factcheck.ingest import load_text
    from factcheck.rules_engine import load_rules
    from factcheck.rules_engine.loader import default_rules_dir

    rules = load_rules([default_rules_dir()])
    arts = corpus(int(mb * MB), seed)
    check_document(load_text(arts[0].text), rules=rules)             # warm-up
    chars = findings = 0
    t0 = time.process_time()
    for a in arts:
        r = check_document(load_text(a.text, published="2025-11-10"), rules=rules)
        chars += len(a.text)
        findings += len(r.findings)
    dt = time.process_time() - t0
    rate = chars / dt
    return [["check (one core, CPU time)", len(arts), chars, round(dt, 2), int(rate), findings,
             "PASS" if rate >= 500_000 else "FAIL"]]


def stages(mb: float, seed: int = 0, top: int = 12) -> tuple[list[list[object]], list[list[object]]]:
    """Where check's time goes: the three stages timed apart on the same corpus, then the
    functions that take the most time of their own under cProfile (one pass)."""
    import cProfile
    import pstats

    from factcheck.api import _dedupe
    from factcheck.checks.context import CheckContext
    from factcheck.extraction import extract_document
    from factcheck.ingest import load_text
    from factcheck.link import link
    from factcheck.rules_engine import load_rules, run_rules
    from factcheck.rules_engine.loader import default_rules_dir

    rules = load_rules([default_rules_dir()])
    docs = [load_text(a.text, published="2025-11-10") for a in corpus(int(mb * MB), seed)]
    spent = {"extract": 0.0, "link": 0.0, "checks (rules)": 0.0}
    clock = time.process_time

    def one(doc):
        t0 = clock()
        ex = extract_document(doc)
        t1 = clock()
        linked = link(ex)
        t2 = clock()
        _dedupe(run_rules(rules, CheckContext.build(linked)))
        t3 = clock()
        spent["extract"] += t1 - t0
        spent["link"] += t2 - t1
        spent["checks (rules)"] += t3 - t2

    one(docs[0])
    spent = dict.fromkeys(spent, 0.0)
    for d in docs:
        one(d)
    chars = sum(len(d.text) for d in docs)
    total = sum(spent.values())
    split = [[name, round(s, 2), f"{100 * s / total:.0f}%", int(chars / s)] for name, s in spent.items()]
    split.append(["all", round(total, 2), "100%", int(chars / total)])
    prof = cProfile.Profile()
    prof.enable()
    for d in docs:
        one(d)
    prof.disable()
    st = pstats.Stats(prof)
    rows = []
    for (path, line, fn), (_, calls, own, cum, _) in sorted(st.stats.items(), key=lambda kv: -kv[1][2])[:top]:
        where = f"{Path(path).name}:{line} {fn}" if path != "~" else fn
        rows.append([where, calls, round(own, 3), round(cum, 3)])
    return split, rows


def scaling(mb: float, seed: int = 1) -> list[list[object]]:
    arts = corpus(int(mb * MB), seed)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder, _ = write(arts, out=Path(tmp) / "articles")
        times = {}
        for jobs in (1, 2):
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-m", "factcheck", "check", str(folder), "--format", "json",
                            "--jobs", str(jobs), "--isolated", "--no-progress"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
            times[jobs] = time.perf_counter() - t0
            rows.append([f"--jobs {jobs}", len(arts), round(times[jobs], 2), "", ""])
        speedup = times[1] / times[2]
        rows[-1][3] = round(speedup, 2)
        rows[-1][4] = "PASS" if speedup >= 1.8 else "FAIL"
    return rows


def memory(big_mb: float, seed: int = 2) -> list[list[object]]:
    arts = corpus(int(big_mb * MB), seed)
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "big.txt"
        with big.open("w", encoding="utf-8") as f:
            for a in arts:
                f.write(a.text + "\n\n")
        size = big.stat().st_size
        del arts
        # the child reports its own peak (ru_maxrss of RUSAGE_CHILDREN is the largest child
        # so far, which an earlier run could set)
        probe = ("import resource, runpy, sys; sys.argv = ['factcheck', *sys.argv[1:]]\n"
                 "try:\n    runpy.run_module('factcheck', run_name='__main__')\n"
                 "finally:\n    sys.stderr.write('maxrss_kb=%d\\n' % "
                 "resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")
        t0 = time.perf_counter()
        proc = subprocess.run([sys.executable, "-c", probe, "check", str(big), "--format", "json",
                               "--isolated"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              text=True, check=False)
        wall = time.perf_counter() - t0
        found = [int(x.split("=")[1]) for x in proc.stderr.split() if x.startswith("maxrss_kb=")]
        peak_kb = found[-1] if found else resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    peak = peak_kb * 1024
    goal = 4 * size + 100 * 2**20
    return [[f"{size / 2**20:.1f} MiB file", round(wall, 1), f"{peak / 2**20:.0f} MiB", f"{goal / 2**20:.0f} MiB",
             ("PASS" if peak <= goal else "FAIL") + ("" if proc.returncode in (0, 1) else f" (exit {proc.returncode})")]]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=20.0, help="corpus size for throughput (20)")
    ap.add_argument("--files-mb", type=float, default=4.0, help="corpus written as files for 1 vs 2 jobs (4)")
    ap.add_argument("--big-mb", type=float, nargs="+", default=[50.0],
                    help="one input file for peak memory, one run per size (50; '50 100' for both)")
    ap.add_argument("--profile-mb", type=float, default=1.0, help="corpus for the stage split and profile (1)")
    a = ap.parse_args(argv)
    print(f"bench_check: {machine()}; {pin_one_core()}\n")
    print(table(["what", "articles", "chars", "CPU s", "chars/s", "findings", "goal >= 500,000 chars/s"],
                throughput(a.mb), f"check throughput on {a.mb:g} MB"))
    print()
    split, prof = stages(a.profile_mb)
    print(table(["stage", "CPU s", "share", "chars/s of the stage alone"], split,
                f"where check's time goes ({a.profile_mb:g} MB, stages timed apart)"))
    print()
    print(table(["function (cProfile, own time)", "calls", "own s", "cumulative s"], prof,
                f"the functions that take the most time of their own ({a.profile_mb:g} MB, one pass under cProfile)"))
    print()
    os.sched_setaffinity(0, range(os.cpu_count() or 1)) if hasattr(os, "sched_setaffinity") else None
    print(table(["run", "files", "wall s", "speed-up", "goal >= 1.8x"], scaling(a.files_mb),
                f"1 vs 2 jobs on {a.files_mb:g} MB of files"))
    print()
    rows = [row for mb in a.big_mb for row in memory(mb)]
    print(table(["input", "wall s", "peak RSS", "goal 4x + 100 MB", "result"], rows,
                "peak memory for one input of " + " / ".join(f"{mb:g}" for mb in a.big_mb) + " MB"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
