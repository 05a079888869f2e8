"""Time per MB of factcheck.extract on adversarial inputs; goal <= 2 s per MB.

    python benchmarks/bench_pathological.py                     # every case, full size
    python benchmarks/bench_pathological.py --scale 0.1         # a tenth of each input (quick)
    python benchmarks/bench_pathological.py --profile one-slash # cProfile one case
    python benchmarks/bench_pathological.py --profile-failures  # profile each FAIL (on --profile-chars)

The growth column is the exponent k in time ~ n^k measured between 20,000 and 40,000
characters of the same input (1 = linear, 2 = quadratic); it explains a timeout.
MB here is 10^6 characters (code points), so 1 MB of 一 is 3 MB of UTF-8: the goal is per
character, whatever the script. Each case runs in its own process with a timeout, so a
catastrophic (exponential or quadratic) case is reported as FAIL instead of hanging the run.
"""
from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import subprocess
import sys
import time

import common  # noqa: F401
from common import machine, table

GOAL = 2.0          # s per MB (10^6 chars)
M = 1_000_000


def _fill(unit: str, n_chars: int) -> str:
    return (unit * (n_chars // len(unit) + 1))[:n_chars]


# name -> (description, builder(scale) -> text)
CASES: dict[str, tuple[str, object]] = {
    "comma-zeros": ('"1" + 50,000 × ",0"', lambda s: "1" + ",0" * int(50_000 * s)),
    "one-dots": ('100,000 × "1."', lambda s: "1." * int(100_000 * s)),
    "digits": ("5 MB of digits, no space", lambda s: _fill("3141592653589793238462643383279", int(5 * M * s))),
    "dollar-T": ('1 MB of "$1.4T over 8 years "', lambda s: _fill("$1.4T over 8 years ", int(M * s))),
    "spaces": ("1 MB of spaces", lambda s: " " * int(M * s)),
    "yi": ('1 MB of "一"', lambda s: "一" * int(M * s)),
    "one-slash": ('1 MB of "1/"', lambda s: _fill("1/", int(M * s))),
    "minus-ones": ('1 MB of "-1-1-1"', lambda s: _fill("-1", int(M * s))),
    "thousands": ('1 MB of "12,345,"', lambda s: _fill("12,345,", int(M * s))),
    "di-1": ('1 MB of "第1第1"', lambda s: _fill("第1", int(M * s))),
    "yi-usd": ('1 MB of "100億美元", no space', lambda s: _fill("100億美元", int(M * s))),
}


def build(name: str, scale: float) -> str:
    return CASES[name][1](scale)  # type: ignore[operator]


def child(name: str, scale: float) -> dict:
    import factcheck

    factcheck.extract("Revenue rose 12% to $3.4 billion. 收入增長12%至200億美元。", published="2025-11-10")
    text = build(name, scale)
    t0 = time.perf_counter()
    try:
        r = factcheck.extract(text, published="2025-11-10")
        err, nfig = "", len(r.figures)
    except Exception as e:  # noqa: BLE001  reported, not raised: one broken case must not hide the others
        err, nfig = f"{type(e).__name__}: {e}"[:80], 0
    return {"seconds": time.perf_counter() - t0, "chars": len(text),
            "bytes": len(text.encode("utf-8")), "figures": nfig, "error": err}


GROWTH_SIZES = (20_000, 40_000)     # chars: two small sizes whose times give the growth exponent


def growth(name: str) -> dict:
    """Exponent k in time ~ n^k between GROWTH_SIZES (1 linear, 2 quadratic); best of 3 each."""
    import math

    import factcheck

    factcheck.extract("warm up 12% $3 billion 12億元", published="2025-11-10")
    full = len(build(name, 1.0))
    times = []
    for n in GROWTH_SIZES:
        text = build(name, n / full)[:n]
        best = float("inf")
        for _ in range(3):
            t0 = time.perf_counter()
            try:
                factcheck.extract(text, published="2025-11-10")
            except Exception:  # noqa: BLE001, S110  the timing is what matters here
                pass
            best = min(best, time.perf_counter() - t0)
            if best > 2:
                break
        times.append(best)
    k = math.log(times[1] / times[0]) / math.log(GROWTH_SIZES[1] / GROWTH_SIZES[0]) if times[0] > 0 else float("nan")
    return {"t1": times[0], "t2": times[1], "k": k}


def run_growth(name: str, timeout: float) -> str:
    cmd = [sys.executable, __file__, f"--child={name}", "--growth"]
    try:
        p = subprocess.run(cmd, check=False, capture_output=True, timeout=timeout)
        g = json.loads(p.stdout)
    except (subprocess.TimeoutExpired, ValueError):
        return "?"
    k = g["k"]
    label = "linear" if k < 1.5 else "quadratic" if k < 2.5 else "worse"
    return f"{k:.1f} ({label})"


def run_case(name: str, scale: float, timeout: float) -> dict:
    cmd = [sys.executable, __file__, f"--child={name}", f"--scale={scale}"]
    t0 = time.perf_counter()
    try:
        p = subprocess.run(cmd, check=False, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        n = len(build(name, scale))
        return {"seconds": time.perf_counter() - t0, "chars": n, "bytes": None, "figures": None,
                "error": f"timeout after {timeout:g} s", "timeout": True}
    if p.returncode != 0:
        n = len(build(name, scale))
        return {"seconds": float("nan"), "chars": n, "bytes": None, "figures": None,
                "error": p.stderr.decode(errors="replace").strip().splitlines()[-1][:80]}
    return json.loads(p.stdout)


def profile(name: str, chars: int, top: int = 10) -> str:
    import factcheck

    factcheck.extract("warm up 12% $3 billion 12億元", published="2025-11-10")
    full = len(build(name, 1.0))
    text = build(name, min(1.0, chars / full))[:chars]
    pr = cProfile.Profile()
    t0 = time.perf_counter()
    pr.enable()
    try:
        factcheck.extract(text, published="2025-11-10")
    except Exception as e:  # noqa: BLE001
        print(f"  raised {type(e).__name__}: {e}")
    pr.disable()
    dt = time.perf_counter() - t0
    out = io.StringIO()
    st = pstats.Stats(pr, stream=out)
    st.sort_stats("tottime").print_stats(top)
    st.sort_stats("cumulative").print_stats(top)
    st.print_callers(r"method '(search|match|finditer|findall|sub)' of 're.Pattern'")
    body = "\n".join(l for l in out.getvalue().splitlines() if l.strip() and not l.startswith("   Ordered by"))
    regexes = table(["pattern", "finditer s", "matches"], regex_times(text))
    return (f"#### profile: {name} ({CASES[name][0]}), first {len(text):,} chars: "
            f"{dt:.2f} s under cProfile\n\n```\n{body}\n```\n\nregex time by pattern on the same "
            f"input:\n\n{regexes}")


def regex_times(text: str, top: int = 6) -> list[list]:
    """finditer time of every compiled pattern the extractor exposes (module-level re.Pattern
    objects and zero-argument *pattern* functions in factcheck.extract*/ modules): cProfile
    charges a regex's time to its caller, this splits it by pattern."""
    import importlib
    import inspect
    import pkgutil
    import re

    import factcheck

    found: dict[str, re.Pattern] = {}
    for info in pkgutil.walk_packages(factcheck.__path__, "factcheck."):
        if not info.name.startswith("factcheck.extract"):
            continue
        try:
            mod = importlib.import_module(info.name)
        except Exception:  # noqa: BLE001, S112  a module that fails to import has no patterns to time
            continue
        for attr, obj in vars(mod).items():
            if isinstance(obj, re.Pattern):
                found[f"{info.name}.{attr}"] = obj
            elif (callable(obj) and "pattern" in attr.lower() and getattr(obj, "__module__", "") == info.name):
                try:
                    if not [p for p in inspect.signature(obj).parameters.values() if p.default is p.empty]:
                        pat = obj()
                        if isinstance(pat, re.Pattern):
                            found[f"{info.name}.{attr}()"] = pat
                except Exception:  # noqa: BLE001, S112
                    continue
    rows = []
    for name, pat in found.items():
        t0 = time.perf_counter()
        n = sum(1 for _ in pat.finditer(text))
        rows.append([name, round(time.perf_counter() - t0, 4), n])
    rows.sort(key=lambda r: -r[1])
    return rows[:top]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="factcheck.extract on adversarial inputs")
    ap.add_argument("--scale", type=float, default=1.0, help="fraction of each input size (default 1)")
    ap.add_argument("--timeout", type=float, default=300.0, help="seconds per case before FAIL")
    ap.add_argument("--only", action="append", default=[], metavar="CASE", help="run only these cases")
    ap.add_argument("--profile", metavar="CASE", help="cProfile one case in-process and exit")
    ap.add_argument("--profile-failures", action="store_true", help="cProfile each failing case")
    ap.add_argument("--profile-chars", type=int, default=20_000,
                    help="input size when profiling, in chars (small: a quadratic case stays quick)")
    ap.add_argument("--no-growth", action="store_true", help="skip the growth-exponent measurement")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--growth", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args(argv)

    if a.child:
        print(json.dumps(growth(a.child) if a.growth else child(a.child, a.scale)))
        return 0
    if a.profile:
        if a.profile not in CASES:
            raise SystemExit(f"unknown case {a.profile!r}; cases: {', '.join(CASES)}")
        print(profile(a.profile, a.profile_chars))
        return 0

    names = a.only or list(CASES)
    print(f"bench_pathological: {machine()}; scale {a.scale:g}; timeout {a.timeout:g} s per case\n")
    rows, failed = [], []
    for name in names:
        r = run_case(name, a.scale, a.timeout)
        mb = r["chars"] / M
        per_mb = r["seconds"] / mb if mb else float("nan")
        ok = not r["error"] and per_mb <= GOAL
        if not ok:
            failed.append(name)
        shown = f">= {per_mb:.2f}" if r.get("timeout") else round(per_mb, 3)
        g = "" if a.no_growth else run_growth(name, a.timeout)
        rows.append([name, CASES[name][0], r["chars"], round(r["seconds"], 3), shown, g,
                     "-" if r["figures"] is None else r["figures"], "PASS" if ok else "FAIL",
                     r["error"]])
    print(table(["case", "input", "chars", "s", "s per MB", "growth k (t ~ n^k)", "figures",
                 f"goal <= {GOAL:g} s/MB", "note"],
                rows, title="pathological inputs (MB = 10^6 chars)"))
    print(f"\n{len(names) - len(failed)} of {len(names)} cases within the goal\n")
    if a.profile_failures:
        for name in failed:
            print(profile(name, a.profile_chars))
            print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
