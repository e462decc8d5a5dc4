"""``python -m custrecovery``: the command line (see :mod:`custrecovery.cli`)."""

from __future__ import annotations

import sys

from custrecovery.cli import main

if __name__ == "__main__":
    sys.exit(main())
