"""The editorial workflow around the pipeline: which files, which settings, what to drop.

- ``inputs``: command-line arguments (files, ``-``, folders, globs) -> the files to check,
  in input order, with include/exclude globs; folder walks skip anything not a regular file.
- ``config``: ``[tool.factcheck]`` in pyproject.toml or ``.factcheck.toml`` (nearest file
  upward wins), validated key by key; per-rule parameter overrides.
- ``suppress``: inline ``<!-- factcheck: ignore RULE reason="..." -->`` comments.
- ``baseline``: a JSON file of accepted findings keyed by ids that survive edits elsewhere.
- ``batch``: many files over a process pool, results in input order, Ctrl-C safe.

Nothing here is imported by ``factcheck`` itself: the CLI imports each module when a
command needs it, so start-up stays fast.
"""
