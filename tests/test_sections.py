"""Long inputs are checked section by section: the cuts, the shifted reports, the CLI stream."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from factcheck.api import check_document, check_sections, merge_reports
from factcheck.cli import main
from factcheck.extraction import extract_document
from factcheck.ingest import load_text
from factcheck.text import sections
from factcheck.text.sections import split_sections

REPO = Path(__file__).resolve().parents[1]
SAMPLES = [p for p in sorted((REPO / "samples").iterdir())
           if p.suffix in (".txt", ".md") and p.name != "README.md"]


def _archive(copies: int = 2) -> str:
    """The samples one after another, as an archive dump holds articles."""
    return "\n\n".join(p.read_text(encoding="utf-8") for p in SAMPLES * copies) + "\n"


def _fires(rule_id: str) -> str:
    """The rule's own English example that fires."""
    from factcheck.rules_engine import load_rules

    rule = next(r for r in load_rules() if r.id == rule_id)
    return next(e.text for e in rule.examples.fire if e.lang == "en")


# --------------------------------------------------------------------------- the cuts

@pytest.mark.parametrize("size", [1_000, 3_000, 10_000])
def test_sections_cover_the_text_in_order_within_the_size(size):
    text = _archive()
    spans = split_sections(text, size)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:]))
    assert all(0 < e - s <= size for s, e in spans)
    # every cut falls just after white space: no word or figure is cut in two
    assert all(text[e - 1].isspace() for _, e in spans[:-1])
    if size >= 3_000:             # paragraphs are shorter than a quarter of the section
        assert all(text[e - 1] == "\n" for _, e in spans[:-1])


def test_a_cut_prefers_a_paragraph_then_a_line_then_a_sentence_then_a_space():
    # size 100: a better cut is looked for in the last quarter, characters 75 to 100
    para = "A" * 80 + "\n\n" + "B" * 5 + "\n" + "C" * 40
    assert split_sections(para, 100)[0] == (0, 82)                 # after the blank line
    line = "A" * 80 + "\n" + "B. C" * 10
    assert split_sections(line, 100)[0] == (0, 81)                 # after the line break
    sentence = "a" * 78 + ". " + "b" * 5 + " " + "b" * 30
    assert split_sections(sentence, 100)[0] == (0, 80)             # after the full stop
    assert split_sections("word " * 30, 52)[0] == (0, 50)          # after a space
    zh = "營收" * 45 + "。" + "增長" * 40
    assert split_sections(zh, 100)[0] == (0, 100)                  # 。 with no space: hard


def test_a_text_without_breaks_is_cut_hard_and_short_text_is_one_section():
    assert split_sections("7" * 2500, 1000) == [(0, 1000), (1000, 2000), (2000, 2500)]
    assert split_sections("Revenue rose 5%.", 1000) == [(0, 16)]
    assert split_sections("", 1000) == [(0, 0)]
    with pytest.raises(ValueError):
        split_sections("abc", 1)


# --------------------------------------------------------------------------- the reports

@pytest.fixture(scope="module")
def archive_doc():
    return load_text(_archive(), published="2025-11-10")


def test_sections_find_the_same_figures_at_the_same_offsets(archive_doc):
    whole = extract_document(archive_doc).figures
    parts = list(check_sections(archive_doc, mode="extract", size=5_000))
    assert len(parts) > 3
    got = [f for r in parts for f in r.extraction.figures]
    # the same spans and kinds; a value may differ where a document-wide cue decides it
    # (a Taiwanese article first makes 元 TWD in the whole archive, not in a later section)
    assert [(f.start, f.end, f.text, f.kind) for f in got] == [(f.start, f.end, f.text, f.kind) for f in whole]
    assert [f.id for f in got] == [f"f{i}" for i in range(1, len(got) + 1)]


def test_section_reports_read_as_one(archive_doc):
    parts = list(check_sections(archive_doc, size=5_000))
    merged = merge_reports(parts)
    text = archive_doc.text
    figs = {f.id: f for f in merged.extraction.figures}
    claims = {c.id: c for c in merged.claims}
    assert len(claims) == len(merged.claims) and len(figs) == len(merged.extraction.figures)
    for f in figs.values():
        assert text[f.start:f.end] == f.text
    for c in claims.values():
        assert text[c.start:c.end] == c.text
        assert all(figs[x].start >= c.start and figs[x].end <= c.end for x in c.figures)
    for fid, cid in merged.figure_claim:
        assert fid in claims[cid].figures
    assert merged.findings, "the samples carry planted errors"
    for x in merged.findings:
        assert set(x.figures) <= set(figs) and set(x.claims) <= set(claims)
        assert x.id.split(":")[1:] == list(x.figures or x.claims)
    # the same planted errors are found, whether the samples are read whole or in sections
    one = check_document(load_text(SAMPLES[0].read_text(encoding="utf-8"), published="2025-11-10"))
    texts = {tuple(figs[i].text for i in x.figures) for x in merged.findings}
    fig_one = {f.id: f.text for f in one.extraction.figures}
    for x in one.findings:
        assert tuple(fig_one[i] for i in x.figures) in texts, x.id


# --------------------------------------------------------------------------- the CLI

@pytest.fixture()
def small_sections(monkeypatch):
    monkeypatch.setattr(sections, "SECTION_CHARS", 4_000)


def _json_run(capsys, *args):
    code = main([*args, "--isolated"] if args[0] == "check" else list(args))
    out, err = capsys.readouterr()
    lines = out.splitlines()
    return code, [json.loads(line) for line in lines], err


@pytest.mark.parametrize("mode", ["check", "claims", "extract"])
def test_a_long_file_streams_one_json_object(tmp_path, capsys, monkeypatch, mode):
    art = tmp_path / "archive.md"
    art.write_text(_archive(), encoding="utf-8")
    _, [whole], _ = _json_run(capsys, mode, "--format", "json", str(art))
    monkeypatch.setattr(sections, "SECTION_CHARS", 4_000)
    code, [rep], err = _json_run(capsys, mode, "--format", "json", str(art))
    assert set(rep) == set(whole), err
    def spans(r):
        return [(f["id"], f["start"], f["end"], f["text"], f["kind"]) for f in r["figures"]]

    assert spans(rep) == spans(whole)
    assert all(("claim" in f) == (mode != "extract") for f in rep["figures"])
    text = art.read_text(encoding="utf-8")
    assert all(text[f["start"]:f["end"]] == f["text"] for f in rep["figures"])
    if mode == "claims":          # links of later sections point at their own figures
        ids = {f["id"]: f for f in rep["figures"]}
        assert rep["links"] and all(x["a"] in ids and x["b"] in ids for x in rep["links"])
        assert max(int(x["a"][1:]) for x in rep["links"]) > len(rep["figures"]) // 2
    if mode == "check":
        assert rep["findings"] and code == 1 and rep["suppressed"] == []
        ids = {f["id"] for f in rep["figures"]}
        assert all(set(x["figures"]) <= ids for x in rep["findings"])


def test_a_suppression_in_a_later_section_still_applies(tmp_path, capsys, small_sections):
    target = _fires("change-mismatch")
    filler = "\n\n".join(["This paragraph has no figure at all, only words."] * 400)
    comment = '<!-- factcheck: ignore change-mismatch reason="checked with the company" -->'
    text = f"{filler}\n\n{comment}\n{target}\n\n{_archive()}"
    art = tmp_path / "long.md"
    art.write_text(text, encoding="utf-8")
    assert len(text) > 4 * 4_000 and text.index(comment) > 4_000
    code, [rep], err = _json_run(capsys, "check", "--format", "json", "--jobs", "1", str(art))
    [sup] = [s for s in rep["suppressed"] if s["rule"] == "change-mismatch"]
    assert sup["by"] == "inline" and sup["line"] == text[:text.index(comment)].count("\n") + 1
    assert rep["unused_suppressions"] == [], err


def test_a_long_file_in_other_formats_and_in_a_batch(tmp_path, capsys, small_sections):
    (tmp_path / "long.md").write_text(_archive(), encoding="utf-8")
    (tmp_path / "short.md").write_text(_fires("change-mismatch") + "\n", encoding="utf-8")
    code = main(["check", "--format", "markdown", "--isolated", str(tmp_path / "long.md")])
    out, err = capsys.readouterr()
    assert code == 1 and "change-mismatch" in out and "Traceback" not in err
    code, reps, err = _json_run(capsys, "check", "--format", "json", "--jobs", "2", str(tmp_path))
    assert [Path(r["source"]).name for r in reps] == ["long.md", "short.md"]
    assert all(r["findings"] for r in reps)


def test_a_failure_in_a_later_section_ends_the_json_and_says_so(tmp_path, capsys, small_sections,
                                                                 monkeypatch):
    import factcheck.api as api

    real, calls = api.check_document, []

    def flaky(doc, **kw):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("boom")
        return real(doc, **kw)

    monkeypatch.setattr(api, "check_document", flaky)
    monkeypatch.delenv("FACTCHECK_DEBUG", raising=False)
    art = tmp_path / "long.md"
    art.write_text(_archive(), encoding="utf-8")
    code, [rep], err = _json_run(capsys, "check", "--format", "json", "--jobs", "1", str(art))
    assert code == 2 and "internal error in a section: RuntimeError" in err and "Traceback" not in err
    assert rep["figures"] and rep["unused_suppressions"] == []      # the first section, as one object
