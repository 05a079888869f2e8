"""The command line end to end: exit codes, errors without tracebacks, inputs, integration."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from factcheck.cli import build_parser, main

REPO = Path(__file__).resolve().parents[1]
RATE = ("OpenAI's annualized revenue will top $20 billion this year.\n"       # rate-vs-total,
        "It has committed to spend about $1.4 trillion over the next eight years.\n")  # info
CLEAN = "The committee met on Tuesday and agreed to meet again.\n"
CHANGE = "Sales rose 2% to $11.1bn from $10.2bn.\n"      # change-mismatch: an error


def _run(*args: str, cwd: Path, input: str | bytes | None = None,
         env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    text = not isinstance(input, bytes)
    return subprocess.run([sys.executable, "-m", "factcheck", *args], capture_output=True, check=False,
                          text=text, timeout=300, cwd=cwd, input=input,
                          env={**os.environ, **(env or {})},
                          stdin=None if input is not None else subprocess.DEVNULL)


def _files(tmp_path: Path) -> None:
    (tmp_path / "clean.txt").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "change.txt").write_text(CHANGE, encoding="utf-8")
    (tmp_path / "article.md").write_text("---\ndate: 2025-11-10\n---\n\n" + RATE, encoding="utf-8")


# --------------------------------------------------------------------------- basics

def test_python_dash_m_and_version(tmp_path):
    proc = _run("--version", cwd=tmp_path)
    assert proc.returncode == 0 and proc.stdout.startswith("factcheck ")
    proc = _run("check", "--help", cwd=tmp_path)
    assert proc.returncode == 0
    for option in ("--jobs", "--include", "--exclude", "--config", "--isolated", "--baseline",
                   "--write-baseline", "--fail-on", "--exit-zero", "--no-progress"):
        assert option in proc.stdout


def test_startup_imports_nothing_heavy():
    code = ("import sys, factcheck.cli; factcheck.cli.build_parser(); "
            "heavy = [m for m in ('rich', 'pint', 'networkx', 'yaml', 'jinja2', 'concurrent.futures',"
            " 'factcheck.extraction', 'factcheck.rules_engine', 'factcheck.workflow.batch')"
            " if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, check=False,
                         text=True, timeout=60)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr


# --------------------------------------------------------------------------- exit codes

@pytest.mark.parametrize("args, code", [
    (["clean.txt"], 0),
    (["change.txt"], 1),
    (["clean.txt", "change.txt"], 1),
    (["change.txt", "--exit-zero"], 0),
    (["change.txt", "--fail-on", "never"], 0),
    (["article.md", "--select", "rate-vs-total"], 0),                     # info only
    (["article.md", "--select", "rate-vs-total", "--fail-on", "info"], 1),
    (["article.md", "--select", "rate-vs-total", "--fail-on", "warning"], 0),
    (["article.md", "--select", "no-such-rule"], 0),                      # fine: selects nothing
    (["change.txt", "--ignore", "arithmetic"], 0),
    (["clean.txt", "missing.txt"], 2),
    (["change.txt", "missing.txt", "--exit-zero"], 2),
])
def test_exit_codes(tmp_path, capsys, monkeypatch, args, code):
    _files(tmp_path)
    monkeypatch.chdir(tmp_path)
    got = main(["check", "--isolated", "--format", "json", "--jobs", "1", *args])
    out, err = capsys.readouterr()
    assert got == code, err
    for line in out.splitlines():
        json.loads(line)


@pytest.mark.parametrize("args, expect", [
    (["missing.md"], "factcheck: missing.md: no such file"),
    (["emptydir"], "factcheck: emptydir: no files to check"),
    (["*.nothing"], "factcheck: *.nothing: no file matches"),
    (["clean.txt", "--published", "2025-02-30"], "--published: expected YYYY-MM-DD"),
    (["clean.txt", "--published", "yesterday"], "--published: expected YYYY-MM-DD"),
    (["clean.txt", "--rules", "nowhere"], "factcheck: --rules nowhere: not a folder"),
    (["clean.txt", "--rules", "badrules"], "badrules/bad-rule.yaml"),
    (["clean.txt", "--config", "nope.toml"], "factcheck: nope.toml: no such file"),
    (["clean.txt", "--jobs", "many"], "--jobs: expected a whole number"),
    (["clean.txt", "--format", "xml"], "invalid choice: 'xml'"),
    (["clean.txt", "-o", "no/such/dir/out.json"], "-o no/such/dir/out.json: cannot write"),
    (["binary.txt"], "factcheck: binary.txt: cannot decode"),
    (["broken.docx"], "factcheck: broken.docx: not a .docx file"),
    (["clean.txt", "--baseline", "nope.json"], "nope.json: no such baseline file"),
    (["clean.txt", "--config", "bad.toml"], "factcheck: bad.toml: invalid TOML"),
])
def test_input_errors_are_one_line_exit_2_no_traceback(tmp_path, args, expect):
    _files(tmp_path)
    (tmp_path / "emptydir").mkdir()
    (tmp_path / "badrules").mkdir()
    (tmp_path / "badrules" / "bad-rule.yaml").write_text("id: bad-rule\nname: [\n", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "broken.docx").write_bytes(b"not a zip")
    (tmp_path / "bad.toml").write_text("= nope\n", encoding="utf-8")
    proc = _run("check", "--isolated" if "--config" not in args else "--no-progress", *args,
                cwd=tmp_path)
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    assert expect in lines[0]


def test_extract_and_claims_take_folders_and_report_bad_files(tmp_path):
    _files(tmp_path)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "x.txt").write_text(CHANGE, encoding="utf-8")
    proc = _run("extract", "--isolated", "--format", "json", ".", "missing.txt", cwd=tmp_path)
    assert proc.returncode == 2
    assert [json.loads(x)["source"] for x in proc.stdout.splitlines()] == [
        "article.md", "change.txt", "clean.txt", "sub/x.txt"]
    assert proc.stderr == "factcheck: missing.txt: no such file\n"
    proc = _run("claims", "--isolated", "--format", "json", "sub", cwd=tmp_path)
    assert proc.returncode == 0 and json.loads(proc.stdout)["claims"]


# --------------------------------------------------------------------------- inputs, outputs

def test_stdin(tmp_path):
    proc = _run("check", "--isolated", "--format", "json", "-", cwd=tmp_path, input=CHANGE)
    assert proc.returncode == 1
    report = json.loads(proc.stdout)
    assert report["source"] == "<stdin>" and report["findings"]
    assert proc.stderr == ""


def test_include_exclude_flags(tmp_path, capsys, monkeypatch):
    _files(tmp_path)
    monkeypatch.chdir(tmp_path)
    main(["check", "--isolated", "--format", "json", "--jobs", "1", ".", "--include", "*.txt",
          "--exclude", "clean*"])
    out = capsys.readouterr().out
    assert [json.loads(x)["source"] for x in out.splitlines()] == ["change.txt"]


def test_output_file_sarif(tmp_path):
    _files(tmp_path)
    proc = _run("check", "--isolated", "--format", "sarif", "-o", "out.sarif", ".", cwd=tmp_path)
    assert proc.returncode == 1 and proc.stdout == ""
    sarif = json.loads((tmp_path / "out.sarif").read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0"
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in sarif["runs"][0]["results"] if r.get("locations")}
    assert "change.txt" in uris


def test_format_from_config_and_json_extra_fields(tmp_path):
    _files(tmp_path)
    (tmp_path / ".factcheck.toml").write_text("format = 'github'\n", encoding="utf-8")
    proc = _run("check", "change.txt", cwd=tmp_path)
    assert proc.stdout.startswith("::error ")
    proc = _run("check", "--format", "json", "change.txt", cwd=tmp_path)
    report = json.loads(proc.stdout)
    assert report["schema"] == "factcheck.report/1"
    assert report["suppressed"] == [] and report["unused_suppressions"] == []


def test_one_file_piped_has_no_summary_line(tmp_path):
    _files(tmp_path)
    proc = _run("check", "--isolated", "--format", "json", "change.txt", cwd=tmp_path)
    assert proc.stderr == ""


def test_parser_options_list():
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, type(parser._subparsers._group_actions[0])))
    check = sub.choices["check"]
    flags = {s for a in check._actions for s in a.option_strings}
    assert {"--jobs", "-j", "--include", "--exclude", "--config", "--isolated", "--baseline",
            "--write-baseline", "--no-progress", "-o", "-q", "--color", "--rules", "--select",
            "--ignore", "--published", "--fail-on", "--exit-zero", "--format"} <= flags


# --------------------------------------------------------------------------- integration files

def test_pre_commit_manifest():
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    [hook] = [h for h in hooks if h["id"] == "factcheck"]
    assert hook["entry"] == "factcheck check"
    assert hook["language"] == "python"
    assert {"markdown", "text", "html"} <= set(hook["types_or"])
    for required in ("id", "name", "entry", "language"):
        assert hook[required]


def test_ci_doc_has_the_sarif_workflow():
    text = (REPO / "docs" / "ci.md").read_text(encoding="utf-8")
    assert "factcheck check --format sarif -o factcheck.sarif" in text
    assert "github/codeql-action/upload-sarif" in text
    assert "--format github" in text
    blocks = text.split("```yaml")[1:]
    for block in blocks:
        yaml.safe_load(block.split("```")[0])          # every YAML example parses
