"""Errors that end a run with exit code 2 and one line for the user (never a traceback)."""
from __future__ import annotations


class FactcheckError(Exception):
    """Base: the message is the whole line shown to the user."""

    exit_code = 2


class InputError(FactcheckError):
    """A file could not be read or decoded: the message names the file."""


class RuleFileError(FactcheckError):
    """A rule file is malformed: the message names the file, the line and the fix."""

    def __init__(self, path: str, line: int | None, problem: str, fix: str | None = None):
        self.path, self.line, self.problem, self.fix = path, line, problem, fix
        where = f"{path}:{line}" if line else path
        msg = f"{where}: {problem}"
        if fix:
            msg += f" ({fix})"
        super().__init__(msg)


class ConfigError(FactcheckError):
    """A configuration file or option is wrong: the message names the file and key."""
