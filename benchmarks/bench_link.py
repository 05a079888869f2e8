"""What linking adds to extraction: time of link() against time of extract, one core.

    python benchmarks/bench_link.py               # ~2 MB: samples/ and ../shared/corpus/dev, mutated
    python benchmarks/bench_link.py --mb 5 --passes 5

The texts are the project's samples plus the dev corpus (when ../shared is present),
repeated with make_corpus's mutations (shuffled paragraphs, perturbed digits; seeded, so
every run measures the same text) until they reach --mb of UTF-8. Each article is ingested
outside the timed region; then ``extract_document(doc)`` and ``link(extraction)`` are timed
separately, article by article, in CPU time of the process (``time.process_time``;
``--wall`` for ``time.perf_counter``). ``extract`` here is what ``factcheck.extract`` runs
(``extract_document``), as in bench_extract.py. After a warm-up (every source text once through both),
the corpus is run --passes times and the fastest pass of each stage counts.

Goal (issue 3): linking adds no more than 30% to the time of extraction, i.e.
link / extract <= 0.30.
"""
from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path

import common  # noqa: F401  (puts the repo on sys.path)
from common import machine, pin_one_core, table
from make_corpus import MB, ROOT, Sample, articles, family, load_samples

GOAL = 0.30
# CPU time of this process: other work on a shared machine does not count against either
# stage (wall-clock time under load inflated both and made the ratio jump between runs).
CLOCK = time.process_time
PUBLISHED = "2025-11-10"
DEV = ROOT.parent / "shared" / "corpus" / "dev"


def sources(with_dev: bool = True) -> list[Sample]:
    """The samples, plus the dev corpus documents when ../shared is there."""
    out = list(load_samples())
    if with_dev and DEV.is_dir():
        for p in sorted(DEV.glob("*.txt")):
            lang = "en" if p.name.startswith("en-") else "zh-hant" if "seed" in p.name else "zh-hans"
            out.append(Sample(f"dev-{p.name}", lang, p.read_text(encoding="utf-8")))
    return out


def build(mb: float, seed: int, srcs: list[Sample]) -> list[tuple[str, object]]:
    """(language family, ingested document) until the texts reach mb of UTF-8."""
    from factcheck.ingest import load_text

    docs, size = [], 0
    for a in articles(seed, srcs):
        if size >= mb * MB:
            break
        docs.append((family(a.lang), load_text(a.text, source=a.name, published=PUBLISHED)))
        size += len(a.text.encode("utf-8"))
    return docs


def one_pass(docs) -> dict[str, dict[str, float]]:
    from factcheck.extraction import extract_document
    from factcheck.link import link

    stats: dict[str, dict[str, float]] = {}
    gc.collect()
    for fam, doc in docs:
        t0 = CLOCK()
        ex = extract_document(doc)
        t1 = CLOCK()
        linked = link(ex)
        t2 = CLOCK()
        for key in (fam, "all"):
            s = stats.setdefault(key, {"articles": 0, "chars": 0, "extract": 0.0, "link": 0.0,
                                       "figures": 0, "claims": 0})
            s["articles"] += 1
            s["chars"] += len(doc.text)
            s["extract"] += t1 - t0
            s["link"] += t2 - t1
            s["figures"] += len(ex.figures)
            s["claims"] += len(linked.claims)
    return stats


def measure(mb: float, seed: int, passes: int, with_dev: bool = True) -> tuple[dict, int]:
    from factcheck.extraction import extract_document
    from factcheck.ingest import load_text
    from factcheck.link import link

    srcs = sources(with_dev)
    for s in srcs:                                   # warm-up: lexicons, regexes, networkx
        link(extract_document(load_text(s.text, published=PUBLISHED)))
    docs = build(mb, seed, srcs)
    best: dict[str, dict[str, float]] = {}
    for _ in range(passes):
        st = one_pass(docs)
        for key, s in st.items():
            b = best.setdefault(key, dict(s))
            b["extract"] = min(b["extract"], s["extract"])
            b["link"] = min(b["link"], s["link"])
    return best, len(srcs)


def passes(docs, rounds: int) -> dict[str, float]:
    """The per-document passes every link() makes before it reads a single claim: zones,
    sentences, the metric/direction word index and the clauses of sentences with figures.
    Their time against extraction is the floor of the ratio (fastest of ``rounds``)."""
    from factcheck.extraction import extract_document
    from factcheck.link import claims as cl
    from factcheck.text.fold import fold
    from factcheck.text.segment import clauses, sentences
    from factcheck.text.zones import kinds_at, zones

    best: dict[str, float] = {}
    for _ in range(rounds):
        t = {"extract": 0.0, "zones": 0.0, "sentences": 0.0, "word index": 0.0, "clauses": 0.0}
        gc.collect()
        for _fam, doc in docs:
            t0 = CLOCK()
            ex = extract_document(doc)
            t1 = CLOCK()
            text, starts = doc.text, [f.start for f in ex.figures]
            kinds_at(zones(text), starts)
            t2 = CLOCK()
            spans = sentences(text)
            t3 = CLOCK()
            cl.Tokens(fold(text))
            t4 = CLOCK()
            k = 0
            for s, e in spans:
                while k < len(starts) and starts[k] < s:
                    k += 1
                if k < len(starts) and starts[k] < e:
                    clauses(text, s, e)
            t5 = CLOCK()
            for name, dt in (("extract", t1 - t0), ("zones", t2 - t1), ("sentences", t3 - t2),
                             ("word index", t4 - t3), ("clauses", t5 - t4)):
                t[name] += dt
        for name, v in t.items():
            best[name] = min(best.get(name, v), v)
    return best


def rows(best: dict) -> list[list]:
    out = []
    for key in ("en", "zh", "all"):
        s = best.get(key)
        if not s:
            continue
        ratio = s["link"] / s["extract"]
        goal = ("PASS" if ratio <= GOAL else "FAIL") if key == "all" else ""
        out.append([key, int(s["articles"]), int(s["chars"]), int(s["figures"]), int(s["claims"]),
                    round(s["extract"], 3), round(s["link"], 3), round(s["extract"] + s["link"], 3),
                    f"{ratio:.1%}", goal])
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="time of link() against extract")
    ap.add_argument("--mb", type=float, default=2.0, help="corpus size, MB of UTF-8 (default 2)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--passes", type=int, default=3, help="timed passes; the fastest counts")
    ap.add_argument("--no-dev", action="store_true", help="samples only (ignore ../shared/corpus/dev)")
    ap.add_argument("--strict", action="store_true", help="exit 1 when the goal is missed")
    ap.add_argument("--wall", action="store_true", help="wall-clock time instead of process CPU time")
    a = ap.parse_args(argv)
    global CLOCK
    if a.wall:
        CLOCK = time.perf_counter

    pin = pin_one_core()
    t0 = time.perf_counter()
    best, nsrc = measure(a.mb, a.seed, a.passes, with_dev=not a.no_dev)
    print(f"bench_link: {machine()}; {pin}; {nsrc} source texts, corpus {a.mb:g} MB seed {a.seed}, "
          f"best of {a.passes} passes, {'wall' if a.wall else 'CPU'} time\n")
    print(table(["lang", "articles", "chars", "figures", "claims", "extract s", "link s",
                 "extract+link s", "link / extract", f"goal <= {GOAL:.0%}"], rows(best),
                title="linking time against extraction time (one core, in-process, after warm-up)"))
    floor = passes(build(a.mb, a.seed, sources(not a.no_dev)), a.passes)
    base = floor.pop("extract")
    print()
    print(table(["pass", "s", "of extract"],
                [[k, round(v, 3), f"{v / base:.1%}"] for k, v in floor.items()]
                + [["all four", round(sum(floor.values()), 3), f"{sum(floor.values()) / base:.1%}"]],
                title="the floor: per-document passes of link() before any claim is read"))
    print(f"\n(wall {time.perf_counter() - t0:.1f} s)")
    ratio = best["all"]["link"] / best["all"]["extract"]
    return 1 if a.strict and ratio > GOAL else 0


if __name__ == "__main__":
    sys.exit(main())
