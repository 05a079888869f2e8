"""One document's reading, remembered: extraction, linking and the checks each ask for the
fold, the word index or the lower-case words of the same text, one document at a time."""
from __future__ import annotations

import functools
from typing import Any, Callable, TypeVar

T = TypeVar("T")


def last_text(min_chars: int = 200) -> Callable[[Callable[[str], T]], Callable[[str], T]]:
    """Cache ``fn(text)`` for the last text of at least ``min_chars`` characters, by identity.

    The entry is one tuple, replaced whole, so threads never see half of it; a short text
    (a word looked up in passing) is computed without evicting the document."""
    def wrap(fn: Callable[[str], T]) -> Callable[[str], T]:
        box: list[tuple[Any, Any]] = [(None, None)]

        @functools.wraps(fn)
        def cached(text: str) -> T:
            key, value = box[0]
            if key is text:
                return value
            value = fn(text)
            if len(text) >= min_chars:
                box[0] = (text, value)
            return value

        return cached

    return wrap
