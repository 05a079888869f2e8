"""Fuzz target: bytes -> factcheck.ingest.load_bytes -> extraction.

The first byte picks the format (sniffed, text, markdown, html, docx); the rest is the file.
``load_bytes`` may refuse the input, but only with ``InputError``; anything it accepts must
extract without an exception, and every figure must satisfy the extraction contract:

* ``0 <= start < end <= len(text)`` and ``text[start:end] == figure.text``;
* figures sorted by offset and not overlapping, ids ``f1, f2, ...``;
* ``value``, ``low``, ``high``, ``step``, ``scale`` finite numbers or None (dates are text);
* the JSON of the extraction parses with NaN and Infinity refused;
* no input takes more than ``SLOW_SECONDS`` of CPU time.

Run it for a long time with atheris (libFuzzer), or for a bounded time with hypothesis
when atheris is not installed; see tests/fuzz/README.md. ``tests/test_hardening.py`` runs
``hypothesis_run`` for a few seconds in CI.
"""
from __future__ import annotations

import functools
import io
import json
import math
import os
import sys
import time
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:                 # runnable as a script from anywhere
    sys.path.insert(0, str(REPO))

from factcheck.errors import InputError
from factcheck.extraction import extract_document
from factcheck.ingest import load_bytes
from factcheck.model import BOUNDS, KINDS

FORMATS = (None, "text", "markdown", "html", "docx")
SOURCES = {None: "fuzz", "text": "fuzz.txt", "markdown": "fuzz.md", "html": "fuzz.html",
           "docx": "fuzz.docx"}
SLOW_SECONDS = 10.0            # CPU seconds for one input (inputs are at most a few KB)


def _refuse(const: str) -> None:
    raise ValueError(f"non-standard JSON constant {const}")


def check_extraction(text: str, extraction) -> None:
    """The extraction contract, for any text."""
    prev_end = 0
    for i, f in enumerate(extraction.figures, 1):
        assert f.id == f"f{i}", (f.id, i)
        assert 0 <= f.start < f.end <= len(text), (f.id, f.start, f.end, len(text))
        assert text[f.start:f.end] == f.text, (f.id, text[f.start:f.end], f.text)
        assert f.start >= prev_end, f"{f.id} overlaps or precedes the figure before it"
        prev_end = f.end
        assert f.kind in KINDS, f.kind
        assert f.bound in BOUNDS, f.bound
        for attr in ("value", "low", "high", "step", "scale"):
            v = getattr(f, attr)
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                assert math.isfinite(v), f"{f.id}.{attr} = {v!r}"
            else:
                assert v is None or (attr == "value" and isinstance(v, str)), f"{f.id}.{attr} = {v!r}"
    from factcheck.report import dumps_json

    out = dumps_json(extraction.to_dict())
    json.loads(out, parse_constant=_refuse)
    out.encode("utf-8")


def TestOneInput(data: bytes) -> None:
    if not data:
        return
    fmt = FORMATS[data[0] % len(FORMATS)]
    body = data[1:]
    t0 = time.process_time()
    try:
        doc = load_bytes(body, SOURCES[fmt], fmt=fmt)
    except InputError:
        return
    assert isinstance(doc.text, str)
    extraction = extract_document(doc)
    check_extraction(doc.text, extraction)
    spent = time.process_time() - t0
    assert spent < SLOW_SECONDS, f"{spent:.1f} CPU s for {len(data)} bytes"


# --------------------------------------------------------------------------- seeds

def _samples() -> list[bytes]:
    folder = REPO / "samples"
    return [p.read_bytes() for p in sorted(folder.iterdir())
            if p.is_file() and p.name != "README.md"] if folder.is_dir() else []


def make_docx(paragraphs: list[str]) -> bytes:
    """A minimal .docx that python-docx opens: one paragraph per item."""
    from xml.sax.saxutils import escape

    body = "".join(f"<w:p><w:r><w:t xml:space=\"preserve\">{escape(p)}</w:t></w:r></w:p>"
                   for p in paragraphs)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
        z.writestr("word/document.xml", DOCUMENT.format(body=body))
    return buf.getvalue()


CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>')
DOCUMENT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    '<w:body>{body}</w:body></w:document>')


@functools.lru_cache(maxsize=1)
def seeds() -> tuple[bytes, ...]:
    """Starting inputs: the samples in every format, as HTML, and as a .docx."""
    out: list[bytes] = []
    for raw in _samples():
        text = raw.decode("utf-8", "replace")
        for i in range(len(FORMATS)):
            out.append(bytes([i]) + raw[:4000])
        html = ("<!doctype html><html><head><title>t</title></head><body><article><p>"
                + text[:3000].replace("&", "&amp;").replace("<", "&lt;").replace("\n\n", "</p><p>")
                + "</p></article></body></html>")
        out.append(bytes([FORMATS.index("html")]) + html.encode("utf-8"))
        out.append(bytes([FORMATS.index("docx")]) + make_docx(text[:3000].split("\n\n")))
    return tuple(out)


def write_corpus(folder: str) -> None:
    os.makedirs(folder, exist_ok=True)
    for i, s in enumerate(seeds()):
        Path(folder, f"seed-{i:03d}").write_bytes(s)


# --------------------------------------------------------------------------- drivers

def STRATEGY():
    """Raw bytes, mutated seeds, and arbitrary text in a random format."""
    from hypothesis import strategies as st

    return st.one_of(st.binary(max_size=2048), _mutated_seed(),
                     st.tuples(st.integers(0, len(FORMATS) - 1), st.text(max_size=500)).map(
                         lambda t: bytes([t[0]]) + t[1].encode("utf-8", "surrogatepass")))


def _mutated_seed():
    from hypothesis import strategies as st

    @st.composite
    def build(draw):
        pool = seeds()
        data = bytearray(draw(st.sampled_from(pool)))
        for _ in range(draw(st.integers(0, 6))):
            op = draw(st.integers(0, 3))
            pos = draw(st.integers(0, len(data)))
            if op == 0:
                data[pos:pos] = draw(st.binary(min_size=1, max_size=16))
            elif op == 1:
                del data[pos:pos + draw(st.integers(1, 64))]
            elif op == 2 and data:
                data[min(pos, len(data) - 1)] = draw(st.integers(0, 255))
            else:
                data[pos:pos] = draw(st.sampled_from(FRAGMENTS))
        return bytes(data)

    return build()


FRAGMENTS = [s.encode("utf-8") for s in (
    "1e99999", "10^1000", "九" * 30 + "億", "$1.4T over 8 years ", "100億美元", "12,345,",
    "\u202e", "\u200b", "\x00", "<script>", "</p>", "<!--", "&#0;", "&#xD800;", "<![CDATA[",
    "<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>", "---\ntitle: x\n---\n",
    "1/2/3/4", "-1-1-1", "第1第1", "%%%%", "$$$$", "1,0,0,0,0", "1.1.1.1", "２０２４年",
)] + [b"\xff\xfe", b"\xc3\x28", b"\xed\xa0\x80", b"PK\x03\x04"]


def hypothesis_run(seconds: float = 5.0, batch: int = 100) -> int:
    """Feed TestOneInput from hypothesis for about ``seconds``, in batches of ``batch``
    examples (each batch a fresh random run); returns the number of inputs tried."""
    from hypothesis import HealthCheck, given, settings

    stop = time.monotonic() + seconds
    count = 0
    strategy = STRATEGY()

    @settings(max_examples=batch, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(strategy)
    def run(data: bytes) -> None:
        nonlocal count
        if time.monotonic() > stop:
            return
        count += 1
        TestOneInput(data)

    while time.monotonic() < stop:
        run()
    return count


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--write-corpus":
        write_corpus(sys.argv[2])
        return
    try:
        import atheris
    except ImportError:
        seconds = float(os.environ.get("FUZZ_SECONDS", "60"))
        n = hypothesis_run(seconds)
        print(f"atheris not installed: ran {n} hypothesis inputs in {seconds:g} s")
        return
    # load every lazily imported module first, then instrument all of it
    import factcheck.extraction.scanner
    import factcheck.ingest.docx
    import factcheck.ingest.html
    import factcheck.ingest.markdown  # noqa: F401
    for seed in seeds()[:3]:
        TestOneInput(seed)
    atheris.instrument_all()
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
