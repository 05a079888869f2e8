"""Command-line arguments -> the files to check, in the order the user gave them.

An argument is a file (checked whatever its name, even a FIFO: ``<(cmd)`` works), ``-``
(standard input), a folder (walked recursively, sorted by name) or a glob (``*``, ``?``,
``[…]``, ``**`` for any depth). Folders and globs keep only regular files that match an
``include`` pattern and no ``exclude`` pattern; walks skip hidden names (``.git``),
symbolic links to folders, and anything that is not a regular file (FIFOs, sockets,
devices), so a walk never blocks on an ``open``.

Patterns are shell globs, matched without regard to case: a pattern without ``/`` matches
a file or folder name (``*.md``, ``drafts``), one with ``/`` matches the path below the
argument or the path as shown (``articles/drafts/*``). Arguments that name nothing to
check are reported as ``problems`` (one line each); a missing file is passed through so
that reading it reports it in its place.
"""
from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fnmatch import fnmatchcase

DEFAULT_INCLUDE: tuple[str, ...] = ("*.txt", "*.md", "*.markdown", "*.html", "*.htm", "*.docx")
STDIN = "-"
_GLOB_CHARS = frozenset("*?[")


@dataclass(frozen=True, slots=True)
class Inputs:
    """The files to check (``-`` for standard input) and one line per argument that named none."""

    paths: tuple[str, ...]
    problems: tuple[str, ...] = ()


def is_glob(arg: str) -> bool:
    return any(c in _GLOB_CHARS for c in arg)


def expand(args: Sequence[str], include: Sequence[str] = DEFAULT_INCLUDE,
           exclude: Sequence[str] = ()) -> Inputs:
    """Expand ``args`` in order; each file appears once (its first place)."""
    include = tuple(p.lower() for p in include if p) or DEFAULT_INCLUDE
    exclude = tuple(p.lower().rstrip("/") for p in exclude if p)
    out: list[str] = []
    problems: list[str] = []
    seen: set[str] = set()

    def add(path: str) -> None:
        key = path if path == STDIN else os.path.normpath(path)
        if key not in seen:
            seen.add(key)
            out.append(path)

    for arg in args:
        if arg == STDIN:
            if STDIN in seen:
                problems.append("-: standard input given more than once")
            add(STDIN)
            continue
        if os.path.isdir(arg):
            found = list(_walk(arg, include, exclude, problems))
            if not found:
                problems.append(f"{arg}: no files to check (include: {', '.join(include)})")
            for path in found:
                add(path)
            continue
        if is_glob(arg) and not os.path.lexists(arg):
            matched = _glob(arg, include, exclude, problems)
            if not matched:
                problems.append(f"{arg}: no file matches")
            for path in matched:
                add(path)
            continue
        add(arg)                       # a file, a FIFO, or missing: reading it will tell
    return Inputs(tuple(out), tuple(problems))


def matches(name: str, rel: str, shown: str, patterns: Iterable[str]) -> bool:
    """Does any pattern match this name, relative path or shown path (all compared lowercase)?"""
    name, rel, shown = name.lower(), rel.lower(), shown.lower()
    for pat in patterns:
        if "/" in pat:
            if fnmatchcase(rel, pat) or fnmatchcase(shown, pat) or fnmatchcase(shown, "*/" + pat):
                return True
        elif fnmatchcase(name, pat):
            return True
    return False


# --------------------------------------------------------------------------- internals

def _join(root: str, rel: str) -> str:
    if root in (".", "./"):
        return rel
    return os.path.join(root, rel)


def _walk(root: str, include: tuple[str, ...], exclude: tuple[str, ...],
          problems: list[str]) -> Iterable[str]:
    """Regular files under ``root``, sorted by name, depth first; never opens a file.

    An explicit stack of listings, not recursion, so no folder depth can exhaust Python's
    recursion limit."""
    stack = [iter(_listing(root, root, "", include, exclude, problems))]
    while stack:
        try:
            kind, rel, path = next(stack[-1])
        except StopIteration:
            stack.pop()
            continue
        if kind == "f":
            yield _join(root, rel)
        else:
            stack.append(iter(_listing(root, path, rel, include, exclude, problems)))


def _listing(root: str, folder: str, rel_dir: str, include: tuple[str, ...],
             exclude: tuple[str, ...], problems: list[str]) -> list[tuple[str, str, str]]:
    """("f" | "d", path below root, path on disk) for one folder, sorted, filtered."""
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as e:
        where = _join(root, rel_dir) if rel_dir else root
        reason = "permission denied" if isinstance(e, PermissionError) else \
            f"cannot list: {(e.strerror or str(e)).lower()}"
        problems.append(f"{where}: {reason}")
        return []
    out: list[tuple[str, str, str]] = []
    for entry in entries:
        name = entry.name
        if name.startswith("."):
            continue
        rel = f"{rel_dir}/{name}" if rel_dir else name
        shown = _join(root, rel)
        try:
            if entry.is_dir(follow_symlinks=False):
                if not matches(name, rel, shown, exclude):
                    out.append(("d", rel, entry.path))
                continue
            regular = entry.is_file()     # follows a link to a file; False for a FIFO
        except OSError:
            continue
        if regular and matches(name, rel, shown, include) \
                and not matches(name, rel, shown, exclude):
            out.append(("f", rel, entry.path))
    return out


def _glob(pattern: str, include: tuple[str, ...], exclude: tuple[str, ...],
          problems: list[str]) -> list[str]:
    out: list[str] = []
    for hit in sorted(glob.glob(pattern, recursive=True)):
        if os.path.isdir(hit):
            out.extend(_walk(hit, include, exclude, problems))
            continue
        if not os.path.isfile(hit):           # FIFOs, sockets, dangling links
            continue
        name = os.path.basename(hit)
        if matches(name, hit, hit, include) and not matches(name, hit, hit, exclude):
            out.append(hit)
    return out
