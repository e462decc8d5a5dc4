"""Storing cases: JSON documents, the JSON Schema, and loading with full re-checks.

A stored case is its history. Loading replays every event through a desk, so a
loaded case can never disagree with its history. See docs/storing.md.
"""

from custrecovery.storage._documents import FORMAT_VERSION
from custrecovery.storage._documents import case_from_dict
from custrecovery.storage._documents import case_schema
from custrecovery.storage._documents import case_to_dict
from custrecovery.storage._documents import from_dict
from custrecovery.storage._documents import from_json
from custrecovery.storage._documents import to_dict
from custrecovery.storage._documents import to_json

__all__ = [
    "FORMAT_VERSION",
    "case_from_dict",
    "case_schema",
    "case_to_dict",
    "from_dict",
    "from_json",
    "to_dict",
    "to_json",
]
