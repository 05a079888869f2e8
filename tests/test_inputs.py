"""Inputs: files, -, folders and globs -> the files to check, in input order."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from factcheck.workflow.inputs import DEFAULT_INCLUDE, expand, matches

REPO = Path(__file__).resolve().parents[1]


def _touch(root: Path, *names: str, text: str = "x") -> None:
    for name in names:
        p = root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")


def _rel(paths, root: Path) -> list[str]:
    return [p if p == "-" else Path(p).relative_to(root).as_posix() for p in paths]


def test_default_include_covers_every_ingested_suffix():
    assert set(DEFAULT_INCLUDE) == {"*.txt", "*.md", "*.markdown", "*.html", "*.htm", "*.docx"}


def test_folder_walk_is_recursive_sorted_and_filtered(tmp_path):
    _touch(tmp_path, "b.md", "a/z.txt", "a/b/c.html", "a.md", "x.png", "notes.markdown",
           "page.HTM", "doc.docx", ".hidden.md", ".git/config.md", "a/.cache/y.txt")
    got = expand([str(tmp_path)])
    assert got.problems == ()
    assert _rel(got.paths, tmp_path) == ["a/b/c.html", "a/z.txt", "a.md", "b.md", "doc.docx",
                                         "notes.markdown", "page.HTM"]


def test_arguments_keep_their_order_and_files_appear_once(tmp_path):
    _touch(tmp_path, "one.md", "two.txt", "dir/three.md")
    args = [str(tmp_path / "two.txt"), str(tmp_path / "dir"), str(tmp_path / "one.md"),
            str(tmp_path / "two.txt"), os.path.join(str(tmp_path), ".", "one.md")]
    got = expand(args)
    assert _rel(got.paths, tmp_path) == ["two.txt", "dir/three.md", "one.md"]


def test_a_named_file_is_taken_whatever_its_suffix_and_a_missing_one_is_passed_on(tmp_path):
    _touch(tmp_path, "article.rst")
    got = expand([str(tmp_path / "article.rst"), str(tmp_path / "missing.md")])
    assert _rel(got.paths, tmp_path) == ["article.rst", "missing.md"]
    assert got.problems == ()          # reading the missing file reports it, in its place


def test_include_and_exclude(tmp_path):
    _touch(tmp_path, "a.md", "b.txt", "drafts/c.md", "archive/2020/d.md", "archive/e.md")
    root = str(tmp_path)
    assert _rel(expand([root], include=["*.md"]).paths, tmp_path) == [
        "a.md", "archive/2020/d.md", "archive/e.md", "drafts/c.md"]
    assert _rel(expand([root], exclude=["drafts"]).paths, tmp_path) == [
        "a.md", "archive/2020/d.md", "archive/e.md", "b.txt"]
    assert _rel(expand([root], exclude=["archive/2020"]).paths, tmp_path) == [
        "a.md", "archive/e.md", "b.txt", "drafts/c.md"]
    assert _rel(expand([root], exclude=["archive/*", "*.txt"]).paths, tmp_path) == [
        "a.md", "drafts/c.md"]


def test_patterns_ignore_case():
    assert matches("README.MD", "README.MD", "README.MD", ["*.md"])
    assert not matches("readme.mdx", "readme.mdx", "readme.mdx", ["*.md"])


def test_globs_expand_sorted_and_filtered(tmp_path):
    _touch(tmp_path, "a/x.md", "a/y.md", "b/z.md", "b/w.png", "b/deep/v.txt")
    got = expand([str(tmp_path / "**" / "*.md")])
    assert _rel(got.paths, tmp_path) == ["a/x.md", "a/y.md", "b/z.md"]
    got = expand([str(tmp_path / "b" / "*")])           # a folder matched by a glob is walked
    assert _rel(got.paths, tmp_path) == ["b/deep/v.txt", "b/z.md"]


def test_nothing_to_check_is_a_problem_line(tmp_path):
    (tmp_path / "empty").mkdir()
    _touch(tmp_path, "pics/a.png")
    got = expand([str(tmp_path / "empty"), str(tmp_path / "pics"), str(tmp_path / "*.nope")])
    assert got.paths == ()
    assert len(got.problems) == 3
    assert all("\n" not in p for p in got.problems)
    assert "no files to check" in got.problems[0] and "no file matches" in got.problems[2]


def test_stdin_is_kept_in_place():
    got = expand(["-"])
    assert got.paths == ("-",)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_walk_skips_fifos_and_folder_links(tmp_path):
    _touch(tmp_path, "a.md", "sub/b.md")
    os.mkfifo(tmp_path / "pipe.md")
    os.symlink(tmp_path / "sub", tmp_path / "link")
    os.symlink(tmp_path / "a.md", tmp_path / "alias.md")      # a link to a file is a file
    got = expand([str(tmp_path)])
    assert _rel(got.paths, tmp_path) == ["a.md", "alias.md", "sub/b.md"]
    assert _rel(expand([str(tmp_path / "*.md")]).paths, tmp_path) == ["a.md", "alias.md"]


def test_ten_thousand_files(tmp_path):
    for i in range(10_000):
        d = tmp_path / f"d{i % 20:02d}"
        if i < 20:
            d.mkdir()
        (d / f"a{i:05d}.txt").write_bytes(b"")
    t = time.perf_counter()
    got = expand([str(tmp_path)])
    elapsed = time.perf_counter() - t
    assert len(got.paths) == 10_000
    assert got.paths == tuple(sorted(got.paths))
    assert elapsed < 20


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_cli_folder_with_a_fifo_does_not_hang(tmp_path):
    (tmp_path / "a.txt").write_text("Sales rose 2% to $11.1bn from $10.2bn.\n", encoding="utf-8")
    os.mkfifo(tmp_path / "b.txt")
    proc = subprocess.run([sys.executable, "-m", "factcheck", "check", "--format", "json",
                           "--isolated", str(tmp_path)], capture_output=True, check=False, text=True,
                          timeout=120, cwd=tmp_path, stdin=subprocess.DEVNULL)
    assert proc.returncode in (0, 1), proc.stderr
    assert len(proc.stdout.splitlines()) == 1
    assert "Traceback" not in proc.stderr
