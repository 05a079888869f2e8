"""Inline suppressions: ``<!-- factcheck: ignore RULE[,RULE] reason="..." -->``.

In a Markdown or HTML article, such a comment silences those rules' findings on the
*next claim*: the first claim that starts after the comment (a finding is "on" a claim
when it names the claim or one of the claim's figures). A reason is required: a comment
without one suppresses nothing and earns a warning. A comment that silences nothing (no
claim follows, or no finding of that rule on it) is reported as unused, per rule, so
stale suppressions do not pile up. No rule list means every rule. A rule is named by its
id, its category or a category prefix (``growth``), or ``ALL``.

Markdown offsets are the file's own (blanking keeps them), so a comment's offset is its
place in ``Document.text``. An HTML page's text is extracted, and comments are gone from
it: the comment is placed by finding the text that follows it in the page (tags
stripped, whitespace ignored) in the extracted text; when that text is not found (it was
boilerplate) the comment cannot be placed and is reported as unused.

Everything here is a pure function of its arguments; the CLI applies it after
``check_document``.
"""
from __future__ import annotations

import bisect
import html as _html
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from typing import Any

from factcheck.model import Document, Finding, Report

_ANCHOR_CHARS = 24
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
_RAW_BLOCK = re.compile(r"<(script|style|template)\b.*?(?:</\1\s*>|\Z)", re.DOTALL | re.IGNORECASE)
_TAG = re.compile(r"<[^<>]*>")
_WS = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Suppression:
    """One inline comment: where it stands and what it silences."""

    line: int                        # 1-based line of the comment in the source file
    rules: tuple[str, ...]           # empty: every rule
    reason: str | None               # None or blank: not valid, suppresses nothing
    offset: int | None               # its place in Document.text; None: could not be placed

    @property
    def valid(self) -> bool:
        return bool(self.reason and self.reason.strip())


@dataclass(frozen=True, slots=True)
class Suppressed:
    """A finding taken out of the report, and why."""

    finding: Finding
    by: str                          # "inline" | "baseline"
    reason: str
    line: int | None = None          # the comment's line (inline)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"id": self.finding.id, "rule": self.finding.rule,
                             "severity": self.finding.severity, "by": self.by,
                             "reason": self.reason}
        if self.line is not None:
            d["line"] = self.line
        return d


@dataclass(frozen=True, slots=True)
class Unused:
    """A suppression (comment, or baseline entry) that matched no finding."""

    by: str                          # "inline" | "baseline"
    rules: tuple[str, ...]
    message: str                     # one line, without the file name
    line: int | None = None
    reason: str | None = None
    key: str | None = None           # baseline key

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"by": self.by, "rules": list(self.rules), "message": self.message}
        for name in ("line", "reason", "key"):
            value = getattr(self, name)
            if value is not None:
                d[name] = value
        return d


@dataclass(frozen=True, slots=True)
class Filtered:
    """A report with some findings taken out, the record of what and why, and the leftovers."""

    report: Report
    suppressed: tuple[Suppressed, ...] = ()
    unused: tuple[Unused, ...] = ()


# --------------------------------------------------------------------------- finding comments

def may_have_suppressions(data: bytes) -> bool:
    """A cheap test on the raw bytes (ASCII-compatible encodings; UTF-16 always says yes)."""
    return b"factcheck" in data.lower() or data[:2] in (b"\xff\xfe", b"\xfe\xff")


def find_suppressions(raw_text: str, doc: Document) -> tuple[Suppression, ...]:
    """The suppression comments of a Markdown or HTML document, placed in ``doc.text``.

    ``raw_text`` is the decoded, newline-normalised file (what ingest read). Other formats
    carry no comments: the result is empty.
    """
    if doc.format not in ("markdown", "html") or "factcheck" not in raw_text.lower():
        return ()
    from factcheck.ingest.markdown import suppressions

    found = suppressions(raw_text)
    if not found:
        return ()
    same_offsets = doc.format == "markdown" and len(raw_text) == len(doc.text)
    placer = None if same_offsets else _Placer(doc.text)
    out: list[Suppression] = []
    for start, rules, reason in found:
        line = raw_text.count("\n", 0, start) + 1
        if same_offsets:
            offset: int | None = start
        else:
            end = raw_text.find("-->", start)
            assert placer is not None
            offset = placer.place(raw_text[end + 3 if end >= 0 else len(raw_text):])
        out.append(Suppression(line, tuple(rules), reason, offset))
    return tuple(out)


class _Placer:
    """Find where page text lands in the extracted text, ignoring whitespace, in order."""

    def __init__(self, text: str):
        self.index = [i for i, c in enumerate(text) if not c.isspace()]
        self.compact = "".join(text[i] for i in self.index)
        self.pos = 0

    def place(self, after: str) -> int | None:
        visible = _html.unescape(_TAG.sub(" ", _RAW_BLOCK.sub(" ", _COMMENT.sub(" ", after[:4000]))))
        anchor = _WS.sub("", visible)
        for size in (_ANCHOR_CHARS, _ANCHOR_CHARS // 2, 6):
            probe = anchor[:size]
            if len(probe) < min(size, 4):
                return None
            at = self.compact.find(probe, self.pos)
            if at < 0:
                at = self.compact.find(probe)
            if at >= 0:
                self.pos = at
                return self.index[at]
        return None


# --------------------------------------------------------------------------- applying them

def rule_matches(finding: Finding, selector: str) -> bool:
    """``selector`` names the finding's rule (id), its category or a category prefix, or ALL."""
    return (selector == "ALL" or finding.rule == selector or finding.category == selector
            or finding.category.startswith(selector + "."))


def apply_suppressions(report: Report, suppressions: Sequence[Suppression],
                       known: Collection[str] | None = None) -> Filtered:
    """Drop the findings the valid comments silence; list the comments that silenced nothing.

    ``known`` (rule ids and categories) lets an unused comment say that its rule does not
    exist. Comments without a reason are ignored here (the caller warns about them).
    """
    valid = [s for s in suppressions if s.valid]
    if not valid:
        return Filtered(report)
    claims = sorted(report.claims, key=lambda c: (c.start, c.end, c.id))
    starts = [c.start for c in claims]
    owner = dict(report.figure_claim)

    def on_claim(f: Finding, cid: str) -> bool:
        return cid in f.claims or any(owner.get(x) == cid for x in f.figures)

    dropped: dict[str, Suppressed] = {}
    unused: list[Unused] = []
    for s in valid:
        reason = (s.reason or "").strip()
        target = None
        if s.offset is not None:
            i = bisect.bisect_left(starts, s.offset)
            target = claims[i].id if i < len(claims) else None
        if target is None:
            why = "the comment could not be placed in the text" if s.offset is None \
                else "no claim follows it"
            unused.append(Unused("inline", s.rules, f"unused suppression: {why}", s.line,
                                 reason))
            continue
        selectors = s.rules or ("ALL",)
        for sel in selectors:
            hit = False
            for f in report.findings:
                if rule_matches(f, sel) and on_claim(f, target):
                    hit = True
                    dropped.setdefault(f.id, Suppressed(f, "inline", reason, s.line))
            if not hit:
                what = "no finding" if sel == "ALL" else f"no '{sel}' finding"
                extra = ""
                if known is not None and sel != "ALL" and not _known(sel, known):
                    extra = f" (there is no rule '{sel}')"
                unused.append(Unused("inline", (sel,) if s.rules else (),
                                     f"unused suppression: {what} on the next claim{extra}",
                                     s.line, reason))
    kept = tuple(f for f in report.findings if f.id not in dropped)
    return Filtered(replace(report, findings=kept),
                    tuple(dropped[f.id] for f in report.findings if f.id in dropped),
                    tuple(unused))


def _known(selector: str, known: Collection[str]) -> bool:
    return selector in known or any(k.startswith(selector + ".") for k in known)


def missing_reason_warnings(source: str, suppressions: Sequence[Suppression]) -> list[str]:
    """One line per comment that suppresses nothing because it gives no reason."""
    return [f"{source}:{s.line}: suppression without a reason is ignored "
            '(write reason="why this finding is wrong")'
            for s in suppressions if not s.valid]
