"""Storing cases: JSON documents, the JSON Schema, loading limits, sealing and verifying.

A stored case is its history, sealed by a digest chain and marked with the desk
whose rules built it. Loading checks the limits, the provenance and the seal,
then replays every event through a desk, so a loaded case can never disagree
with its history. See docs/storing.md.
"""

from custrecovery.storage._documents import FORMAT_VERSION
from custrecovery.storage._documents import case_from_dict
from custrecovery.storage._documents import case_schema
from custrecovery.storage._documents import case_to_dict
from custrecovery.storage._documents import from_dict
from custrecovery.storage._documents import from_json
from custrecovery.storage._documents import to_dict
from custrecovery.storage._documents import to_json
from custrecovery.storage._documents import verify_document
from custrecovery.storage._limits import LoadingLimits
from custrecovery.storage._seal import VerifiedDocument

__all__ = [
    "FORMAT_VERSION",
    "LoadingLimits",
    "VerifiedDocument",
    "case_from_dict",
    "case_schema",
    "case_to_dict",
    "from_dict",
    "from_json",
    "to_dict",
    "to_json",
    "verify_document",
]
