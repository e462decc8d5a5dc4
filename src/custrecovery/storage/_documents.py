"""JSON for cases, events and values, built on cattrs.

Format rules
------------
* A case document is ``{"format": "custrecovery.case", "format_version": 2, ...}``
  holding its provenance (the lifecycle's name and the desk's fingerprint), its
  seal, the case's snapshot fields (for a CRM's own columns) and its full
  ``history``, each event with its ``digest`` (see :mod:`._seal`).
* Loading needs the :class:`~custrecovery.Desk` to replay under (``desk=``):
  it checks the limits (:class:`LoadingLimits`), the header, the provenance
  against the desk's fingerprint, the digest chain, then *replays* the history
  and checks the stored snapshot against the replayed case, so a stored case
  can never disagree with its own history.
* A document written under another fingerprint loads only if the caller
  accepts that fingerprint (``accept_fingerprints=``): its events are then
  replayed under this desk's rules, and it is stored again under this desk's.
* Format version 1 documents (no provenance, no seal) load only with
  ``legacy=True``; stored again, they are sealed.
* Money is ``{"amount": "10.50", "currency": "EUR"}``: the amount an exact
  decimal string (:data:`custrecovery.money.DECIMAL_PATTERN`), never a JSON number.
* Times are ISO 8601 with an offset; a time without one is refused. Durations
  are seconds as an exact decimal string.
* Operations are a tagged union on ``"kind"`` (the lifecycle's event names).
* Unknown keys, duplicate keys, wrong types, unknown kinds or enum values are
  refused.

Every problem raises :class:`~custrecovery.DataError` whose ``where`` is a path
such as ``$.history[3].operation.at`` (with a line and column for JSON text);
nothing is half-built.
"""

from __future__ import annotations

import functools
import importlib.resources
import json
from collections.abc import Collection
from collections.abc import Mapping
from typing import TYPE_CHECKING
from typing import Any
from typing import cast

from custrecovery.cases import Case
from custrecovery.cases import Event
from custrecovery.errors import DataError
from custrecovery.errors import InvalidValue
from custrecovery.operations import Operation
from custrecovery.parties import Actor
from custrecovery.storage._converter import _CACHED_ACTOR_CHARACTERS
from custrecovery.storage._converter import _T
from custrecovery.storage._converter import _structure
from custrecovery.storage._converter import _unstructure
from custrecovery.storage._limits import DEFAULT_LIMITS
from custrecovery.storage._limits import LoadingLimits
from custrecovery.storage._limits import Refusal
from custrecovery.storage._limits import canonical
from custrecovery.storage._limits import check_data
from custrecovery.storage._limits import json_kind
from custrecovery.storage._limits import render_path
from custrecovery.storage._seal import FORMAT
from custrecovery.storage._seal import KEYED
from custrecovery.storage._seal import UNKEYED
from custrecovery.storage._seal import VerifiedDocument
from custrecovery.storage._seal import check_chain
from custrecovery.storage._seal import check_key
from custrecovery.storage._seal import header_of
from custrecovery.storage._seal import read_header
from custrecovery.storage._seal import seal_events
from custrecovery.storage._text import parse_json

if TYPE_CHECKING:
    from custrecovery.desk import Desk

__all__ = [
    "FORMAT_VERSION",
    "case_from_dict",
    "case_schema",
    "case_to_dict",
    "from_dict",
    "from_json",
    "to_dict",
    "to_json",
    "verify_document",
]

FORMAT_VERSION = 2
"""The version of the case document format this library writes (it reads 1 with
``legacy=True``)."""
_LEGACY_VERSION = 1

_KEYS = frozenset(
    {"format", "format_version", "case_id", "provenance", "seal", "state", "owner", "version",
     "history"}
)  # fmt: skip
_LEGACY_KEYS = frozenset(
    {"format", "format_version", "case_id", "state", "owner", "version", "history"}
)


def _accepted(fingerprints: Collection[str]) -> frozenset[str]:
    if isinstance(fingerprints, str):
        raise InvalidValue("accept_fingerprints is a collection of fingerprints, not one string")
    return frozenset(fingerprints)


def _limits(limits: LoadingLimits | None) -> LoadingLimits:
    if limits is None:
        return DEFAULT_LIMITS
    if not isinstance(limits, LoadingLimits):
        raise InvalidValue(f"limits must be a LoadingLimits, got {type(limits).__name__}")
    return limits


def _checked(data: Any, limits: LoadingLimits) -> None:
    """Raise a DataError unless ``data`` is plain JSON data within ``limits``."""
    try:
        check_data(data, limits)
    except Refusal as refusal:
        raise DataError(refusal.problem, where=render_path(refusal.path)) from None


def to_dict(value: Any) -> Any:
    """Plain JSON-ready data for any custrecovery value, operation or event."""
    if isinstance(value, Case):
        return case_to_dict(value)
    return _unstructure(value)


def from_dict(cls: type[_T], data: Any, *, limits: LoadingLimits | None = None) -> _T:
    """Build a value of type ``cls`` from :func:`to_dict` data (not a case: see below).

    ``data`` is checked against ``limits`` (:class:`LoadingLimits`) first.
    """
    if cls is Case:
        raise TypeError("use case_from_dict(data, desk=...) for cases")
    _checked(data, _limits(limits))
    return _from_data(cls, data)


def _from_data(cls: type[_T], data: Any) -> _T:
    if isinstance(cls, type) and issubclass(cls, Operation) and cls is not Operation:
        # Operations are written with their kind: read them through the union.
        operation = _structure(data, Operation, "$")
        if not isinstance(operation, cls):
            raise DataError(f"expected kind {cls.kind!r}, got {operation.kind!r}", where="$.kind")
        return operation
    return _structure(data, cls, "$")


# --- writing --------------------------------------------------------------------------


def _provenance(case: Case, desk: Desk | None) -> dict[str, Any]:
    # The mark a desk leaves on the cases it builds is its fingerprint (see
    # custrecovery.desk._minting); it is read here, never written.
    mark = case._minted_by
    if desk is not None:
        _require_desk(desk)
        if mark is not None and mark != desk.fingerprint:
            raise InvalidValue(
                f"case {case.case_id!r} was built under fingerprint {mark}, not this desk's "
                f"{desk.fingerprint}: store it with the desk that built or loaded it"
            )
        return {"lifecycle": desk.lifecycle.__name__, "fingerprint": desk.fingerprint}
    if not isinstance(mark, str):
        raise InvalidValue(
            f"case {case.case_id!r} was not built or loaded by a desk, so its provenance is "
            "unknown: pass desk= to store it under that desk's rules"
        )
    return {"lifecycle": None, "fingerprint": mark}


def _sealed(
    case: Case, desk: Desk | None, seal_key: bytes | None, *, dicts: bool = True
) -> tuple[dict[str, Any], list[dict[str, Any]], list[str]]:
    """The header (no history), the event dicts (with digests unless ``dicts`` is False)
    and their stored texts."""
    if not isinstance(case, Case):
        raise InvalidValue(f"expected a Case, got {type(case).__name__}")
    key = check_key(seal_key)
    provenance = _provenance(case, desk)
    algorithm = KEYED if key is not None else UNKEYED
    events = [_unstructure(event) for event in case.history]
    texts = [canonical(event) for event in events]
    header = header_of(case.case_id, provenance, algorithm, FORMAT_VERSION)
    digests, head = seal_events(header, texts, key)
    # The digest goes last in the stored text (key order means nothing in JSON).
    texts = [
        f'{text[:-1]},"digest":"{digest}"}}' for text, digest in zip(texts, digests, strict=True)
    ]
    if dicts:
        for event, digest in zip(events, digests, strict=True):
            event["digest"] = digest
    document = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "case_id": case.case_id,
        "provenance": provenance,
        "seal": {"algorithm": algorithm, "events": len(events), "head": head},
        "state": case.state,
        "owner": _unstructure(case.owner),
        "version": case.version,
    }
    return document, events, texts


def case_to_dict(
    case: Case, *, desk: Desk | None = None, seal_key: bytes | None = None
) -> dict[str, Any]:
    """The case document: header, provenance, seal, snapshot fields and sealed history.

    ``desk`` records the lifecycle's name (the fingerprint comes from the desk
    that built or loaded the case; a case made by hand needs ``desk``).
    ``seal_key`` (16 to 64 bytes) seals the history with a key.
    """
    document, events, _ = _sealed(case, desk, seal_key)
    document["history"] = events
    return document


# --- reading --------------------------------------------------------------------------


@functools.lru_cache(maxsize=4096)
def _actor_document(actor: Actor) -> Any:
    # The stored owner is compared with the replayed one as written: the same
    # few people own case after case, so their written form is kept.
    return _unstructure(actor)


def _require_desk(desk: object) -> Desk:
    from custrecovery.desk import Desk

    if desk is None:
        raise InvalidValue(
            "loading a case needs desk=: the Desk whose lifecycle and rules its history "
            "is replayed under (a fresh Desk() would ignore your rules and plugins)"
        )
    if not isinstance(desk, Desk):
        raise InvalidValue(f"desk must be a Desk, got {type(desk).__name__}")
    return desk


def _header(data: Any, *, legacy: bool, limits: LoadingLimits) -> int:
    """The document's format version, once its top level is well formed."""
    if not isinstance(data, Mapping):
        raise DataError(f"a case document is an object, got {json_kind(data)}", where="$")
    version = data.get("format_version")
    expected = _LEGACY_KEYS if type(version) is int and version == _LEGACY_VERSION else _KEYS
    if data.keys() != expected:
        missing = sorted(expected - data.keys())
        extra = sorted(map(str, data.keys() - expected))[:10]
        raise DataError(f"missing keys {missing}, unknown keys {extra}", where="$")
    if data["format"] != FORMAT:
        raise DataError(f"not a case document: format {_shown(data['format'])}", where="$.format")
    for key in ("format_version", "version"):
        if type(data[key]) is not int:
            raise DataError(f"expected an integer, got {json_kind(data[key])}", where=f"$.{key}")
    if version == _LEGACY_VERSION and not legacy:
        raise DataError(
            "format_version 1 documents carry no provenance and no seal: load them with "
            "legacy=True (stored again, they are sealed)",
            where="$.format_version",
        )
    if version not in (FORMAT_VERSION, _LEGACY_VERSION):
        raise DataError(
            f"format_version {version} is not {FORMAT_VERSION} (or 1 with legacy=True)",
            where="$.format_version",
        )
    if type(data["case_id"]) is not str:
        raise DataError(f"expected a string, got {json_kind(data['case_id'])}", where="$.case_id")
    history = data["history"]
    if not isinstance(history, list) or not history:
        raise DataError("history must be a non-empty list", where="$.history")
    if len(history) > limits.max_events:
        raise DataError(
            f"a history of {len(history)} events, over the limit of {limits.max_events} "
            "(LoadingLimits.max_events)",
            where="$.history",
        )
    return cast(int, version)


def case_from_dict(
    data: Any,
    *,
    desk: Desk,
    seal_key: bytes | None = None,
    limits: LoadingLimits | None = None,
    accept_fingerprints: Collection[str] = (),
    legacy: bool = False,
) -> Case:
    """Load a case by replaying its stored history under ``desk``; check everything first.

    ``desk`` (required) is the :class:`~custrecovery.Desk` whose lifecycle and
    rules the history is replayed under; the document must have been written
    under its fingerprint, or one in ``accept_fingerprints`` (a migration: the
    events are replayed under this desk's rules). ``seal_key`` checks a history
    sealed with a key. ``limits`` bounds the document (:class:`LoadingLimits`).
    ``legacy=True`` loads format version 1 documents, which have no seal.
    """
    desk = _require_desk(desk)
    key = check_key(seal_key)
    return _load(data, desk, key, _accepted(accept_fingerprints), legacy, _limits(limits), True)


def _load(
    data: Any,
    desk: Desk,
    key: bytes | None,
    accept: frozenset[str],
    legacy: bool,
    limits: LoadingLimits,
    check_seal: bool,
    checked: bool = False,
) -> Case:
    """The case in ``data`` (``checked``: the JSON text it came from met ``limits``)."""
    version = _header(data, legacy=legacy, limits=limits)
    raws: list[Any]
    # The limits before any work: the header here, the events as the chain reads them.
    if not checked:
        _checked({name: value for name, value in data.items() if name != "history"}, limits)
    if version == FORMAT_VERSION:
        lifecycle, fingerprint, algorithm, sealed = read_header(data, key)
        if fingerprint != desk.fingerprint and fingerprint not in accept:
            raise DataError(
                f"written under {lifecycle or 'a lifecycle'} with fingerprint {fingerprint}, "
                f"but this desk runs {desk.lifecycle.__name__} with fingerprint "
                f"{desk.fingerprint}: pass accept_fingerprints=[...] to migrate it (its "
                "events are replayed under this desk's rules)",
                where="$.provenance.fingerprint",
            )
        raws = check_chain(
            data, lifecycle, fingerprint, algorithm, sealed, key, limits, verify=check_seal,
            scan=not checked,
        )  # fmt: skip
    else:
        raws = data["history"]
        if not checked:
            _checked(raws, limits)
    events = [_structure(raw, Event, f"$.history[{index}]") for index, raw in enumerate(raws)]
    case: Case = desk.replay(events, case_id=data["case_id"])
    for name in ("state", "version"):
        if data[name] != getattr(case, name):
            raise DataError(
                f"stored {name} {_shown(data[name])} but the history gives {getattr(case, name)!r}",
                where=f"$.{name}",
            )
    owner = case.owner
    size = len(owner.actor_id) + len(owner.name) + len(owner.role) + len(owner.team)
    small = size <= _CACHED_ACTOR_CHARACTERS
    # Only small actors are cached (a hostile document's 10 MB names must not stay).
    if data["owner"] != (_actor_document(owner) if small else _unstructure(owner)):
        raise DataError(
            f"stored owner {_shown(data['owner'])} but the history gives {case.owner.actor_id!r}",
            where="$.owner",
        )
    return case


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 and isinstance(value, (str, int)) else json_kind(value)


def verify_document(
    document: Any, *, key: bytes | None = None, limits: LoadingLimits | None = None
) -> VerifiedDocument:
    """Check a stored case document's digest chain (and keyed seal) without any desk.

    For auditors: no plugins, no lifecycle, no replay. ``document`` is JSON text
    or the dict it holds; ``key`` is the firm's seal key for a keyed seal. Raises
    :class:`~custrecovery.DataError` naming the first bad event; returns what
    the document claims about itself once its seal holds.
    """
    checked_key = check_key(key)
    limits = _limits(limits)
    if isinstance(document, (str, bytes, bytearray)):
        data = parse_json(document, limits)
    else:
        data = document
    version = _header(data, legacy=True, limits=limits)
    if version != FORMAT_VERSION:
        raise DataError(
            "format_version 1 documents carry no seal: there is nothing to verify",
            where="$.format_version",
        )
    _checked({name: value for name, value in data.items() if name != "history"}, limits)
    lifecycle, fingerprint, algorithm, sealed = read_header(data, checked_key)
    check_chain(data, lifecycle, fingerprint, algorithm, sealed, checked_key, limits)
    return VerifiedDocument(
        case_id=data["case_id"],
        lifecycle=lifecycle,
        fingerprint=fingerprint,
        events=sealed,
        keyed=algorithm == KEYED,
    )


def case_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the case document :func:`case_to_dict` writes.

    Shipped as ``custrecovery/storage/case.schema.json`` for integrators in
    other languages.
    """
    text = importlib.resources.files("custrecovery").joinpath("storage/case.schema.json")
    schema: dict[str, Any] = json.loads(text.read_text(encoding="utf-8"))
    return schema


def to_json(
    value: Any,
    *,
    indent: int | None = None,
    desk: Desk | None = None,
    seal_key: bytes | None = None,
) -> str:
    """JSON text for a case, event, operation or value (``desk`` and ``seal_key``:
    for a case, as in :func:`case_to_dict`)."""
    if isinstance(value, Case):
        document, events, texts = _sealed(value, desk, seal_key, dicts=indent is not None)
        if indent is not None:
            document["history"] = events
            return json.dumps(document, indent=indent, ensure_ascii=False, sort_keys=True)
        # The events' canonical texts are already built for their digests: the
        # document reuses them rather than encoding every event twice.
        head = canonical(document)
        return f'{head[:-1]},"history":[{",".join(texts)}]}}'
    return json.dumps(to_dict(value), indent=indent, ensure_ascii=False, sort_keys=True)


def from_json(
    cls: type[_T],
    text: str | bytes,
    *,
    desk: Desk | None = None,
    seal_key: bytes | None = None,
    limits: LoadingLimits | None = None,
    accept_fingerprints: Collection[str] = (),
    legacy: bool = False,
) -> _T:
    """Parse JSON text into ``cls``; a case is loaded as by :func:`case_from_dict`,
    which needs ``desk``. The text is checked against ``limits`` before parsing."""
    if cls is Case:
        checked_desk = _require_desk(desk)
        key = check_key(seal_key)
        bounds = _limits(limits)
        data = parse_json(text, bounds)
        accept = _accepted(accept_fingerprints)
        case = _load(data, checked_desk, key, accept, legacy, bounds, True, checked=True)
        return cast(_T, case)
    return _from_data(cls, parse_json(text, _limits(limits)))
