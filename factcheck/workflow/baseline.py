"""Baselines: findings an editor has accepted, so that only new ones are reported.

A baseline is a JSON file::

    {"schema": "factcheck.baseline/1",
     "entries": [{"path": "articles/a.md", "rule": "growth-cagr",
                  "key": "3f0c…", "reason": "baseline",
                  "figures": ["$20 billion", "hundreds of billions"],
                  "claim": "OpenAI expects to end this year with …"}]}

An entry's ``key`` is a hash of the rule id, the *texts* of the finding's figures and the
normalised text of its claims: never offsets or figure ids, which change when anything
earlier in the article changes. So a baseline survives edits elsewhere in the article and
stops matching when the sentence itself changes. ``path`` is relative to the baseline
file's folder. Every entry needs a non-empty ``reason`` (``--write-baseline`` writes
"baseline" for the editor to replace; a rewrite keeps the reasons already written);
other fields are kept as they are. An entry that matches no finding of a file that was
checked is reported as unused.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from factcheck.errors import ConfigError
from factcheck.model import Finding, Report
from factcheck.workflow.suppress import Filtered, Suppressed, Unused

SCHEMA = "factcheck.baseline/1"
DEFAULT_REASON = "baseline"
MAX_BASELINE_BYTES = 64 * 1024 * 1024
STDIN_KEY = "<stdin>"
_KNOWN_FIELDS = ("path", "rule", "key", "reason", "figures", "claim")


@dataclass(frozen=True, slots=True)
class Entry:
    """One accepted finding."""

    path: str
    rule: str
    key: str
    reason: str
    figures: tuple[str, ...] = ()
    claim: str = ""
    extra: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"path": self.path, "rule": self.rule, "key": self.key,
                             "reason": self.reason, "figures": list(self.figures),
                             "claim": self.claim}
        d.update(self.extra)
        return d


@dataclass(frozen=True, slots=True)
class Baseline:
    """A read baseline: its file and entries, grouped by path."""

    file: Path
    entries: tuple[Entry, ...] = ()

    def for_path(self, path_key: str) -> tuple[Entry, ...]:
        return tuple(e for e in self.entries if e.path == path_key)


# --------------------------------------------------------------------------- keys

def normalise(text: str) -> str:
    """Compatibility-folded, whitespace collapsed: the form keys are built from."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def _finding_texts(report: Report, finding: Finding) -> tuple[list[str], list[str]]:
    figures = {f.id: f for f in report.extraction.figures}
    claims = {c.id: c for c in report.claims}
    fig_texts = [normalise(figures[x].text) for x in finding.figures if x in figures]
    claim_ids = [c for c in finding.claims if c in claims]
    if not claim_ids:                             # the claims of its figures, in order
        owner = dict(report.figure_claim)
        for x in finding.figures:
            cid = owner.get(x)
            if cid in claims and cid not in claim_ids:
                claim_ids.append(cid)
    claim_texts = [normalise(claims[c].text) for c in claim_ids]
    return fig_texts, claim_texts


def finding_key(report: Report, finding: Finding) -> str:
    """The stable id of a finding: rule + figure texts + claim texts (+ the message when the
    finding names neither figures nor claims)."""
    fig_texts, claim_texts = _finding_texts(report, finding)
    parts = [finding.rule, "\x1e".join(fig_texts), "\x1e".join(claim_texts)]
    if not fig_texts and not claim_texts:
        parts.append(normalise(finding.message))
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:24]


def source_key(source: str, base: Path) -> str:
    """How an article is named in a baseline: its path relative to ``base``, with ``/``."""
    if source in ("-", STDIN_KEY) or source.startswith("<"):
        return STDIN_KEY
    try:
        rel = os.path.relpath(os.path.abspath(source), os.path.abspath(base))
    except ValueError:                            # another drive (Windows)
        rel = os.path.abspath(source)
    return Path(rel).as_posix()


# --------------------------------------------------------------------------- reading

def load_baseline(path: Path) -> Baseline:
    """Read and validate a baseline; ConfigError (one line, exit 2) on any problem."""
    shown = str(path)
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_BASELINE_BYTES + 1)
    except FileNotFoundError:
        raise ConfigError(f"{shown}: no such baseline file (create it with --write-baseline)") from None
    except IsADirectoryError:
        raise ConfigError(f"{shown}: is a directory") from None
    except OSError as e:
        raise ConfigError(f"{shown}: cannot read: {(e.strerror or str(e)).lower()}") from None
    if len(raw) > MAX_BASELINE_BYTES:
        raise ConfigError(f"{shown}: baseline larger than {MAX_BASELINE_BYTES // 2**20} MB")
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError) as e:
        raise ConfigError(f"{shown}: not a baseline (invalid JSON: {_one_line(e)})") from None
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise ConfigError(f"{shown}: not a baseline (expected an object with \"entries\")")
    schema = data.get("schema", SCHEMA)
    if schema != SCHEMA:
        raise ConfigError(f"{shown}: unsupported baseline schema {str(schema)[:40]!r} "
                          f"(expected {SCHEMA!r})")
    entries = []
    for i, item in enumerate(data["entries"], 1):
        entries.append(_entry(item, i, shown))
    return Baseline(path, tuple(entries))


def _entry(item: Any, i: int, shown: str) -> Entry:
    if not isinstance(item, dict):
        raise ConfigError(f"{shown}: entry {i} is not an object")
    for name in ("path", "rule", "key"):
        if not isinstance(item.get(name), str) or not item[name]:
            raise ConfigError(f"{shown}: entry {i} has no \"{name}\"")
    reason = item.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        raise ConfigError(f"{shown}: entry {i} ({item['path']}, {item['rule']}) has no reason; "
                          "every entry needs a \"reason\" saying why the finding is accepted")
    figures = item.get("figures", [])
    if not isinstance(figures, list) or not all(isinstance(x, str) for x in figures):
        raise ConfigError(f"{shown}: entry {i}: \"figures\" must be a list of strings")
    claim = item.get("claim", "")
    if not isinstance(claim, str):
        raise ConfigError(f"{shown}: entry {i}: \"claim\" must be a string")
    extra = {k: v for k, v in item.items() if k not in _KNOWN_FIELDS}
    return Entry(item["path"], item["rule"], item["key"], reason.strip(), tuple(figures), claim,
                 MappingProxyType(extra))


def _one_line(e: BaseException) -> str:
    return " ".join(str(e).split())[:200]


# --------------------------------------------------------------------------- applying

def apply_baseline(report: Report, entries: Sequence[Entry]) -> Filtered:
    """Drop the findings an entry accepts (each entry accepts one finding); list the
    entries that accepted nothing. ``entries`` are the baseline's entries for this file."""
    if not entries:
        return Filtered(report)
    remaining: dict[str, list[Entry]] = {}
    for e in entries:
        remaining.setdefault(e.key, []).append(e)
    kept: list[Finding] = []
    suppressed: list[Suppressed] = []
    for f in report.findings:
        bucket = remaining.get(finding_key(report, f))
        if bucket:
            e = bucket.pop(0)
            suppressed.append(Suppressed(f, "baseline", e.reason))
        else:
            kept.append(f)
    unused = [Unused("baseline", (e.rule,),
                     f"baseline entry matches nothing: {e.rule} on “{_short(e.claim)}”",
                     reason=e.reason, key=e.key)
              for bucket in remaining.values() for e in bucket]
    return Filtered(replace(report, findings=tuple(kept)), tuple(suppressed), tuple(unused))


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --------------------------------------------------------------------------- writing

def entries_for(report: Report, path_key: str, previous: Sequence[Entry] = ()) -> list[Entry]:
    """One entry per finding of ``report``; a previous entry with the same key lends its
    reason and extra fields, so a rewrite keeps what the editor wrote."""
    pool: dict[str, list[Entry]] = {}
    for e in previous:
        if e.path == path_key:
            pool.setdefault(e.key, []).append(e)
    out: list[Entry] = []
    for f in report.findings:
        key = finding_key(report, f)
        fig_texts, claim_texts = _finding_texts(report, f)
        old = pool.get(key)
        prior = old.pop(0) if old else None
        out.append(Entry(path_key, f.rule, key,
                         prior.reason if prior else DEFAULT_REASON,
                         tuple(fig_texts), " ".join(claim_texts),
                         prior.extra if prior else MappingProxyType({})))
    return out


def merge(previous: Iterable[Entry], checked: set[str], new: Iterable[Entry]) -> list[Entry]:
    """The entries of files not checked this run, kept, plus the new ones; sorted by path
    (stable inside a path)."""
    kept = [e for e in previous if e.path not in checked]
    return sorted([*kept, *new], key=lambda e: e.path)


def dumps(entries: Sequence[Entry]) -> str:
    from factcheck.report import dumps_json  # escapes lone surrogates: valid UTF-8 out

    doc = {"schema": SCHEMA, "entries": [e.to_dict() for e in entries]}
    return dumps_json(doc, indent=2) + "\n"


def write_baseline(path: Path, entries: Sequence[Entry]) -> None:
    """Write atomically (a temporary file in the same folder, then a rename)."""
    text = dumps(entries)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=".factcheck-baseline-", suffix=".tmp", dir=folder)
    except OSError as e:
        raise ConfigError(f"{path}: cannot write baseline: {(e.strerror or str(e)).lower()}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)              # mkstemp makes it private; a baseline is not
        os.replace(tmp, path)
    except OSError as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise ConfigError(f"{path}: cannot write baseline: {(e.strerror or str(e)).lower()}") from None
