"""The ``custrecovery`` command line, and the demo it plays (not library code)."""

from custrecovery.cli._main import main

__all__ = [
    "main",
]
