"""Hardening (issue 6): hostile and broken inputs through the whole pipeline and the CLI.

Nothing here may produce a traceback, a hang, network access, a file written outside the
output path, or executed code. Each input ends in a report or in one clean error line:

* articles: invalid UTF-8, NUL bytes, RTL overrides and zero-width characters, lone
  surrogates, terminal escapes;
* HTML: 10,000 levels of nesting, malformed markup, hostile character references;
* .docx: zip bombs (declared, by ratio, with a lying central directory, by member count),
  external entities (file and http, to a local listener that must never be called),
  billion laughs, DOCTYPEs in other parts and encodings;
* the CLI: a FIFO nobody writes to, a folder of 10,000 files with ``--jobs 2``;
* rule files given with ``--rules DIR``: YAML object tags, alias bombs, formula escapes
  and CPU bombs -> exit 2, one stderr line naming the file, no traceback;
* the HTML report: ``<script>`` and ``onerror=`` from the article, the file name and a
  rule's texts stay text;
* the fuzz targets in tests/fuzz run for a few seconds each under hypothesis.
"""
from __future__ import annotations

import functools
import html.parser
import importlib.util
import io
import json
import math
import os
import resource
import select
import signal
import socket
import struct
import subprocess
import sys
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

import pytest

from factcheck.api import check_document
from factcheck.errors import InputError, RuleFileError
from factcheck.ingest import load_bytes, load_text
from factcheck.model import Finding
from factcheck.report import RenderOptions, render, write

REPO = Path(__file__).resolve().parents[1]
PUBLISHED = "2025-11-10"
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
XSS = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>")


# --------------------------------------------------------------------------- helpers

@pytest.fixture(scope="module")
def rules():
    from factcheck.rules_engine import default_rules_dir, load_rules

    return load_rules([default_rules_dir()])


def _refuse(const: str):
    raise ValueError(f"non-standard JSON constant {const}")


def _json_lines(s: str) -> list[dict]:
    return [json.loads(line, parse_constant=_refuse) for line in s.split("\n") if line.strip()]


def _assert_report_ok(report, rules) -> None:
    """Offsets round-trip, ids resolve, every format renders, JSON/SARIF are strict JSON."""
    text = report.extraction.document.text
    prev = 0
    ids = set()
    for f in report.extraction.figures:
        assert 0 <= f.start < f.end <= len(text) and text[f.start:f.end] == f.text, f
        assert f.start >= prev, f"{f.id} overlaps the figure before it"
        prev = f.end
        ids.add(f.id)
        for attr in ("value", "low", "high", "step", "scale"):
            v = getattr(f, attr)
            assert v is None or isinstance(v, str) or math.isfinite(v), (f.id, attr, v)
    for finding in report.findings:
        assert set(finding.figures) <= ids
    for c in report.claims:
        assert text[c.start:c.end] == c.text
    _json_lines(render("json", [report], rules=rules)).pop()
    json.loads(render("sarif", [report], rules=rules), parse_constant=_refuse)
    for fmt in ("html", "markdown", "github", "rich"):
        render(fmt, [report], rules=rules, options=RenderOptions(color=False, width=100))


def _env() -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    env.pop("FACTCHECK_DEBUG", None)
    env["NO_COLOR"] = "1"
    return env


def _cli(*args: str, cwd: Path, timeout: float = 60) -> subprocess.CompletedProcess:
    """Run the CLI in its own process group; on timeout the whole group is killed and
    TimeoutExpired re-raised (so a hang fails the test instead of the suite)."""
    proc = subprocess.Popen([sys.executable, "-m", "factcheck", *args], cwd=cwd, env=_env(),
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def _no_traceback(err: str) -> None:
    assert "Traceback" not in err, err[-3000:]
    assert "internal error" not in err, err[-3000:]


# --------------------------------------------------------------------------- article bytes

INVALID_UTF8 = {
    "junk-bytes": b"Revenue \xff\xfe rose 5% to $3 billion \x80 in 2024.",
    "overlong": b"Revenue \xc0\xaf rose 5% to $3 billion in 2024.",
    "truncated": b"Revenue rose 5% to $3 billion in 2024. \xe4\xb8",
    "cesu-surrogates": b"Revenue \xed\xa0\x80\xed\xb0\x80 rose 5% to $3 billion in 2024.",
    "beyond-unicode": b"Revenue \xf4\x90\x80\x80 rose 5% to $3 billion.",
    "all-bytes": bytes(range(256)) * 8,
    "gb18030-plus-junk": "營收增長5%至30億美元，2024年。".encode("gb18030") + b"\xff\x80" * 3,
    "utf16-no-bom": "Revenue rose 5% to $3 billion in 2024.".encode("utf-16-le"),
    "utf16-odd": "Revenue rose 5%".encode("utf-16-le") + b"\x00",
    "nul-middle": b"Revenue rose 5%\x00 to $3 billion in 2024.",
    "nul-only": b"\x00" * 4096,
    "nul-run": b"Revenue rose 5% " + b"\x00" * 100 + b"to $3 billion.",
}


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", None])
@pytest.mark.parametrize("name", list(INVALID_UTF8))
def test_broken_bytes_give_a_report_or_an_input_error(name, fmt, rules):
    source = {"text": "a.txt", "markdown": "a.md", "html": "a.html", None: "article"}[fmt]
    try:
        doc = load_bytes(INVALID_UTF8[name], source, published=PUBLISHED, fmt=fmt)
    except InputError as e:
        assert str(e).startswith(source + ":") and "\n" not in str(e)
        return
    _assert_report_ok(check_document(doc, rules=rules), rules)


ODD_TEXT = {
    "rtl-override": "Revenue rose \u202e5% to $3\u202c billion in 2024.",
    "rtl-in-number": "Revenue rose 1\u202e2% to $3.5 billion in 2024.",
    "bidi-isolates": "營收\u2067增長5%\u2069至\u206630億美元\u2069。",
    "zero-width": "Revenue\u200b rose 5\u200b% to $3\u200c.5\u200d billion\u2060 in 20\ufeff24.",
    "zero-width-zh": "營\u200b收增長\u200d5%至30\u200b億美元。",
    "nul-str": "Revenue rose 5%\x00 to $3 billion\x00 in 2024.",
    "lone-surrogates": "Revenue \ud800 rose 5% to $3\udfff billion in \udc00 2024.",
    "split-pair": "營收\ud83d增長5%\ude00至30億美元。",
    "terminal-escapes": "Revenue \x1b[31mrose 5%\x1b[0m to $3 billion \x1b]0;pwned\x07 in 2024.",
    "c1-controls": "Revenue\x85 rose\x9b 5% to $3 billion\u2028 in 2024\u2029.",
    "combining": "Revenue rose 5\u0301% to $3\u0336 billion in 2024.",
}


@pytest.mark.parametrize("name", list(ODD_TEXT))
def test_odd_characters_keep_offsets_and_every_format_renders(name, rules):
    text = ODD_TEXT[name]
    for fmt in ("text", "markdown", "html"):
        doc = load_text(text, published=PUBLISHED, fmt=fmt)
        report = check_document(doc, rules=rules)
        _assert_report_ok(report, rules)
    assert load_text(text).text == text                 # text ingest changes nothing here


@pytest.mark.parametrize("fmt", ["rich", "table"])
def test_terminal_reports_strip_bidi_overrides_and_escapes(fmt, rules, tmp_path):
    text = ("Revenue \u202erose\u202c 5% to $3 billion in 2020 and $300 billion in 2024. "
            "\x1b[2J\x1b]0;title\x07Sales \u2066fell\u2069 20% to $12 billion.")
    report = check_document(load_text(text, source="a\u202etxt.md", published=PUBLISHED),
                            rules=rules)
    buf = io.StringIO()
    write(fmt, [report], rules=rules, options=RenderOptions(color=False, width=120), stream=buf)
    out = buf.getvalue()
    assert "\x1b" not in out, repr(out[:500])
    assert not any(c in out for c in BIDI), repr(out[:500])


@pytest.mark.parametrize("fmt", ["json", "sarif", "html", "markdown", "github", "rich"])
def test_lone_surrogates_can_be_written_as_utf8(fmt, rules):
    doc = load_text("Revenue \ud800 rose 5% to $3 billion\udfff in 2024.",
                    source="a\udc80.txt", published=PUBLISHED)
    report = check_document(doc, rules=rules)
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="utf-8", errors="strict", newline="\n")
    write(fmt, [report], rules=rules, options=RenderOptions(color=False), stream=stream)
    stream.flush()
    out = raw.getvalue().decode("utf-8")
    if fmt == "json":
        _json_lines(out)
    if fmt == "sarif":
        json.loads(out, parse_constant=_refuse)


@pytest.mark.parametrize("fmt", ["json", "sarif", "html", "markdown", "github", "rich"])
def test_a_file_name_that_is_not_utf8_reaches_every_output(tmp_path, fmt):
    """POSIX file names are bytes: b"caf\\xe9.txt" arrives as "caf\\udce9.txt" (surrogateescape)."""
    name = os.fsencode(tmp_path) + b"/caf\xe9.txt"
    with open(name, "wb") as f:
        f.write(b"Revenue was $20 billion in 2020 and $300 billion in 2024.\n")
    proc = _cli("check", os.fsdecode(b"caf\xe9.txt"), "--format", fmt, "-o", f"out.{fmt}",
                "--isolated", "--published", PUBLISHED, cwd=tmp_path)
    _no_traceback(proc.stderr)
    assert proc.returncode in (0, 1), proc.stderr
    out = (tmp_path / f"out.{fmt}").read_bytes().decode("utf-8")
    if fmt == "json":
        _json_lines(out)
    elif fmt == "sarif":
        json.loads(out, parse_constant=_refuse)
    elif fmt == "html":
        _assert_inert(out)


# --------------------------------------------------------------------------- HTML in

def _deep(tag: str, n: int, inner: str, close: bool = True) -> bytes:
    end = f"</{tag}>" * n if close else ""
    return (f"<html><body>{f'<{tag}>' * n}{inner}{end}</body></html>").encode()


SENTENCE = "Revenue rose 5% to $3 billion in 2024."
DEEP_HTML = {
    "div-10000": _deep("div", 10_000, SENTENCE),
    "unclosed-b-10000": _deep("b", 10_000, SENTENCE, close=False),
    "span-div-10000": ("<html><body>" + "<div><span>" * 5_000 + SENTENCE
                       + "</span></div>" * 5_000 + "</body></html>").encode(),
    "table-3000": ("<html><body>" + "<table><tr><td>" * 3_000 + SENTENCE
                   + "</body></html>").encode(),
    "blockquote-10000-p": _deep("blockquote", 10_000, f"<p>{SENTENCE}</p>"),
}


@pytest.mark.parametrize("name", list(DEEP_HTML))
def test_deeply_nested_html_keeps_its_text(name, rules):
    data = DEEP_HTML[name]
    t0 = time.process_time()
    doc = load_bytes(data, "deep.html", published=PUBLISHED, fmt="html")
    report = check_document(doc, rules=rules)
    spent = time.process_time() - t0
    assert spent < 10, f"{spent:.1f} CPU s for {len(data):,} bytes of nested HTML"
    assert "$3 billion" in doc.text, "text below the nesting limit was silently dropped"
    assert {f.text for f in report.extraction.figures} >= {"5%", "$3 billion"}
    _assert_report_ok(report, rules)


MALFORMED_HTML = {
    "unclosed": b"<html><body><p>Revenue <b>rose <i>5% <p>to $3 billion <table><tr><td>in 2024",
    "stray-ends": b"</p></div></body></html><p>Revenue rose 5%</i></b></table> to $3 billion.",
    "open-comment": b"<html><body><p>Revenue rose 5%.</p><!-- to $3 billion <p>never closed",
    "cdata": b"<html><body><p><![CDATA[ 7% ]]> Revenue rose 5% to $3 billion.</p>",
    "charrefs": (b"<html><body><p>Revenue &#0; rose &#xD800; 5% &#x110000; to &#99999999999; "
                 b"$3 &bogus; billion &amp in 2024 &#x202E;.</p></body></html>"),
    "lt-flood": b"<html><body><p>" + b"<" * 10_000 + b" Revenue rose 5%</p></body></html>",
    "attr-junk": (b"<html><body><p class='x id=\"y>Revenue rose 5%</p><p a=b=c \"d\" e='>"
                  b"to $3 billion</p></body></html>"),
    "truncated": b"<html><body><p>Revenue rose 5% to $3 bil",
    "truncated-tag": b"<html><body><p>Revenue rose 5% to $3 billion.</p><di",
    "nul-in-html": b"<html><body><p>Revenue rose 5%\x00 to $3 billion.</p></body></html>",
    "script-style": (b"<html><head><style>p{width:77%}</style></head><body><p>Revenue rose 5%."
                     b"</p><script>var x = '$9 billion'; alert(1)</script></body></html>"),
    "svg-math": (b"<html><body><svg><text>$8 billion</text><script>alert(1)</script></svg>"
                 b"<math><mi>9%</mi></math><p>Revenue rose 5%.</p></body></html>"),
    "xml-doctype-entities": (b"<?xml version='1.0'?><!DOCTYPE html [<!ENTITY x SYSTEM "
                             b"'file:///etc/passwd'><!ENTITY l 'lol'>]><html><body><p>&x; &l; "
                             b"Revenue rose 5%.</p></body></html>"),
    "meta-charset-lie": (b"<html><head><meta charset='utf-16'></head><body><p>Revenue rose 5% "
                         b"to $3 billion.</p></body></html>"),
    "meta-charset-bogus": (b"<html><head><meta charset='x-no-such-codec\x00'></head><body><p>"
                           b"\xe7\x87\x9f\xe6\x94\xb6 5%</p></body></html>"),
    "not-html": bytes(range(256)),
    "empty": b"",
    "only-tags": b"<html><head></head><body></body></html>",
}


@pytest.mark.parametrize("name", list(MALFORMED_HTML))
def test_malformed_html_gives_a_report_or_an_input_error(name, rules):
    data = MALFORMED_HTML[name]
    t0 = time.process_time()
    try:
        doc = load_bytes(data, "page.html", published=PUBLISHED, fmt="html")
    except InputError as e:
        assert str(e).startswith("page.html:") and "\n" not in str(e)
        return
    report = check_document(doc, rules=rules)
    assert time.process_time() - t0 < 5
    assert "alert(" not in doc.text and "$9 billion" not in doc.text, "script text became article"
    assert "root:" not in doc.text, "an external entity was resolved"
    _assert_report_ok(report, rules)


def test_many_empty_paragraphs_stay_within_30_s_per_mb(record_property):
    """50,000 empty <p> elements: not a hang, and linear. The time is trafilatura's (about 70%);
    the issue sets no bound for HTML, so this guards against a blow-up, not for speed."""
    data = b"<html><body>" + b"<p>" * 50_000 + SENTENCE.encode() + b"</body></html>"
    load_bytes(b"<html><body><p>warm 5%</p></body></html>", "w.html", fmt="html")
    t0 = time.process_time()
    doc = load_bytes(data, "p.html", fmt="html")
    rate = (time.process_time() - t0) / (len(data) / 1e6)
    record_property("html_empty_paragraphs.seconds_per_mb", round(rate, 3))
    print(f"HTML with 50,000 empty <p>: {rate:.2f} CPU s per MB")
    assert "5%" in doc.text
    assert rate <= 30.0, f"HTML ingest took {rate:.1f} CPU s per MB (budget 30)"


# --------------------------------------------------------------------------- .docx in

def _make_docx(body_xml: str = "", extra: dict[str, bytes] | None = None,
               document: bytes | None = None, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    fe = _load_fuzz("fuzz_extract")          # the fuzz target's minimal .docx parts
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as z:
        z.writestr("[Content_Types].xml", fe.CONTENT_TYPES)
        z.writestr("_rels/.rels", fe.RELS)
        z.writestr("word/document.xml",
                   document if document is not None else fe.DOCUMENT.format(body=body_xml))
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return buf.getvalue()


def _para(text: str) -> str:
    return f'<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _doc_with_doctype(doctype: str, body_text: str) -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="no"?>{doctype}'
            f'<w:document {W_NS}><w:body>{_para(body_text)}</w:body></w:document>').encode()


def _lie_about_sizes(data: bytes, member: str, size: int) -> bytes:
    """Patch the local header and central directory so ``member`` claims ``size`` bytes."""
    buf = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        info = z.getinfo(member)
        start_dir = z.start_dir
    struct.pack_into("<I", buf, info.header_offset + 22, size)
    pos = start_dir
    while buf[pos:pos + 4] == b"PK\x01\x02":
        n, m, k = struct.unpack_from("<HHH", buf, pos + 28)
        name = bytes(buf[pos + 46:pos + 46 + n]).decode()
        if name == member:
            struct.pack_into("<I", buf, pos + 24, size)
        pos += 46 + n + m + k
    return bytes(buf)


class _Listener:
    """A local TCP server that only records whether anyone connected."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.port = self.sock.getsockname()[1]

    def contacted(self) -> bool:
        ready, _, _ = select.select([self.sock], [], [], 0.2)
        return bool(ready)

    def close(self) -> None:
        self.sock.close()


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@pytest.fixture
def secret(tmp_path):
    p = tmp_path / "secret.txt"
    p.write_text("SECRET-MARKER-4242", encoding="utf-8")
    return p


def _empty_zip() -> bytes:
    buf = io.BytesIO()
    zipfile.ZipFile(buf, "w").close()
    return buf.getvalue()


def _docx_cases(tmp_path: Path, secret: Path, port: int) -> dict[str, bytes]:
    big = 60 * 1024 * 1024
    doc_xml_head = f'<?xml version="1.0" encoding="UTF-8"?><w:document {W_NS}><w:body>'
    bomb_doc = (doc_xml_head + _para("Revenue rose 5%.") + "<!--" + " " * big + "-->"
                + "</w:body></w:document>").encode()
    small_doc_for_lie = (doc_xml_head + _para("Revenue rose 5%.") + "<!--" + " " * (8 * 1024 * 1024)
                         + "-->" + "</w:body></w:document>").encode()
    lol = "".join(f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    billion = f'<!DOCTYPE w:document [<!ENTITY l0 "lol">{lol}]>'
    many = {f"word/media/p{i}.bin": b"x" for i in range(2_100)}
    cases = {
        "declared-bomb": _make_docx(document=bomb_doc),
        "ratio-bomb-media": _make_docx(_para("Revenue rose 5%."),
                                       extra={"word/media/image1.png": b"\0" * (40 * 1024 * 1024)}),
        "lying-central-directory": _lie_about_sizes(_make_docx(document=small_doc_for_lie),
                                                    "word/document.xml", 2_000),
        "too-many-members": _make_docx(_para("Revenue rose 5%."), extra=many),
        "xxe-file": _make_docx(document=_doc_with_doctype(
            f'<!DOCTYPE w:document [<!ENTITY x SYSTEM "file://{secret}">]>', "Revenue &x; 5%")),
        "xxe-http": _make_docx(document=_doc_with_doctype(
            f'<!DOCTYPE w:document [<!ENTITY x SYSTEM "http://127.0.0.1:{port}/x">]>',
            "Revenue &x; 5%")),
        "xxe-parameter-entity": _make_docx(document=_doc_with_doctype(
            f'<!DOCTYPE w:document [<!ENTITY % p SYSTEM "http://127.0.0.1:{port}/p.dtd"> %p;]>',
            "Revenue 5%")),
        "external-dtd": _make_docx(document=_doc_with_doctype(
            f'<!DOCTYPE w:document SYSTEM "http://127.0.0.1:{port}/d.dtd">', "Revenue 5%")),
        "billion-laughs": _make_docx(document=_doc_with_doctype(billion, "Revenue &l9; 5%")),
        "doctype-in-core-props": _make_docx(_para("Revenue rose 5%."), extra={
            "docProps/core.xml": (f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY x SYSTEM '
                                  f'"http://127.0.0.1:{port}/c">]><x>&x;</x>').encode()}),
        "doctype-utf16": _make_docx(document=_doc_with_doctype(
            f'<!DOCTYPE w:document [<!ENTITY x SYSTEM "file://{secret}">]>', "Revenue &x; 5%")
            .decode().replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")),
        "doctype-utf32": _make_docx(document=_doc_with_doctype(
            f'<!DOCTYPE w:document [<!ENTITY x SYSTEM "file://{secret}">'
            f'<!ENTITY y SYSTEM "http://127.0.0.1:{port}/y">]>', "Revenue &x; &y; 5%")
            .decode().replace('encoding="UTF-8"', 'encoding="UTF-32"').encode("utf-32")),
        "doctype-after-comment": _make_docx(document=(
            '<?xml version="1.0"?><!--' + " " * 70_000 + '-->'
            + f'<!DOCTYPE w:document [<!ENTITY x SYSTEM "file://{secret}">]>'
            + f'<w:document {W_NS}><w:body>{_para("Revenue &x; 5%")}</w:body></w:document>'
        ).encode()),
        "path-traversal-names": _make_docx(_para("Revenue rose 5%."), extra={
            "../../escaped.xml": b"<x/>", "/abs/escaped2.xml": b"<x/>"}),
        "stored-not-deflated": _make_docx(_para("Revenue rose 5% to $3 billion."),
                                          compression=zipfile.ZIP_STORED),
        "not-a-zip": b"PK\x03\x04" + os.urandom(2048),
        "truncated-zip": _make_docx(_para("Revenue rose 5%."))[:-40],
        "empty-zip": _empty_zip(),
    }
    return cases


DOCX_NAMES = ["declared-bomb", "ratio-bomb-media", "lying-central-directory", "too-many-members",
              "xxe-file", "xxe-http", "xxe-parameter-entity", "external-dtd", "billion-laughs",
              "doctype-in-core-props", "doctype-utf16", "doctype-utf32", "doctype-after-comment",
              "path-traversal-names", "stored-not-deflated", "not-a-zip", "truncated-zip",
              "empty-zip"]


@pytest.fixture(scope="module")
def docx_env(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("docx")
    secret = tmp / "secret.txt"
    secret.write_text("SECRET-MARKER-4242", encoding="utf-8")
    listener = _Listener()
    cases = _docx_cases(tmp, secret, listener.port)
    yield tmp, cases, listener
    listener.close()


def test_a_plain_docx_is_read(rules):
    data = _make_docx(_para("Revenue rose 5% to $3 billion in 2024.") + _para("營收增長5%。"))
    doc = load_bytes(data, "ok.docx", published=PUBLISHED)
    assert "Revenue rose 5% to $3 billion in 2024." in doc.text and "營收增長5%。" in doc.text
    _assert_report_ok(check_document(doc, rules=rules), rules)


@pytest.mark.parametrize("name", DOCX_NAMES)
def test_hostile_docx_is_refused_or_read_safely(name, docx_env, rules, monkeypatch):
    tmp, cases, listener = docx_env
    data = cases[name]
    connects: list = []
    real_connect = socket.socket.connect

    def spy(self, address):
        connects.append(address)
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", spy)
    cwd_before = set(os.listdir(tmp))
    rss0 = _rss_mb()
    t0 = time.perf_counter()
    try:
        doc = load_bytes(data, f"{name}.docx", published=PUBLISHED)
    except InputError as e:
        msg = str(e)
        assert msg.startswith(f"{name}.docx:") and "\n" not in msg, msg
        doc = None
    elapsed = time.perf_counter() - t0
    assert elapsed < 10, f"{elapsed:.1f} s"
    assert _rss_mb() - rss0 < 500, f"peak memory grew by {_rss_mb() - rss0:.0f} MB"
    assert not connects, f"network access attempted: {connects}"
    assert not listener.contacted(), "the local listener was contacted (entity or DTD fetched)"
    assert set(os.listdir(tmp)) == cwd_before
    assert not (tmp.parent / "escaped.xml").exists()
    if name in ("declared-bomb", "ratio-bomb-media", "lying-central-directory",
                "too-many-members", "billion-laughs", "not-a-zip", "truncated-zip", "empty-zip"):
        assert doc is None, f"{name} should be refused, got text {doc.text[:80]!r}"
    if doc is not None:
        assert "SECRET-MARKER" not in doc.text, "an external entity was expanded"
        assert "lollollol" not in doc.text, "an internal entity was expanded"
        _assert_report_ok(check_document(doc, rules=rules), rules)


# --------------------------------------------------------------------------- the CLI: FIFOs

def _release(fifo: Path) -> None:
    """Give any reader still blocked on the FIFO an end of file."""
    try:
        fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
    except OSError:
        return
    os.close(fd)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_fifo_without_a_writer_does_not_hang_the_cli(tmp_path, jobs):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    (tmp_path / "ok.txt").write_text("Revenue rose 5% to $3 billion in 2024.\n", encoding="utf-8")
    args = ["check", "pipe.txt", "ok.txt", "--format", "json", "--jobs", jobs, "--isolated"]
    try:
        proc = _cli(*args, cwd=tmp_path, timeout=10)
    except subprocess.TimeoutExpired:
        pytest.fail(f"`factcheck {' '.join(args)}` hung on a FIFO nobody writes to (killed after 10 s)")
    finally:
        _release(fifo)
    _no_traceback(proc.stderr)
    assert proc.returncode in (0, 1, 2), proc.stderr
    docs = _json_lines(proc.stdout)
    assert "ok.txt" in [d["source"] for d in docs]
    if "pipe.txt" not in [d["source"] for d in docs]:
        lines = [ln for ln in proc.stderr.splitlines() if "pipe.txt" in ln]
        assert len(lines) == 1, proc.stderr


def test_a_fifo_inside_a_folder_is_skipped(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    os.mkfifo(folder / "pipe.txt")
    (folder / "ok.txt").write_text("Revenue rose 5% to $3 billion in 2024.\n", encoding="utf-8")
    try:
        proc = _cli("check", "in", "--format", "json", "--jobs", "2", "--isolated",
                    cwd=tmp_path, timeout=30)
    except subprocess.TimeoutExpired:
        pytest.fail("the folder walk blocked on a FIFO")
    finally:
        _release(folder / "pipe.txt")
    _no_traceback(proc.stderr)
    assert proc.returncode in (0, 1), proc.stderr
    assert [d["source"] for d in _json_lines(proc.stdout)] == [os.path.join("in", "ok.txt")]


# --------------------------------------------------------------------------- the CLI: 10,000 files

def test_a_folder_of_10000_files_with_two_jobs(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    names = []
    for i in range(10_000):
        name = f"a{i:05d}.txt"
        (folder / name).write_bytes(f"{i % 97}%\n".encode())
        names.append(os.path.join("many", name))
    t0 = time.perf_counter()
    proc = _cli("check", "many", "--jobs", "2", "--format", "json", "--isolated",
                cwd=tmp_path, timeout=300)
    elapsed = time.perf_counter() - t0
    print(f"10,000 files, --jobs 2: {elapsed:.1f} s wall")
    _no_traceback(proc.stderr)
    assert proc.returncode in (0, 1), proc.stderr[-2000:]
    docs = _json_lines(proc.stdout)
    assert [d["source"] for d in docs] == names           # all of them, in input order


# --------------------------------------------------------------------------- the CLI: rule files

RULE_HEAD = """\
id: {id}
name: Hostile
category: growth.implied
check: growth.implied
severity: info
certainty: likely
summary: One line.
why: Because.
"""


def _billion_laughs(key: str) -> str:
    lines = ['  l0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 9):
        lines.append(f"  l{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    return f"{key}:\n" + "\n".join(lines) + "\n"


def _formula(src: str) -> str:
    return "formula: " + json.dumps(src) + "\n"


HOSTILE_RULES: dict[str, str] = {
    "tag-apply": "params:\n  warn_above: !!python/object/apply:os.system ['touch {marker}']\n",
    "tag-new": "params: !!python/object/new:subprocess.Popen [['touch', '{marker}']]\n",
    "tag-name": "formula: !!python/name:os.system\n",
    "tag-module": "why2: !!python/module:os\n",
    "tag-local": "params: !evil {{warn_above: 1}}\n",
    "tag-verbatim": "params: !<tag:yaml.org,2002:python/object/apply:os.system> ['touch {marker}']\n",
    "tag-directive": "%TAG !e! tag:yaml.org,2002:python/object/apply:\n---\n{head}params: !e!os.system ['touch {marker}']\n",
    "alias-bomb-params": _billion_laughs("params"),
    "alias-bomb-examples": _billion_laughs("examples"),
    "alias-flood": "params: {{" + ", ".join(f"k{i}: *a" for i in range(150)) + "}}\n",
    "alias-recursive": "params: &a [*a]\n",
    "merge-bomb": "params:\n  base: &b {{x: 1}}\n" + "".join(f"  m{i}: {{{{<<: *b}}}}\n" for i in range(120)),
    "deep-nesting": "params: " + "[" * 200 + "]" * 200 + "\n",
    "formula-import": _formula("__import__('os').system('touch {marker}')"),
    "formula-attribute": _formula("a.__class__.__bases__[0].__subclasses__()"),
    "formula-dunder-name": _formula("__builtins__"),
    "formula-subscript": _formula("a[0]"),
    "formula-format": _formula("'{{0.__class__}}'.format(a)"),
    "formula-fstring": _formula("f'{{a.__class__}}'"),
    "formula-lambda": _formula("(lambda: 1)()"),
    "formula-getattr": _formula("getattr(a, '__class__')"),
    "formula-comprehension": _formula("[x for x in (a, b)]"),
    "formula-walrus": _formula("(x := a)"),
    "formula-string-bomb": _formula("'a' * 10**9"),
    "formula-unicode-name": _formula("ａ + b"),
    "formula-too-long": _formula("+".join(["a"] * 400)),
    "formula-unary-flood": _formula("-" * 450 + "a"),
    "formula-huge-literal": _formula("a * 1" + "0" * 400),
    "formula-inf-literal": _formula("a * 1e999"),
    "cpu-bomb-9999": _formula("9**9**9**9"),
    "cpu-bomb-scaled": _formula("a * 10**10**10"),
    "cpu-bomb-in-base": _formula("(a + 9) ** 9**9**9"),
    "cpu-bomb-in-call": _formula("max(a, 999999**64**64)"),
    "cpu-bomb-exponent": _formula("(b / a) ** (1 / years) ** 9**9**9"),
    "control-character": "why2: \"x\"\x00\n",
    "bell-character": "summary2: x\x07\n",
    "not-utf8": None,                       # bytes, written below
    "too-large": "why2: " + "x" * 300_000 + "\n",
    "two-documents": "---\n{head}---\n{head}",
}
ACCEPTED_FOR_NOW: set[str] = set()          # none: every file above must be refused


def _write_rule(folder: Path, name: str, marker: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.yaml"
    body = HOSTILE_RULES[name]
    head = RULE_HEAD.format(id=name)
    if body is None:
        path.write_bytes(head.encode() + b"why2: caf\xe9\n")
        return path
    text = body.format(marker=marker, head=head)
    if "{head}" not in body:
        text = head + text
    path.write_text(text, encoding="utf-8", newline="\n")
    return path


def _run_rule_case(tmp: Path, name: str) -> tuple[str, subprocess.CompletedProcess | None, float]:
    case = tmp / name
    marker = case / "PWNED"
    _write_rule(case / "rules", name, marker)
    (case / "a.txt").write_text("Revenue was $20 billion in 2020 and $300 billion in 2024.\n",
                                encoding="utf-8")
    t0 = time.perf_counter()
    try:
        proc = _cli("check", "a.txt", "--rules", "rules", "--format", "json", "--isolated",
                    cwd=case, timeout=30)
    except subprocess.TimeoutExpired:
        proc = None
    return name, proc, time.perf_counter() - t0


@pytest.fixture(scope="module")
def rule_runs(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("rules")
    with ThreadPoolExecutor(max_workers=max(2, min(6, (os.cpu_count() or 2) * 2))) as pool:
        results = list(pool.map(lambda n: _run_rule_case(tmp, n), HOSTILE_RULES))
    return tmp, {name: (proc, secs) for name, proc, secs in results}


def test_a_valid_extra_rule_folder_is_accepted(tmp_path):
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "my-growth.yaml").write_text(
        RULE_HEAD.format(id="my-growth") + _formula("(b / a) ** (1 / years) - 1"), encoding="utf-8")
    (tmp_path / "a.txt").write_text("Revenue was $20 billion in 2020 and $300 billion in 2024.\n",
                                    encoding="utf-8")
    proc = _cli("check", "a.txt", "--rules", "rules", "--select", "my-growth", "--format", "json",
                "--isolated", cwd=tmp_path)
    _no_traceback(proc.stderr)
    assert proc.returncode in (0, 1), proc.stderr
    assert any(f["rule"] == "my-growth" for f in _json_lines(proc.stdout)[0]["findings"])


@pytest.mark.parametrize("name", list(HOSTILE_RULES))
def test_hostile_rule_file_exits_2_with_one_line_naming_it(name, rule_runs):
    tmp, runs = rule_runs
    proc, secs = runs[name]
    assert proc is not None, f"`--rules` with {name}.yaml hung (killed after 30 s)"
    assert not (tmp / name / "PWNED").exists(), "code from the rule file was executed"
    _no_traceback(proc.stderr)
    assert proc.returncode == 2, (f"exit {proc.returncode} for {name}.yaml (expected 2: "
                                  f"refused at load); stderr: {proc.stderr.strip()[:300]!r}")
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert f"{name}.yaml" in lines[0], f"the error does not name the file: {lines[0]!r}"
    assert proc.stdout == ""
    assert secs < 20


def test_rule_loader_refuses_only_with_rule_file_errors():
    """The same files through parse_rule: RuleFileError and nothing else."""
    from factcheck.rules_engine.loader import parse_rule

    for name, body in HOSTILE_RULES.items():
        head = RULE_HEAD.format(id=name)
        if body is None:                    # undecodable bytes: the file reader's job
            continue
        text = body.format(marker="/nonexistent/PWNED", head=head)
        if "{head}" not in body:
            text = head + text
        try:
            parse_rule(text, Path(f"{name}.yaml"), display=f"{name}.yaml")
        except RuleFileError as e:
            assert str(e).startswith(f"{name}.yaml"), str(e)
        except Exception as e:  # noqa: BLE001 - the point of the test
            pytest.fail(f"{name}: {type(e).__name__}: {str(e)[:200]}")


# --------------------------------------------------------------------------- HTML report safety

class _Elements(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def _assert_inert(page: str) -> None:
    p = _Elements()
    p.feed(page)
    p.close()
    tags = [t for t, _ in p.tags]
    assert "script" not in tags, "a <script> element reached the report"
    assert "img" not in tags and "iframe" not in tags and "object" not in tags
    for tag, attrs in p.tags:
        assert not any(k.lower().startswith("on") for k in attrs), (tag, attrs)
        for k in ("href", "src", "action", "formaction", "xlink:href"):
            v = (attrs.get(k) or "").strip().lower()
            assert not v.startswith(("javascript:", "data:text/html", "vbscript:")), (tag, attrs)
    assert "<script" not in page.lower()
    assert "onerror=alert(1)>" not in page


def _hostile_rule(rules):
    from factcheck.rules_engine.loader import parse_rule

    base = (REPO / "rules" / "growth-cagr.yaml").read_text(encoding="utf-8")
    lines = []
    for line in base.splitlines():
        if line.startswith("name:"):
            line = "name: " + json.dumps(f"Growth {XSS[0]} {XSS[1]}")
        elif line.startswith("summary:"):
            line = "summary: " + json.dumps(f"{XSS[1]} summary {XSS[0]}")
        lines.append(line)
    rule = parse_rule("\n".join(lines) + "\n", Path("growth-cagr.yaml"))
    return [rule if r.id == "growth-cagr" else r for r in rules]


def test_html_report_keeps_hostile_text_inert(rules):
    text = (f"{XSS[0]} Revenue was $20 billion in 2020 {XSS[1]} and $300 billion in 2024.\n\n"
            f"<a href=\"javascript:alert(1)\">{XSS[1]}</a> Sales rose 5% to $3 billion. "
            f"</textarea></style></title><svg onload=alert(1)>\u2028</script>")
    source = f"{XSS[0]}{XSS[1]}\"'.txt"
    doc = load_text(text, source=source, published=PUBLISHED)
    hostile_rules = _hostile_rule(rules)
    report = check_document(doc, rules=hostile_rules)
    figs = tuple(f.id for f in report.extraction.figures[:2])
    evil = Finding(id="growth-cagr:evil", rule="growth-cagr", category="growth.implied",
                   severity="error", message=f"{XSS[0]} message {XSS[1]}",
                   explanation=f"{XSS[1]} explanation {XSS[0]}", figures=figs,
                   claims=tuple(c.id for c in report.claims[:1]))
    orphan = Finding(id="no-such-rule:x", rule=f"{XSS[0]}", category="growth.implied",
                     severity="warning", message=XSS[1], explanation=XSS[0])
    report = replace(report, findings=(*report.findings, evil, orphan))
    page = render("html", [report], rules=hostile_rules,
                  options=RenderOptions(title=XSS[0] + XSS[1]))
    _assert_inert(page)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page           # shown, as text
    assert "onerror=alert(1)&gt;" in page


def test_html_report_from_the_cli_keeps_hostile_file_names_inert(tmp_path):
    name = "<img src=x onerror=alert(1)>.txt"
    (tmp_path / name).write_text(f"{XSS[0]} Revenue was $20 billion in 2020 and $300 billion "
                                 f"in 2024. {XSS[1]}\n", encoding="utf-8")
    proc = _cli("check", name, "--format", "html", "-o", "out.html", "--isolated",
                "--published", PUBLISHED, cwd=tmp_path)
    _no_traceback(proc.stderr)
    assert proc.returncode in (0, 1), proc.stderr
    page = (tmp_path / "out.html").read_text(encoding="utf-8")
    _assert_inert(page)
    assert "onerror=alert(1)&gt;.txt" in page
    assert sorted(os.listdir(tmp_path)) == sorted([name, "out.html"])


# --------------------------------------------------------------------------- fuzz targets

@functools.cache
def _load_fuzz(name: str):
    spec = importlib.util.spec_from_file_location(name, REPO / "tests" / "fuzz" / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.parametrize("target,seconds", [("fuzz_extract", 5.0), ("fuzz_rules", 5.0)])
def test_fuzz_target_for_a_bounded_time(target, seconds, record_property):
    mod = _load_fuzz(target)
    for seed in mod.seeds():
        mod.TestOneInput(seed)
    n = mod.hypothesis_run(seconds)
    record_property(f"{target}.inputs", n)
    print(f"{target}: {n} inputs in {seconds:g} s")
    assert n > 0
