"""Build a deterministic benchmark corpus from samples/ (mixed Chinese and English).

Each article of the corpus is one sample, lightly mutated: its body paragraphs are shuffled
(the first paragraph, which carries the headline, dateline or front matter, stays first),
a paragraph is sometimes dropped or repeated, and each ASCII or full-width digit is replaced
by another digit with a small probability. The same seed gives the same corpus, byte for
byte, on any machine.

    python benchmarks/make_corpus.py                       # 20 MB into a new temp dir
    python benchmarks/make_corpus.py --out /tmp/c --mb 50  # 50 MB into /tmp/c
    python benchmarks/make_corpus.py --single corpus.txt   # one file, articles split by a form feed

Other benchmarks import ``articles()``, ``corpus()`` and ``make_article()`` from here.
"""
from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
MB = 1_000_000
DIGIT_P = 0.05                      # probability that one digit is replaced
_PARA = re.compile(r"\n\s*\n")
_FULLWIDTH = {chr(0xFF10 + i): i for i in range(10)}


class Sample(NamedTuple):
    name: str
    lang: str        # "en", "zh-hans", "zh-hant"
    text: str


class Article(NamedTuple):
    name: str        # e.g. "000042-ev-maker.zh-hans.md"
    lang: str
    text: str


def lang_of(name: str) -> str:
    for lang in ("zh-hans", "zh-hant", "en"):
        if f".{lang}." in name:
            return lang
    raise ValueError(f"no language tag (.en. / .zh-hans. / .zh-hant.) in {name!r}")


def family(lang: str) -> str:
    """'en' or 'zh': the per-language rows of the benchmark tables."""
    return "zh" if lang.startswith("zh") else "en"


def load_samples(directory: Path = SAMPLES) -> list[Sample]:
    out = []
    for p in sorted(directory.iterdir()):
        if p.is_file() and p.suffix in (".txt", ".md") and p.name != "README.md":
            out.append(Sample(p.name, lang_of(p.name), p.read_text(encoding="utf-8")))
    if not out:
        raise SystemExit(f"no samples in {directory}")
    return out


def perturb_digits(text: str, rng: random.Random, p: float = DIGIT_P) -> str:
    chars = list(text)
    for i, c in enumerate(chars):
        if "0" <= c <= "9":
            if rng.random() < p:
                chars[i] = str(rng.randrange(10))
        elif c in _FULLWIDTH and rng.random() < p:
            chars[i] = chr(0xFF10 + rng.randrange(10))
    return "".join(chars)


def mutate(text: str, rng: random.Random) -> str:
    paras = _PARA.split(text.strip("\n"))
    head, body = paras[:1], paras[1:]
    rng.shuffle(body)
    if len(body) > 3 and rng.random() < 0.3:
        del body[rng.randrange(len(body))]
    if body and rng.random() < 0.3:
        body.insert(rng.randrange(len(body) + 1), body[rng.randrange(len(body))])
    return perturb_digits("\n\n".join(head + body) + "\n", rng)


def articles(seed: int = 0, samples: list[Sample] | None = None) -> Iterator[Article]:
    """An endless, deterministic stream of mutated samples, round-robin over the samples."""
    samples = samples or load_samples()
    rng = random.Random(seed)
    i = 0
    while True:
        s = samples[i % len(samples)]
        yield Article(f"{i:06d}-{s.name}", s.lang, mutate(s.text, rng))
        i += 1


def corpus(total_bytes: int, seed: int = 0, langs: set[str] | None = None) -> list[Article]:
    """Articles until their UTF-8 size reaches total_bytes; langs filters by family ('en', 'zh')."""
    samples = load_samples()
    if langs:
        samples = [s for s in samples if family(s.lang) in langs]
    out, size = [], 0
    for a in articles(seed, samples):
        if size >= total_bytes:
            break
        out.append(a)
        size += len(a.text.encode("utf-8"))
    return out


def make_article(target_bytes: int = 10_000, base: str = "openai-guarantee.zh-hant.txt",
                 seed: int = 0) -> str:
    """One article of about target_bytes: base, then mutated copies of its body paragraphs."""
    text = (SAMPLES / base).read_text(encoding="utf-8").rstrip("\n")
    rng = random.Random(seed)
    body = _PARA.split(text)[1:]
    while len(text.encode("utf-8")) < target_bytes:
        text += "\n\n" + perturb_digits(body[rng.randrange(len(body))], rng)
    return text + "\n"


def write(arts: list[Article], out: Path | None = None, single: Path | None = None) -> tuple[Path, int]:
    """Write arts into a directory (one file each) or a single file; returns (where, bytes)."""
    nbytes = 0
    if single is not None:
        single.parent.mkdir(parents=True, exist_ok=True)
        data = "\f\n".join(a.text for a in arts)
        single.write_text(data, encoding="utf-8")
        nbytes = len(data.encode("utf-8"))
        return single, nbytes
    out = out or Path(tempfile.mkdtemp(prefix="factcheck-corpus-"))
    out.mkdir(parents=True, exist_ok=True)
    for a in arts:
        (out / a.name).write_text(a.text, encoding="utf-8")
        nbytes += len(a.text.encode("utf-8"))
    return out, nbytes


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, help="directory for one file per article (default: new temp dir)")
    ap.add_argument("--single", type=Path, help="write one file instead, articles separated by \\f")
    ap.add_argument("--mb", type=float, default=20.0, help="size in MB of UTF-8 (10^6 bytes); default 20")
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args(argv)
    t0 = time.perf_counter()
    arts = corpus(int(a.mb * MB), a.seed)
    where, nbytes = write(arts, a.out, a.single)
    n = len(arts)
    by = {}
    for art in arts:
        f = family(art.lang)
        by[f] = by.get(f, 0) + len(art.text)
    mix = ", ".join(f"{k} {v:,} chars" for k, v in sorted(by.items()))
    print(f"{where}: {n:,} articles, {nbytes / MB:.1f} MB ({mix}) in {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
