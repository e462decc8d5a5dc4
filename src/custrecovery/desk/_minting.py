"""The desk's trusted constructors: the next event and case, built fast and marked.

Why fast: an accepted operation builds one event and one case, and attrs'
generated ``__init__`` re-runs every validator through a bound
``object.__setattr__`` per field: about a third of the operation's cost. The
desk builds these two from values that already passed the same checks (the
owner is the last event's or the operation's ``by``, both validated Actors; the
event's version is ``len(history) + 1`` and its case id the last event's), so it
fills the slots directly (``apply_effect`` checks an owner that changes).
Anything else, a stored history above all, goes through the validating
constructors. The conformance kit (``custrecovery.testing``) checks after every
step that the case and each event pass ``attrs.validate``.

Why marked: every case a desk builds carries, in a private slot, the desk's
fingerprint (its lifecycle declaration and rules), and a desk applies operations
only to cases carrying its own (:func:`is_minted_by`, one comparison). A case
built by hand or changed with ``attrs.evolve`` carries none, and one built under
other rules carries theirs, so nobody can hand a desk a history it did not check
under its rules: the in-memory half of the integrity guarantee (stored documents
are checked by replay and their seals). Trusted: code in the same process that
deliberately writes the private slot; not trusted: the values callers pass.

The history grows by :meth:`~custrecovery.cases.History.appended`, sharing the
prefix, so building the next case is O(1) whatever the history's length.
"""

from __future__ import annotations

import attrs

from custrecovery._chain import Chain
from custrecovery.cases import Case
from custrecovery.cases import CaseDetails
from custrecovery.cases import Event
from custrecovery.cases import History
from custrecovery.operations import Operation
from custrecovery.operations import Record
from custrecovery.parties import Actor

__all__ = ["first_case", "is_minted_by", "mint", "next_case"]

_new = object.__new__
_EVENT_SLOTS = ("case_id", "version", "operation", "state", "owner")
_CASE_SLOTS = ("complaint", "history", "resolution", "customer_accepted", "details", "_minted_by")
# next_case must fill every slot: fail at import, not with a half-built case, if a
# field is added to either class and not here.
if set(attrs.fields_dict(Event)) != set(_EVENT_SLOTS) or set(attrs.fields_dict(Case)) != set(
    _CASE_SLOTS
):
    raise RuntimeError("custrecovery.desk._minting no longer fills every field of Event/Case")
_set_event = tuple(Event.__dict__[name].__set__ for name in _EVENT_SLOTS)
_set_case = tuple(Case.__dict__[name].__set__ for name in _CASE_SLOTS)
_set_minted_by = Case.__dict__["_minted_by"].__set__
# History's chain slots, for the append inlined below (Chain.appended without the call).
_CHAIN_SLOTS = ("_items", "_parent", "_last", "_length")
_set_chain = tuple(Chain.__dict__[name].__set__ for name in _CHAIN_SLOTS)


def mint(case: Case, token: str) -> Case:
    """Mark ``case``, built by the validating constructor, as built by the desk of ``token``."""
    _set_minted_by(case, token)
    return case


def is_minted_by(case: Case, token: str) -> bool:
    """Whether a desk whose fingerprint is ``token`` built ``case`` (O(1))."""
    minted_by = case._minted_by
    return minted_by is token or minted_by == token


def first_case(op: Record, *, case_id: str, state: str, token: str) -> Case:
    """The case a ``record`` operation creates (validated): the recorder is the owner."""
    event = Event(case_id, 1, op, state, op.by)
    return mint(Case(complaint=op.complaint, history=History((event,))), token)


def next_case(
    case: Case,
    operation: Operation,
    state: str,
    owner: Actor,
    resolution: str | None,
    customer_accepted: bool,
    details: CaseDetails,
) -> Case:
    """``case`` one event on: ``operation`` moved it to ``state`` under ``owner``.

    Only for values the desk has checked (see above); builds without validators,
    and marks the new case with the same desk as ``case``.
    """
    history = case.history
    last = history._last
    assert last is not None  # a Case's history is never empty
    event = _new(Event)
    s_id, s_version, s_operation, s_state, s_owner = _set_event
    s_id(event, last.case_id)
    s_version(event, last.version + 1)
    s_operation(event, operation)
    s_state(event, state)
    s_owner(event, owner)
    grown = _new(History)
    c_items, c_parent, c_last, c_length = _set_chain
    c_items(grown, None)
    c_parent(grown, history)
    c_last(grown, event)
    c_length(grown, last.version + 1)
    new = _new(Case)
    s_complaint, s_history, s_resolution, s_accepted, s_details, s_minted = _set_case
    s_complaint(new, case.complaint)
    s_history(new, grown)
    s_resolution(new, resolution)
    s_accepted(new, customer_accepted)
    s_details(new, details)
    s_minted(new, case._minted_by)
    return new
