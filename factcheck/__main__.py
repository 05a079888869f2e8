"""``python -m factcheck``: the same command line as the ``factcheck`` script."""
from __future__ import annotations

import sys

from factcheck.cli import main

if __name__ == "__main__":
    sys.exit(main())
