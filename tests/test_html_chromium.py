"""The HTML report in a real browser: headless Chromium opens it, dumps the DOM, screenshots it.

The article carries scripts that would change the page's title and body if they ran; the
dumped DOM must show them as text only. Skips when no Chromium can be found or started
(Debian: ``apt-get install chromium fonts-noto-cjk``).
"""
from __future__ import annotations

import os
import shutil
import struct
import subprocess
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest
from test_report_data import all_reports, en_report, sample_rules, zh_report

from factcheck.report import render

PAYLOAD = ("<script>document.title='pwned';document.body.setAttribute('data-pwned','script')"
           "</script> and <img src=x onerror=\"document.body.setAttribute('data-pwned','img')\">")
TIMEOUT = 90


def _chromium() -> str:
    for name in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser", "google-chrome",
                 "google-chrome-stable"):
        if name and (path := shutil.which(name)):
            return path
    pytest.skip("no Chromium found (apt-get install chromium)")


def _run(tmp_path: Path, url: str, *extra: str) -> subprocess.CompletedProcess[str]:
    cmd = [_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--no-first-run", "--no-default-browser-check", "--mute-audio",
           f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1200,1600", *extra, url]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT,
                              stdin=subprocess.DEVNULL, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        pytest.skip(f"Chromium could not be started: {exc}")
    if done.returncode != 0:
        pytest.skip(f"Chromium exited {done.returncode}: {done.stderr.strip()[-300:]}")
    return done


class _Dom(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self._in_title = False
        self.title = ""

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        self._in_title = False

    def handle_data(self, data):
        self.text.append(data)
        if self._in_title:
            self.title += data


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> Path:
    report = en_report()
    claim = report.claims[1]
    text = report.extraction.document.text.replace(
        "<script>alert(1)</script> and <img src=x onerror=alert(1)>", PAYLOAD)
    # keep offsets right: rebuild the second claim and its figures around the longer payload
    shift = len(text) - len(report.extraction.document.text)
    figures = tuple(replace(f, start=f.start + shift, end=f.end + shift) if f.start > claim.start
                    else f for f in report.extraction.figures)
    claims = (report.claims[0], replace(claim, end=claim.end + shift,
                                        text=text[claim.start:claim.end + shift]))
    doc = replace(report.extraction.document, text=text)
    hostile = replace(report, extraction=replace(report.extraction, document=doc, figures=figures),
                      claims=claims)
    for f in hostile.extraction.figures:
        assert text[f.start:f.end] == f.text
    path = tmp_path_factory.mktemp("html") / "report.html"
    path.write_text(render("html", [zh_report(), hostile, all_reports()[2]], rules=sample_rules()),
                    encoding="utf-8")
    return path


def test_findings_are_in_the_dom_and_the_article_script_did_not_run(page, tmp_path):
    done = _run(tmp_path, page.as_uri(), "--virtual-time-budget=2000", "--dump-dom")
    dom = _Dom()
    dom.feed(done.stdout)
    text = "".join(dom.text)
    assert "pwned" not in dom.title and dom.title.startswith("factcheck report")
    body = next(attrs for tag, attrs in dom.tags if tag == "body")
    assert "data-pwned" not in body
    assert not [t for t, _ in dom.tags if t in ("script", "img", "b")]
    assert "<script>document.title='pwned'" in text                      # shown, as text
    for report in (zh_report(), en_report()):
        for f in report.findings:
            if f.rule != "shares-sum":
                assert f.message in text
    assert "Shares of one whole add up to 105%" in text
    cards = [a for t, a in dom.tags if t == "article" and "finding" in a.get("class", "")]
    assert len(cards) == 5
    assert len([t for t, _ in dom.tags if t == "svg"]) == 1


def test_screenshot(page, tmp_path):
    shot = tmp_path / "shot.png"
    _run(tmp_path, page.as_uri(), f"--screenshot={shot}")
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1200, 1600)
    assert len(data) > 20_000              # a blank page compresses to a few KB
