"""Word .docx -> text: body paragraphs and table cells in document order.

Editors hand in .docx drafts, so this reads them with python-docx (optional, imported
lazily), after guarding against hostile archives: python-docx inflates every part into
memory and has no decompression limit (reliability notes: a 1 MB zip bomb reached 1 GB),
so the zip's central directory is checked first (member count, declared sizes, per-member
compression ratio) and any DOCTYPE in an XML part is refused (OOXML forbids it; with it go
entity-expansion attacks). python-docx's own lxml parsers are built with
``resolve_entities=False`` and lxml never loads DTDs or touches the network by default.
Python's zipfile also stops inflating at each member's declared size (then fails its CRC),
so a lying central directory cannot get past these limits.

Paragraphs are separated by a blank line and table rows by a newline, cells by a tab.
Headers, footers, comments, footnotes and text boxes are not part of the text.
"""
from __future__ import annotations

import io
import re
import zipfile

from factcheck.errors import InputError

MAX_MEMBERS = 2_000
MAX_TOTAL_UNCOMPRESSED = 200 * 1024 * 1024    # everything python-docx will load, images included
MAX_XML_UNCOMPRESSED = 50 * 1024 * 1024       # the XML it will parse
MAX_RATIO = 100                               # inflated/compressed, for members over 1 MB
_RATIO_FLOOR = 1024 * 1024
_DOCTYPE = re.compile(rb"<!\s*DOCTYPE|<\x00!\x00D\x00O\x00C\x00T\x00Y\x00P\x00E|"
                      rb"\x00<\x00!\x00D\x00O\x00C\x00T\x00Y\x00P\x00E", re.IGNORECASE)
_CHUNK = 1024 * 1024


def extract_docx(data: bytes, source: str = "<docx>") -> tuple[str, str | None]:
    """(text, title) of a .docx; InputError naming ``source`` for anything unreadable."""
    check_archive(data, source)
    try:
        import docx
    except ImportError:
        raise InputError(
            f"{source}: reading .docx needs python-docx (pip install 'factcheck[docx]')") from None
    try:
        document = docx.Document(io.BytesIO(data))
        blocks = list(_blocks(document))
        title = (document.core_properties.title or "").strip() or None
    except InputError:
        raise
    except Exception as e:  # noqa: BLE001 - PackageNotFoundError, XMLSyntaxError, KeyError, ValueError...
        reason = " ".join(str(e).split())[:120] or type(e).__name__
        raise InputError(f"{source}: not a readable .docx file ({reason})") from None
    text = "\n\n".join(b for b in blocks if b.strip())
    return text.replace("\r\n", "\n").replace("\r", "\n"), title


def check_archive(data: bytes, source: str) -> None:
    """Refuse zip bombs and DTDs before python-docx inflates or parses anything."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, NotImplementedError,
            RuntimeError, EOFError):
        raise InputError(f"{source}: not a .docx file (not a zip archive)") from None
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS:
            raise InputError(f"{source}: .docx has {len(infos)} parts, more than {MAX_MEMBERS}")
        total = sum(i.file_size for i in infos)
        xml_total = sum(i.file_size for i in infos if _is_xml(i.filename))
        if total > MAX_TOTAL_UNCOMPRESSED or xml_total > MAX_XML_UNCOMPRESSED:
            raise InputError(f"{source}: .docx inflates to {max(total, xml_total) // (1024 * 1024)} MB, "
                             f"over the limit (possible zip bomb)")
        for i in infos:
            if i.file_size > _RATIO_FLOOR and i.file_size > MAX_RATIO * max(i.compress_size, 1):
                raise InputError(f"{source}: .docx part {i.filename[:80]} is compressed "
                                 f"{i.file_size // max(i.compress_size, 1)}:1 (possible zip bomb)")
        for i in infos:
            if not _is_xml(i.filename) or i.is_dir():
                continue
            try:
                found = _has_doctype(zf, i)
            except Exception:  # noqa: BLE001 - bad CRC, unsupported compression, encrypted...
                raise InputError(f"{source}: not a readable .docx file (damaged part "
                                 f"{i.filename[:80]})") from None
            if found:
                raise InputError(f"{source}: .docx part {i.filename[:80]} declares a DOCTYPE, "
                                 f"which .docx files never do; refusing it")


def _has_doctype(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """Scan the whole part, streaming: comments may push a DOCTYPE past any fixed prologue,
    and in OOXML a literal "<!DOCTYPE" can only be markup (text escapes "<")."""
    tail = b""
    with zf.open(info) as f:
        while True:
            chunk = f.read(_CHUNK)
            if not chunk:
                return False
            if _DOCTYPE.search(tail + chunk):
                return True
            tail = chunk[-32:]


def _is_xml(name: str) -> bool:
    return name.lower().endswith((".xml", ".rels"))


def _blocks(document) -> list[str]:
    """Paragraph texts and tables (rows of tab-separated cells) in body order."""
    out: list[str] = []
    for item in document.iter_inner_content():
        if hasattr(item, "rows"):
            out.append(_table_text(item, depth=0))
        else:
            out.append(item.text)
    return out


def _table_text(table, depth: int) -> str:
    rows: list[str] = []
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            key = id(cell._tc)               # a merged cell appears once per grid column
            if key in seen:
                continue
            seen.add(key)
            parts: list[str] = []
            for inner in cell.iter_inner_content():
                if hasattr(inner, "rows"):
                    if depth < 5:
                        parts.append(_table_text(inner, depth + 1).replace("\n", " ").replace("\t", " "))
                else:
                    parts.append(inner.text)
            cells.append(" ".join(p.strip() for p in parts if p.strip()).replace("\t", " "))
        line = "\t".join(cells).strip()
        if line:
            rows.append(line)
    return "\n".join(rows)
