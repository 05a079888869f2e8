"""factcheck: find where an article's numbers contradict each other (zh + en)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from factcheck.model import Extraction, Report


def extract(text: str, published: str | None = None) -> "Extraction":
    """Every figure in ``text``, normalised, with code-point offsets."""
    from factcheck.extraction import extract as _extract

    return _extract(text, published=published)


def check(text_or_path: str, **options: Any) -> "Report":
    """The whole pipeline on a text or a path; see factcheck.api.check."""
    from factcheck.api import check as _check

    return _check(text_or_path, **options)
