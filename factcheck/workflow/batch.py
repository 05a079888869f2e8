"""Many files: a process pool, results handed back in input order, Ctrl-C safe.

``Runner`` checks a list of inputs with ``jobs`` worker processes (concurrent.futures,
``fork`` where the platform has it, so workers inherit the loaded rules), in chunks of a
few files, with at most a few chunks per worker in flight: memory stays bounded however
many files there are, and a slow file (a FIFO nobody writes to) holds back only what
comes after it. ``jobs=1``, or a single file, runs in this process. Iterating a Runner
yields one ``Outcome`` per input, in input order, as soon as it and everything before it
is done; ``on_complete`` hears of each finished chunk at once, in any order (progress).

Workers ignore SIGINT: on Ctrl-C the main process gets KeyboardInterrupt, calls
``close()`` (which terminates the workers) and ``leftovers()`` gives what had finished
but was not handed out yet, so it can still be written. An input that cannot be read is
an ``Outcome`` with ``error`` (one line naming it), never an exception; so is an internal
failure on one file (with ``FACTCHECK_DEBUG=1`` it raises instead, for the traceback).
"""
from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Self

from factcheck.errors import FactcheckError
from factcheck.model import Report
from factcheck.text import sections
from factcheck.workflow.config import RuleSpec
from factcheck.workflow.suppress import Suppression

MODES = ("check", "extract", "claims")
WINDOW_PER_JOB = 4            # chunks in flight per worker
MAX_CHUNK = 32
POLL_SECONDS = 0.2            # how long Ctrl-C may wait to be noticed


@dataclass(frozen=True)
class Settings:
    """Everything a worker needs, picklable."""

    mode: str = "check"
    spec: RuleSpec = field(default_factory=RuleSpec)
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    published: str | None = None
    # the output is JSON Lines and nothing is filtered after the check (no baseline): a worker
    # then writes the report's line itself, and only that string travels back
    json_lines: bool = False


@dataclass(frozen=True, slots=True)
class Outcome:
    """One input's result: a report, or the one-line error that stopped it."""

    index: int
    source: str
    report: Report | None = None
    error: str | None = None
    suppressions: tuple[Suppression, ...] = ()
    sectioned: bool = False          # too long to check whole: the caller runs sections_of()
    line: str | None = None          # the report's JSON line, rendered where it was made
    severities: tuple[str, ...] = ()  # of the findings in ``line``


Item = tuple[str, "bytes | None"]          # (path or "-", bytes already read, for stdin)

# the worker's state: set in the main process before the pool forks, so forked workers
# inherit it; a spawned worker rebuilds it in _init
_STATE: tuple[Settings, list[Any] | None] | None = None


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def prepare(settings: Settings, rules: list[Any] | None) -> None:
    """Set this process's worker state (the rules already built by the caller)."""
    global _STATE
    _STATE = (settings, rules)


def _init(settings: Settings) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)       # the main process handles Ctrl-C
    global _STATE
    if _STATE is not None and _STATE[0] == settings:
        return
    rules = None
    if settings.mode == "check":
        from factcheck.workflow.config import build_rules

        rules = build_rules(settings.spec)
    _STATE = (settings, rules)


def debug_mode() -> bool:
    """FACTCHECK_DEBUG is set: let internal errors raise with their traceback."""
    return os.environ.get("FACTCHECK_DEBUG", "") not in ("", "0")


def check_one(index: int, path: str, data: bytes | None = None) -> Outcome:
    """Read, ingest and run the mode's pipeline on one input; never raises for the input."""
    assert _STATE is not None, "prepare() or _init() first"
    settings, rules = _STATE
    from factcheck.ingest import STDIN_SOURCE, load_bytes

    source = STDIN_SOURCE if path == "-" else path
    try:
        if data is None:
            data = read_input(path)
        doc = load_bytes(data, source, settings.published)
        sups: tuple[Suppression, ...] = ()
        if sections.needs_sections(len(doc.text)):
            return Outcome(index, source, sectioned=True)
        if settings.mode == "check":
            from factcheck.api import check_document

            report = check_document(doc, rules=rules, select=settings.select,
                                    ignore=settings.ignore)
            sups = _suppressions(doc, data)
        elif settings.mode == "claims":
            from factcheck.api import link_document

            report = link_document(doc)
        else:
            from factcheck.extraction import extract_document

            report = Report(extraction=extract_document(doc))
        if settings.json_lines and not sups:
            return _as_line(index, source, settings.mode, report)
        return Outcome(index, source, report, None, sups)
    except FactcheckError as e:
        return Outcome(index, source, error=str(e))
    except Exception as e:
        if debug_mode():
            raise
        msg = " ".join(str(e).split())[:200]
        return Outcome(index, source, error=f"{source}: internal error: {type(e).__name__}"
                       f"{': ' + msg if msg else ''} (FACTCHECK_DEBUG=1 shows the traceback)")


def _as_line(index: int, source: str, mode: str, report: Report) -> Outcome:
    """The Outcome that carries the rendered line instead of the report (cheaper to send
    from a worker than the report's figures, claims and findings as objects)."""
    from factcheck.report.jsonout import render_mode

    return Outcome(index, source, line=render_mode(mode, report),
                   severities=tuple(f.severity for f in report.findings))


def sections_of(path: str, data: bytes | None = None) -> tuple[Any, tuple[Suppression, ...], Iterator[Report]]:
    """A long input's document, its suppression comments and its reports, one per section
    (``factcheck.api.check_sections``), so that only one section is in memory at a time.
    Run where the output is written (the main process); raises FactcheckError for the input."""
    assert _STATE is not None, "prepare() or _init() first"
    settings, rules = _STATE
    from factcheck.api import check_sections
    from factcheck.ingest import STDIN_SOURCE, load_bytes

    source = STDIN_SOURCE if path == "-" else path
    if data is None:
        data = read_input(path)
    doc = load_bytes(data, source, settings.published)
    sups = _suppressions(doc, data) if settings.mode == "check" else ()
    del data
    reports = check_sections(doc, mode=settings.mode, rules=rules, select=settings.select,
                             ignore=settings.ignore)
    return doc, sups, reports


def read_input(path: str) -> bytes:
    """The bytes of a file or of standard input, capped as ingest caps them."""
    from factcheck import ingest

    if path == "-":
        return ingest._read_stdin()
    return ingest._read_file(path)


def _suppressions(doc: Any, data: bytes) -> tuple[Suppression, ...]:
    from factcheck.workflow.suppress import find_suppressions, may_have_suppressions

    if doc.format not in ("markdown", "html") or not may_have_suppressions(data):
        return ()
    if doc.format == "html":
        from factcheck.ingest.html import decode_html

        raw = decode_html(data, doc.source)
    else:
        from factcheck.ingest.decode import decode_bytes

        raw = decode_bytes(data, doc.source)
    return find_suppressions(raw, doc)


def _check_chunk(start: int, items: Sequence[Item]) -> list[Outcome]:
    return [check_one(start + i, path, data) for i, (path, data) in enumerate(items)]


# --------------------------------------------------------------------------- the runner

class Runner:
    """Iterate to get Outcomes in input order; see the module docstring."""

    def __init__(self, items: Sequence[Item], settings: Settings, jobs: int,
                 on_complete: Callable[[list[Outcome]], None] | None = None):
        self.items = list(items)
        self.settings = settings
        self.on_complete = on_complete
        n = len(self.items)
        self.jobs = max(1, min(jobs, n))
        self.chunk = max(1, min(MAX_CHUNK, n // (self.jobs * 16))) if n else 1
        self.n_chunks = (n + self.chunk - 1) // self.chunk
        self.window = self.jobs * WINDOW_PER_JOB
        self._pool: Any = None
        self._futures: dict[int, Any] = {}
        self._reported: set[int] = set()
        self._next_submit = 0
        self._next_yield = 0              # chunk number
        self._yielded_items = 0
        self._started = False

    @property
    def parallel(self) -> bool:
        return self.jobs > 1

    def start(self) -> None:
        """Create the pool and submit the first chunks (before any thread starts: fork)."""
        if self._started:
            return
        self._started = True
        if not self.parallel or not self.items:
            return
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        ctx = None
        if "fork" in mp.get_all_start_methods() and sys.platform.startswith("linux"):
            ctx = mp.get_context("fork")
        self._pool = ProcessPoolExecutor(max_workers=self.jobs, mp_context=ctx,
                                         initializer=_init, initargs=(self.settings,))
        self._fill()

    def _fill(self) -> None:
        while self._next_submit < self.n_chunks and \
                self._next_submit - self._next_yield < self.window:
            k = self._next_submit
            lo = k * self.chunk
            self._futures[k] = self._pool.submit(_check_chunk, lo, self.items[lo:lo + self.chunk])
            self._next_submit += 1

    def _result(self, k: int) -> list[Outcome]:
        fut = self._futures[k]
        lo = k * self.chunk
        try:
            return fut.result()
        except Exception as e:
            if debug_mode() and not _is_broken(e):
                raise
            why = "a worker process died" if _is_broken(e) else f"{type(e).__name__}: {e}"
            from factcheck.ingest import STDIN_SOURCE

            return [Outcome(lo + i, STDIN_SOURCE if p == "-" else p,
                            error=f"{STDIN_SOURCE if p == '-' else p}: not checked: {why}")
                    for i, (p, _) in enumerate(self.items[lo:lo + self.chunk])]

    def _report_done(self) -> None:
        if self.on_complete is None:
            return
        for k, fut in list(self._futures.items()):
            if k not in self._reported and fut.done() and not fut.cancelled():
                self._reported.add(k)
                self.on_complete(self._result(k))

    def __iter__(self) -> Iterator[Outcome]:
        self.start()
        if not self.parallel:
            for i, (path, data) in enumerate(self.items):
                out = check_one(i, path, data)
                self._yielded_items = i + 1
                if self.on_complete is not None:
                    self.on_complete([out])
                yield out
            return
        from concurrent.futures import FIRST_COMPLETED, wait

        while self._next_yield < self.n_chunks:
            self._fill()
            head = self._futures[self._next_yield]
            if not head.done():           # sleep until some chunk (not only the head) is done
                # with a timeout: a SIGINT the kernel hands to one of the pool's threads does
                # not wake this one, which must run Python code to raise KeyboardInterrupt
                wait([f for f in self._futures.values() if not f.done()],
                     timeout=POLL_SECONDS, return_when=FIRST_COMPLETED)
            self._report_done()
            while self._next_yield < self.n_chunks and self._futures[self._next_yield].done():
                k = self._next_yield
                results = self._result(k)
                if k not in self._reported:
                    self._reported.add(k)
                    if self.on_complete is not None:
                        self.on_complete(results)
                del self._futures[k]
                self._next_yield += 1
                for out in results:
                    self._yielded_items += 1
                    yield out
                self._fill()

    def leftovers(self) -> list[Outcome]:
        """After an interruption: finished outcomes not yet yielded, in input order."""
        out: list[Outcome] = []
        for k in sorted(self._futures):
            fut = self._futures[k]
            if k < self._next_yield or not fut.done() or fut.cancelled():
                continue
            if fut.exception() is not None:
                continue
            out.extend(o for o in fut.result() if o.index >= self._yielded_items)
        return out

    def close(self, terminate: bool = False) -> None:
        """Shut the pool down; ``terminate`` stops workers in the middle of a file."""
        pool, self._pool = self._pool, None
        if pool is None:
            return
        for fut in self._futures.values():
            fut.cancel()
        if terminate:
            for proc in list((getattr(pool, "_processes", None) or {}).values()):
                try:
                    proc.terminate()
                except (OSError, ValueError, AttributeError):
                    pass
        pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close(terminate=exc[0] is not None)


def _is_broken(e: BaseException) -> bool:
    from concurrent.futures.process import BrokenProcessPool

    return isinstance(e, BrokenProcessPool)
