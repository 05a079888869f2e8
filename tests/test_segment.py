"""Sentence and clause segmentation: data-driven cases, invariants, and linear time."""
from __future__ import annotations

import json
import random
import time
from pathlib import Path

import pytest

from factcheck.text.segment import clauses, sentences

SPECS = Path(__file__).resolve().parent / "specs" / "segment"
CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "dev"


def _cases() -> list:
    out = []
    for path in sorted(SPECS.glob("*.json")):
        for case in json.loads(path.read_text(encoding="utf-8"))["cases"]:
            out.append(pytest.param(case, id=f"{path.stem}:{case['id']}"))
    return out


def _texts(text: str, spans: list[tuple[int, int]]) -> list[str]:
    return [text[a:b] for a, b in spans]


def _check_cover(text: str, spans: list[tuple[int, int]], start: int, end: int) -> None:
    """Spans are ordered, disjoint, trimmed, inside the range, and hold every non-space char."""
    prev = start
    for a, b in spans:
        assert start <= prev <= a < b <= end
        assert not text[a].isspace() and not text[b - 1].isspace()
        assert text[prev:a].strip() == ""
        prev = b
    assert text[prev:end].strip() == ""


@pytest.mark.parametrize("case", _cases())
def test_spec_case(case: dict) -> None:
    text = case["text"]
    if "sentences" in case:
        assert _texts(text, sentences(text)) == case["sentences"]
    if "clauses" in case:
        assert _texts(text, clauses(text, 0, len(text))) == case["clauses"]


def test_spec_files_have_enough_cases() -> None:
    for lang in ("en", "zh"):
        cases = json.loads((SPECS / f"{lang}.json").read_text(encoding="utf-8"))["cases"]
        assert len(cases) >= 40, lang


def test_range_offsets_are_absolute() -> None:
    text = "前言。今年增长5%。明年增长6%。后记。"
    start, end = text.index("今"), text.index("后")
    spans = sentences(text, start, end)
    assert _texts(text, spans) == ["今年增长5%。", "明年增长6%。"]
    _check_cover(text, spans, start, end)


def test_clauses_inside_a_sentence_of_a_longer_text() -> None:
    text = "當天,美股下跌。科技股普遍下跌,英偉達跌3.65%,特斯拉跌3.5%。"
    a, b = sentences(text)[1]
    assert _texts(text, clauses(text, a, b)) == ["科技股普遍下跌,", "英偉達跌3.65%,", "特斯拉跌3.5%。"]


def test_degenerate_ranges() -> None:
    assert sentences("") == []
    assert sentences("abc", 2, 1) == []
    assert clauses("", 0, 0) == []
    assert sentences("Prices rose.", 0, 100) == [(0, 12)]


def test_corpus_invariants() -> None:
    if not CORPUS.is_dir():
        pytest.skip("shared corpus not present")
    for path in sorted(CORPUS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        spans = sentences(text)
        _check_cover(text, spans, 0, len(text))
        for a, b in spans:
            _check_cover(text, clauses(text, a, b), a, b)


def test_random_text_invariants() -> None:
    rng = random.Random(7)
    alphabet = list("ab AB.。，,；;!?！？”“\"'()（）\n\n  \u3000123%$…") + ["U.S.", "Mr.", "1,000"]
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80)))
        start = rng.randint(0, len(text))
        end = rng.randint(start, len(text))
        spans = sentences(text, start, end)
        _check_cover(text, spans, start, end)
        for a, b in spans:
            _check_cover(text, clauses(text, a, b), a, b)


@pytest.mark.parametrize("unit", [".", "。", "a.", ". ", "a. ", "A. ", "\n", " \n", "?!", "，", ",1", "U.S. "])
def test_linear_time_on_pathological_input(unit: str) -> None:
    text = unit * (1_000_000 // len(unit))
    t0 = time.process_time()
    sentences(text)
    t1 = time.process_time()
    clauses(text, 0, len(text))
    t2 = time.process_time()
    assert t1 - t0 < 2.0 and t2 - t1 < 2.0


def test_throughput_on_mixed_text() -> None:
    if not CORPUS.is_dir():
        pytest.skip("shared corpus not present")
    sample = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt")))
    text = sample * (1_000_000 // len(sample) + 1)
    t0 = time.process_time()
    sentences(text)
    elapsed = time.process_time() - t0
    assert len(text) / elapsed > 1_000_000      # 1 MB/s floor on a loaded CI machine
