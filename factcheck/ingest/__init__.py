"""Ingest: a path, bytes or a string -> ``Document`` (decoded text, format, publication date).

Every failure is an ``InputError`` with one line that names the file, so the CLI can print
it and exit 2 without a traceback. Offsets everywhere later are into ``Document.text``:
for text and Markdown that is the file's own text (newlines normalised to "\\n", Markdown
markup blanked to spaces in place), for HTML and .docx the extracted text, which the report
carries (``carry_text=True``).

Heavy or optional libraries (charset-normalizer, trafilatura, python-docx) are imported
only when a document needs them.
"""
from __future__ import annotations

import os
import stat
import sys
from pathlib import PurePath

from factcheck.errors import InputError
from factcheck.ingest.decode import MAX_BYTES, decode_bytes, normalise_newlines
from factcheck.ingest.published import check_published, find_published
from factcheck.model import Document

__all__ = ["FORMATS", "format_for", "load_bytes", "load_path", "load_text"]

FORMATS = ("text", "markdown", "html", "docx")
_SUFFIXES = {
    "": "text", ".txt": "text", ".text": "text",
    ".md": "markdown", ".markdown": "markdown",
    ".html": "html", ".htm": "html",
    ".docx": "docx",
}
STDIN_SOURCE = "<stdin>"


def format_for(source: str) -> str | None:
    """The format a file name implies, or None for an unknown suffix (then: sniff, else text)."""
    if source in ("-", STDIN_SOURCE):
        return None
    return _SUFFIXES.get(PurePath(source).suffix.lower())


def load_path(path: str, published: str | None = None) -> Document:
    """Read a file (``"-"``: standard input) and ingest it by its suffix.

    Reads at most ``MAX_BYTES`` (+1 to notice more), so a FIFO or device that never ends
    cannot fill memory: beyond the cap is an error, not a truncated article.
    """
    if published is not None:
        published = check_published(published)
    if path == "-":
        return load_bytes(_read_stdin(), STDIN_SOURCE, published)
    data = _read_file(path)
    return load_bytes(data, path, published)


def load_bytes(data: bytes, source: str, published: str | None = None,
               fmt: str | None = None) -> Document:
    """Ingest bytes; ``fmt`` (text | markdown | html | docx) defaults to the suffix of
    ``source``, and a source without a known suffix is sniffed (zip -> docx, an HTML
    document start -> html) before falling back to text."""
    if published is not None:
        published = check_published(published)
    if len(data) > MAX_BYTES:
        raise _too_large(source)
    fmt = _resolve_format(fmt, source, data)
    if fmt == "docx":
        from factcheck.ingest.docx import extract_docx
        text, title = extract_docx(data, source)
        return _finish(text, source, published, "docx", title=title, carry_text=True)
    if fmt == "html":
        from factcheck.ingest.html import extract_html
        art = extract_html(data, source)
        return _finish(art.text, source, published, "html", title=art.title,
                       meta_date=art.published, meta_from="meta", carry_text=True)
    text = decode_bytes(data, source)
    return _from_text(text, source, published, fmt)


def load_text(text: str, source: str = "<string>", published: str | None = None,
              fmt: str = "text") -> Document:
    """Ingest text already in memory (tests, API callers): same rules as a file's text."""
    if published is not None:
        published = check_published(published)
    if fmt not in FORMATS:
        raise InputError(f"{source}: unknown format '{fmt}' (expected one of {', '.join(FORMATS)})")
    if fmt == "docx":
        raise InputError(f"{source}: a .docx document must be given as bytes, not text")
    if fmt == "html":
        from factcheck.ingest.html import extract_html
        art = extract_html(text, source)
        return _finish(art.text, source, published, "html", title=art.title,
                       meta_date=art.published, meta_from="meta", carry_text=True)
    return _from_text(normalise_newlines(text), source, published, fmt)


# --------------------------------------------------------------------------- internals

def _from_text(text: str, source: str, published: str | None, fmt: str) -> Document:
    if fmt == "markdown":
        from factcheck.ingest.markdown import parse_markdown
        md = parse_markdown(text)
        return _finish(md.text, source, published, "markdown", title=md.title,
                       meta_date=md.published, meta_from="front-matter")
    return _finish(text, source, published, "text")


def _finish(text: str, source: str, published: str | None, fmt: str, *, title: str | None = None,
            meta_date: str | None = None, meta_from: str | None = None,
            carry_text: bool = False) -> Document:
    """Pick the publication date by trust: option, then document metadata, then dateline."""
    when: str | None
    where: str | None
    if published is not None:
        when, where = published, "option"
    elif meta_date:
        when, where = meta_date, meta_from
    else:
        when, where = find_published(text)
    return Document(text=text, source=source, published=when, published_from=where,
                    format=fmt, carry_text=carry_text, title=title)


def _resolve_format(fmt: str | None, source: str, data: bytes) -> str:
    if fmt is not None:
        if fmt not in FORMATS:
            raise InputError(f"{source}: unknown format '{fmt}' (expected one of {', '.join(FORMATS)})")
        return fmt
    known = format_for(source)
    if known is not None and PurePath(source).suffix:
        return known
    return _sniff(data)


def _sniff(data: bytes) -> str:
    """Only unmistakable signatures: a zip archive, or a document that opens like HTML."""
    if data.startswith(b"PK\x03\x04"):
        return "docx"
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return "html"
    return "text"


def _too_large(source: str) -> InputError:
    return InputError(f"{source}: larger than the {MAX_BYTES // (1024 * 1024)} MB input limit")


def _read_file(path: str) -> bytes:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except NotADirectoryError:
        raise InputError(f"{path}: no such file") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except (OSError, ValueError) as e:
        raise InputError(f"{path}: cannot read: {_reason(e)}") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(f"{path}: is a directory")
    if stat.S_ISREG(st.st_mode) and st.st_size > MAX_BYTES:
        raise _too_large(path)
    if stat.S_ISFIFO(st.st_mode):
        return _read_fifo(path)
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as e:
        raise InputError(f"{path}: cannot read: {_reason(e)}") from None
    if len(data) > MAX_BYTES:
        raise _too_large(path)
    return data


FIFO_WAIT = 3.0        # seconds a named pipe may stay silent before we give up on it


def _read_fifo(path: str) -> bytes:
    """Read a named pipe without hanging: opened non-blocking, read until its writer closes,
    an error line if nothing ever comes."""
    import select

    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as e:
        raise InputError(f"{path}: cannot read: {_reason(e)}") from None
    chunks: list[bytes] = []
    size = 0
    try:
        while True:
            ready, _, _ = select.select([fd], [], [], FIFO_WAIT)
            if not ready:
                raise InputError(f"{path}: named pipe gave no data for {FIFO_WAIT:g} s")
            try:
                chunk = os.read(fd, 1 << 16)
            except BlockingIOError:
                continue
            if not chunk:
                break                    # the writer closed (or there never was one)
            chunks.append(chunk)
            size += len(chunk)
            if size > MAX_BYTES:
                raise _too_large(path)
    finally:
        os.close(fd)
    return b"".join(chunks)


def _read_stdin() -> bytes:
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise InputError(f"{STDIN_SOURCE}: no standard input to read")
    try:
        data = stream.read(MAX_BYTES + 1)
    except OSError as e:
        raise InputError(f"{STDIN_SOURCE}: cannot read: {_reason(e)}") from None
    if len(data) > MAX_BYTES:
        raise _too_large(STDIN_SOURCE)
    return data


def _reason(e: BaseException) -> str:
    msg = getattr(e, "strerror", None) or str(e) or type(e).__name__
    return " ".join(str(msg).split()).lower()
