"""Throughput of factcheck.extract in characters per second, one core, in-process.

    python benchmarks/bench_extract.py            # 6 MB of mixed zh/en (UTF-8), plus peers if installed
    python benchmarks/bench_extract.py --mb 20 --no-peers

The corpus comes from make_corpus (seeded, so every run measures the same text). After a
warm-up (every sample once, so lazy loads and regex compilation are not timed), each article
is extracted once; its time counts for its language. Goal: >= 1,000,000 chars/s overall.

Peers (optional; skipped when not importable): quantulum3 (English only) and Microsoft
recognizers-text (`pip install recognizers-text-suite`; its number, percentage, currency,
dimension and datetime models, English and Chinese), timed on the same leading slice of the
corpus as factcheck, reported as factcheck's speed divided by the peer's.
"""
from __future__ import annotations

import argparse
import gc
import sys
import time

import common  # noqa: F401  (puts the repo on sys.path)
from common import PEERS, machine, pin_one_core, table
from make_corpus import MB, corpus, family, load_samples

GOAL = 1_000_000          # chars/s
PUBLISHED = "2025-11-10"  # so that relative dates are resolved, as in real use


def _extract():
    import factcheck

    return factcheck.extract


def warm_up(extract) -> None:
    for s in load_samples():
        extract(s.text, published=PUBLISHED)


def measure(mb: float, seed: int) -> dict:
    extract = _extract()
    warm_up(extract)
    arts = corpus(int(mb * MB), seed)
    stats: dict[str, dict] = {}
    gc.collect()
    for a in arts:
        # CPU time of this process (pinned to one core): on a shared machine wall time also
        # counts the other processes' turns, which is not what "per core" means
        t0 = time.process_time()
        r = extract(a.text, published=PUBLISHED)
        dt = time.process_time() - t0
        for key in dict.fromkeys((family(a.lang), a.lang, "all")):
            s = stats.setdefault(key, {"articles": 0, "chars": 0, "bytes": 0, "seconds": 0.0, "figures": 0})
            s["articles"] += 1
            s["chars"] += len(a.text)
            s["bytes"] += len(a.text.encode("utf-8"))
            s["seconds"] += dt
            s["figures"] += len(r.figures)
    return stats


def throughput_rows(stats: dict) -> list[list]:
    rows = []
    for key in ("en", "zh", "zh-hans", "zh-hant", "all"):
        s = stats.get(key)
        if not s:
            continue
        cps = s["chars"] / s["seconds"]
        goal = ("PASS" if cps >= GOAL else "FAIL") if key == "all" else ""
        rows.append([key, s["articles"], s["chars"], round(s["bytes"] / MB, 2), round(s["seconds"], 2),
                     round(cps), round(s["bytes"] / MB / s["seconds"], 3),
                     round(s["figures"] / (s["chars"] / 1000), 1), goal])
    return rows


def peers(kb: float, seed: int, budget: float) -> list[list]:
    """factcheck and each installed peer on the same slice (per language family)."""
    extract = _extract()
    rows = []
    for name, fam, factory in PEERS:
        try:
            run = factory()
        except Exception as e:  # noqa: BLE001  ImportError, or a peer that breaks at import/model build
            rows.append([name, fam, "-", "-", "-", f"skipped ({type(e).__name__})"])
            continue
        texts = [a.text for a in corpus(int(kb * 1000), seed + 1, langs={fam})]
        run(texts[0][:500])                       # warm-up (factcheck is warm already)
        done_chars = 0
        t0 = time.perf_counter()
        for t in texts:                           # the peer, within the time budget
            run(t)
            done_chars += len(t)
            if time.perf_counter() - t0 > budget:
                break
        peer_s = time.perf_counter() - t0
        n_done = 0
        acc = 0
        for t in texts:
            if acc >= done_chars:
                break
            acc += len(t)
            n_done += 1
        t0 = time.perf_counter()
        for t in texts[:n_done]:
            extract(t, published=PUBLISHED)
        fc_s = time.perf_counter() - t0
        peer_cps, fc_cps = done_chars / peer_s, done_chars / fc_s
        rows.append([name, fam, done_chars, round(peer_cps), round(fc_cps), f"{fc_cps / peer_cps:.2f}x"])
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="factcheck.extract throughput")
    ap.add_argument("--mb", type=float, default=6.0, help="corpus size, MB of UTF-8 (>= 5)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--no-peers", action="store_true", help="skip the peer comparison")
    ap.add_argument("--peer-kb", type=float, default=300.0, help="slice per language for peers, kB")
    ap.add_argument("--peer-budget", type=float, default=30.0, help="max seconds per peer")
    a = ap.parse_args(argv)

    pin = pin_one_core()
    print(f"bench_extract: {machine()}; {pin}; corpus {a.mb:g} MB seed {a.seed}\n")
    t0 = time.perf_counter()
    stats = measure(a.mb, a.seed)
    print(table(["lang", "articles", "chars", "MB", "s", "chars/s", "MB/s", "figures/kchar",
                 f"goal >= {GOAL:,} chars/s"], throughput_rows(stats),
                title="factcheck.extract throughput (one core, in-process, after warm-up)"))
    print(f"\n(wall {time.perf_counter() - t0:.1f} s including corpus generation)\n")
    if not a.no_peers:
        print(table(["peer", "lang", "chars", "peer chars/s", "factcheck chars/s", "factcheck / peer"],
                    peers(a.peer_kb, a.seed, a.peer_budget),
                    title="peers on the same text (ratio > 1: factcheck is faster)"))
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
