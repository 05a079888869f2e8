"""Property tests (hypothesis) over the whole pipeline, on arbitrary Unicode and on mutated
versions of the project's own samples.

For any text:

* ``factcheck.extract`` never raises; every figure has ``0 <= start < end <= len(text)``
  and ``text[start:end] == figure.text``; figures are sorted and do not overlap; values
  (value, low, high, step, scale) are finite numbers or None (dates are ISO text);
* ``check_document(load_text(text, published=...))`` never raises; every finding names
  figures and claims that exist, every claim's offsets round-trip;
* the JSON report (``factcheck.report.render("json", ...)``) parses with NaN and Infinity
  refused, and encodes to UTF-8;
* ``load_bytes`` on any bytes, in any format, gives a Document or an ``InputError``.

The CLI gets a few deterministic mutations of every sample as files, in one run.
"""
from __future__ import annotations

import json
import math
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import factcheck
from factcheck.api import check_document
from factcheck.errors import InputError
from factcheck.ingest import FORMATS, load_bytes, load_text
from factcheck.model import BOUNDS, KINDS, SEVERITIES
from factcheck.report import render

REPO = Path(__file__).resolve().parents[1]
SAMPLES = sorted(p for p in (REPO / "samples").iterdir()
                 if p.is_file() and p.name != "README.md")
SAMPLE_TEXTS = [p.read_text(encoding="utf-8") for p in SAMPLES]
PUBLISHED = "2025-11-10"

SETTINGS = {"deadline": None,
            "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large,
                                      HealthCheck.filter_too_much, HealthCheck.large_base_example]}


# --------------------------------------------------------------------------- invariants

def _refuse(const: str):
    raise ValueError(f"non-standard JSON constant {const}")


def strict_json_lines(s: str) -> list[dict]:
    s.encode("utf-8")                                  # lone surrogates must be escaped
    return [json.loads(line, parse_constant=_refuse) for line in s.split("\n") if line.strip()]


def _finite(v, *, text_ok: bool = False) -> bool:
    if v is None:
        return True
    if isinstance(v, str):
        return text_ok
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def check_figures(text: str, figures) -> None:
    prev_end = 0
    for i, f in enumerate(figures, 1):
        assert f.id == f"f{i}"
        assert 0 <= f.start < f.end <= len(text), (f.id, f.start, f.end, len(text))
        assert text[f.start:f.end] == f.text, (f.id, text[f.start:f.end], f.text)
        assert f.start >= prev_end, f"{f.id} ({f.start}-{f.end}) overlaps the figure before it"
        prev_end = f.end
        assert f.kind in KINDS and f.bound in BOUNDS
        assert _finite(f.value, text_ok=True), (f.id, "value", f.value)
        for attr in ("low", "high", "step", "scale"):
            assert _finite(getattr(f, attr)), (f.id, attr, getattr(f, attr))


def check_report(text: str, report) -> None:
    check_figures(text, report.extraction.figures)
    fig_ids = {f.id for f in report.extraction.figures}
    claim_ids = {c.id for c in report.claims}
    assert len(claim_ids) == len(report.claims)
    for c in report.claims:
        assert 0 <= c.start <= c.end <= len(text), (c.id, c.start, c.end)
        assert text[c.start:c.end] == c.text, (c.id, text[c.start:c.end], c.text)
        assert set(c.figures) <= fig_ids, (c.id, c.figures)
    for fid, cid in report.figure_claim:
        assert fid in fig_ids and cid in claim_ids, (fid, cid)
    for f in report.findings:
        assert f.severity in SEVERITIES
        assert set(f.figures) <= fig_ids, (f.id, f.figures, sorted(fig_ids))
        assert set(f.claims) <= claim_ids, (f.id, f.claims)
    docs = strict_json_lines(render("json", [report]))
    assert len(docs) == 1
    assert len(docs[0]["figures"]) == len(report.extraction.figures)


# --------------------------------------------------------------------------- strategies

# Fragments that drive the scanner into its number, scale, unit and date paths.
TOKENS = [
    "$", "US$", "€", "¥", "￥", "1", "7", "0", "12", "1.4", "2.5", "12,345", "1,000,000", "0.5",
    "３", "４５", "一", "二", "十", "百", "千", "万", "萬", "亿", "億", "兆", "九", "两", "半",
    "billion", "bn", "million", "m", "trillion", "T", "thousand", "k", "%", "％", "percent",
    "percentage points", "pp", "个百分点", "times", "倍", "翻倍", "double", "fold", "x",
    "year", "years", "年", "月", "日", "季度", "Q3", "2024", "2030", "FY2025", "Nov.", "November",
    "10", "Monday", "星期一", "周", "days", "weeks", "since", "from", "to", "~", "-", "–", "—",
    "/", "至", "到", "约", "近", "逾", "超过", "about", "nearly", "more than", "at least",
    "up", "down", "rose", "fell", "增长", "下降", "revenue", "sales", "营收", "利润", "GDP",
    "barrels a day", "GW", "tonnes", "万辆", "美元", "元", "港元", "per", "a", "share",
    "or", "of the total", "占", "的", " ", " ", " ", "\n", "\n\n", ",", ".", "，", "。", "、",
    "(", ")", "（", "）", ":", "：", ";", "第", "e", "E", "^", "+", "=",
    "\u202e", "\u200b", "\u00a0", "\u2009", "\ufeff", "\x00", "\ud800", "\udfff",
]

unicode_text = st.text(alphabet=st.characters(exclude_categories=()), max_size=300)
token_text = st.lists(st.sampled_from(TOKENS), max_size=80).map("".join)
any_text = st.one_of(unicode_text, token_text,
                     st.lists(st.one_of(unicode_text, token_text), max_size=4).map("".join))


@st.composite
def mutated_sample(draw) -> str:
    """A sample with a few edits: insertions of tokens or junk, deletions, duplications,
    digit changes, and truncation at any character."""
    text = draw(st.sampled_from(SAMPLE_TEXTS))
    for _ in range(draw(st.integers(1, 8))):
        op = draw(st.integers(0, 5))
        pos = draw(st.integers(0, len(text)))
        if op == 0:
            text = text[:pos] + draw(token_text) + text[pos:]
        elif op == 1:
            text = text[:pos] + draw(unicode_text) + text[pos:]
        elif op == 2:
            n = draw(st.integers(1, 200))
            text = text[:pos] + text[pos + n:]
        elif op == 3:
            n = draw(st.integers(1, 300))
            text = text[:pos] + text[pos:pos + n] * draw(st.integers(2, 4)) + text[pos + n:]
        elif op == 4:
            digits = [i for i, ch in enumerate(text) if ch.isdigit()]
            if digits:
                i = draw(st.sampled_from(digits))
                text = text[:i] + draw(st.sampled_from("0123456789")) + text[i + 1:]
        else:
            text = text[:pos]
    return text


@pytest.fixture(scope="module")
def rules():
    from factcheck.rules_engine import default_rules_dir, load_rules

    return load_rules([default_rules_dir()])


# --------------------------------------------------------------------------- extract

@settings(max_examples=150, **SETTINGS)
@given(any_text)
def test_extract_contract_on_arbitrary_text(text):
    ex = factcheck.extract(text)
    check_figures(text, ex.figures)
    strict_json_lines(json.dumps(ex.to_dict(), ensure_ascii=True, allow_nan=False))


@settings(max_examples=150, **SETTINGS)
@given(mutated_sample(), st.sampled_from([None, PUBLISHED, "2000-02-29", "2099-12-31"]))
def test_extract_contract_on_mutated_samples(text, published):
    ex = factcheck.extract(text, published=published)
    check_figures(text, ex.figures)


# --------------------------------------------------------------------------- the whole check

@settings(max_examples=150, **SETTINGS)
@given(any_text)
def test_check_contract_on_arbitrary_text(rules, text):
    doc = load_text(text, published=PUBLISHED)
    report = check_document(doc, rules=rules)
    check_report(doc.text, report)


@settings(max_examples=150, **SETTINGS)
@given(mutated_sample(), st.sampled_from(["text", "markdown"]))
def test_check_contract_on_mutated_samples(rules, text, fmt):
    doc = load_text(text, published=PUBLISHED, fmt=fmt)
    report = check_document(doc, rules=rules)
    check_report(doc.text, report)


@settings(max_examples=40, **SETTINGS)
@given(mutated_sample())
def test_check_without_a_publication_date(rules, text):
    doc = load_text(text)                    # the dateline search runs on mutated text
    report = check_document(doc, rules=rules)
    check_report(doc.text, report)


# --------------------------------------------------------------------------- bytes in

@settings(max_examples=150, **SETTINGS)
@given(st.one_of(st.binary(max_size=1500),
                 mutated_sample().map(lambda t: t.encode("utf-8", "surrogatepass")),
                 mutated_sample().map(lambda t: t.encode("gb18030", "replace")),
                 mutated_sample().map(lambda t: t.encode("utf-16", "surrogatepass"))),
       st.sampled_from([None, *FORMATS]))
def test_load_bytes_gives_a_document_or_an_input_error(data, fmt):
    source = {None: "article", "text": "a.txt", "markdown": "a.md", "html": "a.html",
              "docx": "a.docx"}[fmt]
    try:
        doc = load_bytes(data, source, fmt=fmt)
    except InputError as e:
        assert str(e).startswith(source), str(e)
        return
    assert isinstance(doc.text, str)
    ex = factcheck.extraction.extract_document(doc)
    check_figures(doc.text, ex.figures)


@settings(max_examples=60, **SETTINGS)
@given(mutated_sample())
def test_html_wrapped_sample_goes_through_the_pipeline(rules, text):
    import html

    page = ("<!doctype html><html><head><title>t</title></head><body><article><p>"
            + html.escape(text).replace("\n\n", "</p><p>") + "</p></article></body></html>")
    assume(len(page) < 200_000)
    try:
        doc = load_bytes(page.encode("utf-8", "replace"), "a.html", published=PUBLISHED)
    except InputError:
        # refused only for NUL bytes or for more control characters than text has (the
        # decoder's documented junk threshold: b"\x01\x02hello\x03" is binary, not an article)
        from factcheck.ingest.decode import _MAX_BAD_SHARE, _bad_share

        assert "\x00" in page or _bad_share(page, strict=False) > _MAX_BAD_SHARE, \
            "valid UTF-8 HTML without NUL bytes or junk was refused"
        return
    check_report(doc.text, check_document(doc, rules=rules))


# --------------------------------------------------------------------------- the CLI

def _mutate(rng: random.Random, text: str) -> str:
    for _ in range(rng.randint(1, 6)):
        pos = rng.randint(0, len(text))
        op = rng.randint(0, 3)
        if op == 0:
            text = text[:pos] + "".join(rng.choice(TOKENS[:-2]) for _ in range(rng.randint(1, 12))) \
                + text[pos:]
        elif op == 1:
            text = text[:pos] + text[pos + rng.randint(1, 200):]
        elif op == 2:
            n = rng.randint(1, 300)
            text = text[:pos] + text[pos:pos + n] * 3 + text[pos + n:]
        else:
            text = text[:pos] + chr(rng.choice([0x202E, 0x200B, 0x0, 0xFFFD, 0x1F600])) + text[pos:]
    return text


def _cli(*args: str, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    env.pop("FACTCHECK_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "factcheck", *args], cwd=cwd, env=env,
                          check=False, capture_output=True, text=True, timeout=timeout)


def test_cli_on_mutated_samples(tmp_path):
    rng = random.Random(6)
    names = []
    for p, text in zip(SAMPLES, SAMPLE_TEXTS):
        for k in range(4):
            name = f"{p.stem}-m{k}{p.suffix}"
            (tmp_path / name).write_text(_mutate(rng, text), encoding="utf-8")
            names.append(name)
    proc = _cli("check", *names, "--format", "json", "--jobs", "1", "--published", PUBLISHED,
                "--isolated", cwd=tmp_path)
    assert "Traceback" not in proc.stderr, proc.stderr[-2000:]
    assert proc.returncode in (0, 1), (proc.returncode, proc.stderr[-2000:])
    docs = strict_json_lines(proc.stdout)
    assert [d["source"] for d in docs] == names
    for d in docs:
        ids = {f["id"] for f in d["figures"]}
        for finding in d["findings"]:
            assert set(finding["figures"]) <= ids

    proc = _cli("extract", *names, "--format", "json", "--jobs", "1", "--isolated", cwd=tmp_path)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr[-2000:]
    for name, d in zip(names, strict_json_lines(proc.stdout)):
        text = load_bytes((tmp_path / name).read_bytes(), name).text
        for f in d["figures"]:
            assert text[f["start"]:f["end"]] == f["text"], (name, f)
