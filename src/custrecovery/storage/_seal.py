"""Sealing a stored history: a digest chain over canonical events, keyed when a key is set.

Rules
-----
* A case document (format version 2) records its *provenance* (the lifecycle's
  name and the desk's fingerprint) and its *seal*: the algorithm, the number
  of events sealed and a head digest.
* Every stored event carries ``digest``: the hash of the previous digest (for
  the first event, of the document's header: format, version, case id,
  provenance and algorithm) and of the event's canonical encoding, which is
  ``json.dumps(event, sort_keys=True, separators=(",", ":"),
  ensure_ascii=False)`` of the event without its digest, in UTF-8.
* Without a key the hash is SHA-256 (``"sha256-chain"``): it detects any edit,
  reorder, splice or removal by someone who does not recompute the chain. With
  a key (``seal_key``, 16 to 64 bytes) it is keyed BLAKE2b-256
  (``"blake2b-keyed-chain"``): recomputing it needs the key, so a forgery
  needs the key.
* The head is the hash of the last digest and the number of events: removing
  events from the end, or adding some, breaks it.
* Checking names the first bad event (``$.history[i]``); a document sealed
  with a key is refused without the key, and an unkeyed one when a key is
  given (anyone could have rewritten it).

Theory of operation: the canonical encoder is built once; writing encodes
each event once and reuses the text for the document (``to_json``), so
sealing costs a hash per event (~1-2 µs); checking re-encodes each event.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from collections.abc import Mapping
from typing import Any
from typing import final

import attrs

from custrecovery.errors import DataError
from custrecovery.errors import InvalidValue
from custrecovery.storage._limits import LoadingLimits
from custrecovery.storage._limits import Refusal
from custrecovery.storage._limits import canonical
from custrecovery.storage._limits import check_data
from custrecovery.storage._limits import encoded
from custrecovery.storage._limits import json_kind
from custrecovery.storage._limits import render_path
from custrecovery.storage._limits import texts_within

__all__ = [
    "KEYED",
    "UNKEYED",
    "VerifiedDocument",
    "check_key",
    "check_chain",
    "read_header",
    "seal_events",
]

UNKEYED = "sha256-chain"
KEYED = "blake2b-keyed-chain"
FORMAT = "custrecovery.case"

_FINGERPRINT = re.compile(r"sha256:[0-9a-f]{64}")
_DIGEST = re.compile(r"[0-9a-f]{64}")

Hasher = Callable[[bytes], str]


@final
@attrs.frozen
class VerifiedDocument:
    """What :func:`~custrecovery.storage.verify_document` found: a case document
    whose chain (and seal, if keyed) is intact."""

    case_id: str
    lifecycle: str | None
    """The name of the lifecycle it was written under (None if the writer gave no desk)."""
    fingerprint: str
    """The fingerprint of the desk whose rules built the case (``sha256:...``)."""
    events: int
    """How many events the seal covers."""
    keyed: bool
    """Whether the chain is keyed (forging it needs the key) or a plain SHA-256 chain."""


def check_key(key: object) -> bytes | None:
    """``key`` if it is None or 16 to 64 bytes; else InvalidValue."""
    if key is None:
        return None
    if not isinstance(key, bytes) or not 16 <= len(key) <= 64:
        shown = f"{len(key)} bytes" if isinstance(key, bytes) else type(key).__name__
        raise InvalidValue(f"a seal key is 16 to 64 bytes, got {shown}")
    return key


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _hasher(key: bytes | None) -> Hasher:
    if key is None:
        return _sha256
    # The key is absorbed once; each digest starts from a copy of that state.
    keyed = hashlib.blake2b(key=key, digest_size=32)

    def blake2b(data: bytes) -> str:
        state = keyed.copy()
        state.update(data)
        return state.hexdigest()

    return blake2b


def _utf8(text: str, where: str) -> bytes:
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidValue(f"{where} holds a lone surrogate, which is not text") from None


def _genesis(header: Mapping[str, Any], hasher: Hasher) -> str:
    return hasher(b"custrecovery.case\n" + _utf8(canonical(dict(header)), "the header"))


def _head(last: str, count: int, hasher: Hasher) -> str:
    return hasher(f"{last}\nhead\n{count}".encode("ascii"))


def header_of(
    case_id: str, provenance: Mapping[str, Any], algorithm: str, format_version: int
) -> dict[str, Any]:
    """The header fields the first digest covers."""
    return {
        "format": FORMAT,
        "format_version": format_version,
        "case_id": case_id,
        "provenance": dict(provenance),
        "algorithm": algorithm,
    }


def seal_events(
    header: Mapping[str, Any], texts: list[str], key: bytes | None
) -> tuple[list[str], str]:
    """The digests of events whose canonical texts are ``texts``, and the head."""
    hasher = _hasher(key)
    previous = _genesis(header, hasher)
    digests: list[str] = []
    append = digests.append
    try:
        for text in texts:
            previous = hasher(previous.encode("ascii") + b"\n" + text.encode("utf-8"))
            append(previous)
    except UnicodeEncodeError:
        raise InvalidValue(
            f"event {len(digests)} holds a lone surrogate, which is not text"
        ) from None
    return digests, _head(previous, len(texts), hasher)


# --- reading ------------------------------------------------------------------------


def _expect(ok: bool, problem: str, where: str) -> None:
    if not ok:
        raise DataError(problem, where=where)


def read_header(doc: Mapping[str, Any], key: bytes | None) -> tuple[str | None, str, str, int]:
    """``(lifecycle, fingerprint, algorithm, sealed events)`` from a version 2 document.

    Checks the shapes only (no desk): provenance, seal, and the algorithm
    against ``key``.
    """
    provenance = doc["provenance"]
    _expect(isinstance(provenance, Mapping), "provenance must be an object", "$.provenance")
    _expect(
        set(provenance) == {"lifecycle", "fingerprint"},
        "provenance has exactly 'lifecycle' and 'fingerprint'",
        "$.provenance",
    )
    lifecycle, fingerprint = provenance["lifecycle"], provenance["fingerprint"]
    _expect(
        lifecycle is None or (type(lifecycle) is str and lifecycle != ""),
        "expected the lifecycle's name or null",
        "$.provenance.lifecycle",
    )
    _expect(
        type(fingerprint) is str and _FINGERPRINT.fullmatch(fingerprint) is not None,
        "expected a desk fingerprint ('sha256:' and 64 hex digits)",
        "$.provenance.fingerprint",
    )
    seal = doc["seal"]
    _expect(isinstance(seal, Mapping), "seal must be an object", "$.seal")
    _expect(
        set(seal) == {"algorithm", "events", "head"},
        "seal has exactly 'algorithm', 'events' and 'head'",
        "$.seal",
    )
    algorithm, events, head = seal["algorithm"], seal["events"], seal["head"]
    _expect(
        algorithm in (UNKEYED, KEYED),
        f"unknown seal algorithm (expected {UNKEYED!r} or {KEYED!r})",
        "$.seal.algorithm",
    )
    _expect(type(events) is int and events >= 1, "expected a positive integer", "$.seal.events")
    _expect(
        type(head) is str and _DIGEST.fullmatch(head) is not None,
        "expected 64 hex digits",
        "$.seal.head",
    )
    if algorithm == KEYED and key is None:
        raise DataError(
            "the history is sealed with a key: pass the firm's seal_key to check it",
            where="$.seal.algorithm",
        )
    if algorithm == UNKEYED and key is not None:
        raise DataError(
            "the history is not sealed with a key, but a key was given: without one, "
            "anyone could have rewritten it",
            where="$.seal.algorithm",
        )
    return lifecycle, fingerprint, algorithm, events


def check_chain(
    doc: Mapping[str, Any], lifecycle: str | None, fingerprint: str, algorithm: str,
    sealed: int, key: bytes | None, limits: LoadingLimits, *, verify: bool = True,
    scan: bool = True,
) -> list[dict[str, Any]]:  # fmt: skip
    """The events of ``doc`` without their digests, once each is within ``limits``
    and the whole chain checks out (``verify=False``: the limits only; ``scan=False``:
    the text they came from was checked already).

    Raises a DataError naming the first event out of limits or whose digest does
    not follow.
    """
    hasher = _hasher(key)
    header = header_of(
        doc["case_id"],
        {"lifecycle": lifecycle, "fingerprint": fingerprint},
        algorithm,
        doc["format_version"],
    )
    events: list[dict[str, Any]] = []
    texts: list[bytes] = []
    for index, raw in enumerate(doc["history"]):
        where = f"$.history[{index}]"
        if not isinstance(raw, Mapping):
            raise DataError(f"an event is an object, not {json_kind(raw)}", where=where)
        stored = raw.get("digest")
        if type(stored) is not str:
            raise DataError("the event has no digest (a string)", where=f"{where}.digest")
        event = {name: value for name, value in raw.items() if name != "digest"}
        text = encoded(event)
        if text is None:  # not plain JSON data: the walk says where
            text = _checked(event, limits, index)
        events.append(event)
        texts.append(text)
    # The limits, for all events at once; only if they flag something, event by event.
    if scan and not texts_within(texts, limits, 2):
        for index, event in enumerate(events):
            _checked(event, limits, index)
        if sum(map(len, texts)) > limits.max_bytes:
            raise DataError(
                f"the history is larger than {limits.max_bytes} bytes (LoadingLimits.max_bytes)",
                where="$.history",
            )
    if not verify:
        return events
    previous = _genesis(header, hasher)
    for index, (raw, text) in enumerate(zip(doc["history"], texts, strict=True)):
        previous = hasher(previous.encode("ascii") + b"\n" + text)
        if previous != raw["digest"]:
            raise DataError(_broken(index), where=f"$.history[{index}]")
    count = len(events)
    if _head(previous, count, hasher) != doc["seal"]["head"]:
        if sealed > count:
            raise DataError(
                f"missing: the seal covers {sealed} events, the history holds {count} "
                "(events were removed from its end)",
                where=f"$.history[{count}]",
            )
        if sealed < count:
            raise DataError(
                f"not covered by the seal, which covers {sealed} events (added after sealing)",
                where=f"$.history[{sealed}]",
            )
        raise DataError("the head does not match the history", where="$.seal.head")
    if sealed != count:
        raise DataError(
            f"the seal's head covers {count} events, not {sealed}", where="$.seal.events"
        )
    return events


def _checked(event: dict[str, Any], limits: LoadingLimits, index: int) -> bytes:
    try:
        return check_data(event, limits, ("history", index))
    except Refusal as refusal:
        raise DataError(refusal.problem, where=render_path(refusal.path)) from None


def _broken(index: int) -> str:
    if index == 0:
        return (
            "the digest does not match: this event or the document's header (case id, "
            "provenance, seal algorithm) was changed, or it was sealed with another key"
        )
    return (
        "the digest does not match: this event was changed, or events were reordered, "
        "removed or spliced in from another history"
    )
