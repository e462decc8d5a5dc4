"""The ``custrecovery`` command line, and the demo it plays (not library code).

:func:`main` runs it; :func:`build_parser` is its argument parser and
:func:`command_help` its help texts (the CLI docs page is generated from them);
:data:`EXIT_CODES` lists its exit statuses.
"""

from custrecovery.cli._main import EXIT_CODES
from custrecovery.cli._main import build_parser
from custrecovery.cli._main import command_help
from custrecovery.cli._main import main

__all__ = [
    "EXIT_CODES",
    "build_parser",
    "command_help",
    "main",
]
