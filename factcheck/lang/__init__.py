"""Language packs: data files only (TOML), loaded once and cached.

Each language has a folder (``en/``, ``zh/``) whose files are read by the stage that needs
them: ``numbers.toml`` by extraction, ``text.toml`` by segmentation, and so on. Adding a
language is adding a folder.
"""
from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def languages() -> list[str]:
    """Languages that have a pack."""
    return sorted(p.name for p in HERE.iterdir() if p.is_dir() and not p.name.startswith("_"))


@lru_cache(maxsize=None)
def load(lang: str, name: str = "numbers") -> dict[str, Any]:
    """The parsed ``<lang>/<name>.toml``; a missing file is an empty pack."""
    path = HERE / lang / f"{name}.toml"
    if not path.exists():
        return {}
    with path.open("rb") as f:
        return tomllib.load(f)
