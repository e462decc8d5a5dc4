"""A case's lineage: a customer's reply after the case ended, and merging duplicates.

Rules
-----
* A reply to an open case is part of its work: the case is returned as it is.
* A reply to a closed case within the reopen window reopens it, owned by whoever
  received the reply; after the window, or after archiving, it opens a new case
  linked by ``complaint.follows_up``, whose id must be new to the lineage (not the
  case's own, the one it follows up, or a merged case's).
* A reply to a merged duplicate belongs to the survivor: refused here.
* A duplicate is merged into a survivor of the same customer, both open; the
  survivor records what it absorbed, the duplicate ends in ``merged``; both
  operations are checked before either is kept. Only :func:`merge` applies the
  merge operations: ``Desk.apply`` refuses them, since it cannot see the survivor.
* A complaint about several problems is split (:func:`split`): the open case
  records ``split_into`` with the new cases' ids, each new case is a copy of the
  complaint with its own id and summary, recorded by the case's owner, and
  records ``split_from``; ids are new (not the case's own, not repeated). Every
  step is checked before any case is returned; only :func:`split` applies the
  split operations.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING
from typing import cast

import attrs

from custrecovery._time import require_aware_argument
from custrecovery.cases import Case
from custrecovery.errors import DataError
from custrecovery.errors import InvalidValue
from custrecovery.errors import OperationRefused
from custrecovery.errors import ReopenRefused
from custrecovery.operations import AbsorbDuplicate
from custrecovery.operations import MergeInto
from custrecovery.operations import Record
from custrecovery.operations import ReopenAfterClose
from custrecovery.operations import SplitFrom
from custrecovery.operations import SplitInto
from custrecovery.parties import Actor

if TYPE_CHECKING:
    from custrecovery.desk._desk import Desk

__all__ = ["Lineage", "handle_reply", "merge", "split"]


def handle_reply(
    desk: Desk, case: Case, *, by: Actor, at: datetime, summary: str, follow_up_id: str
) -> Case:
    """The case that handles a customer's reply to ``case`` (see the module's rules)."""
    desk._trusted(case)
    require_aware_argument(at, where="handle_reply")
    if case.state not in desk._states:
        raise DataError(desk._unknown_state(case.state), where=f"case {case.case_id!r}")
    if case.state in desk._open:
        return case
    if case.merged_into is not None:
        raise OperationRefused(
            f"the case was merged into {case.merged_into!r}: handle the reply there",
            case_id=case.case_id,
            state=case.state,
            operation="handle_reply",
        )
    lineage = {case.case_id, *case.merged_from}
    if case.complaint.follows_up is not None:
        lineage.add(case.complaint.follows_up)
    if not isinstance(follow_up_id, str) or not follow_up_id.strip():
        raise InvalidValue(f"follow_up_id must be a new case id, got {follow_up_id!r}")
    if follow_up_id in lineage:
        raise InvalidValue(
            f"follow_up_id {follow_up_id!r} is already used by case {case.case_id!r}'s "
            "lineage (itself, the case it follows up, or a merged case): give the "
            "reply's new case an id of its own"
        )
    if case.state == "closed":
        try:
            return desk.apply(case, ReopenAfterClose(by=by, at=at, note=summary))
        except ReopenRefused:
            pass
    complaint = attrs.evolve(
        case.complaint,
        complaint_id=follow_up_id,
        received_at=at,
        summary=summary,
        follows_up=case.case_id,
    )
    return desk.record(complaint, by=by, at=at, note=f"follows up case {case.case_id}")


def merge(
    desk: Desk, duplicate: Case, survivor: Case, *, by: Actor, at: datetime
) -> tuple[Case, Case]:
    """Merge ``duplicate`` into ``survivor``: ``(merged duplicate, survivor)``."""
    desk._trusted(duplicate)
    desk._trusted(survivor)
    if duplicate.complaint.customer.customer_id != survivor.complaint.customer.customer_id:
        raise OperationRefused(
            f"case {survivor.case_id!r} is about another customer",
            case_id=duplicate.case_id,
            state=duplicate.state,
            operation="merge_into",
        )
    if duplicate.case_id in survivor.merged_from:
        raise OperationRefused(
            f"case {survivor.case_id!r} has already absorbed {duplicate.case_id!r}",
            case_id=duplicate.case_id,
            state=duplicate.state,
            operation="merge_into",
        )
    absorb = AbsorbDuplicate(
        by=by,
        at=at,
        duplicate_id=duplicate.case_id,
        duplicate_owner=duplicate.owner,
        duplicate_events=duplicate.version,
    )
    merge = MergeInto(by=by, at=at, survivor_id=survivor.case_id)
    new_survivor = desk._apply(survivor, absorb, None, True, merging=True)
    merged = desk._apply(duplicate, merge, None, True, merging=True)
    desk.plugins.notify(new_survivor, new_survivor.history.last)
    desk.plugins.notify(merged, merged.history.last)
    return merged, new_survivor


def split(
    desk: Desk, case: Case, parts: Sequence[tuple[str, str]], *, by: Actor, at: datetime
) -> tuple[Case, tuple[Case, ...]]:
    """Split ``case`` into itself and one new case per ``(case_id, summary)`` part."""
    desk._trusted(case)
    require_aware_argument(at, where="split")
    if not parts:
        raise InvalidValue("split needs at least one (case_id, summary) part")
    for part in parts:
        if not (isinstance(part, tuple) and len(part) == 2):
            raise InvalidValue(f"a part is a (case_id, summary) pair, got {part!r}")
    ids = tuple(part_id for part_id, _ in parts)
    if case.case_id in ids:
        raise InvalidValue(f"a part cannot reuse the case's own id {case.case_id!r}")
    original = desk._apply(case, SplitInto(by=by, at=at, part_ids=ids), None, True, merging=True)
    owner = case.owner
    new_cases = []
    for part_id, summary in parts:
        complaint = attrs.evolve(case.complaint, complaint_id=part_id, summary=summary)
        recorded = desk._record(
            Record(by=owner, at=at, complaint=complaint, note=f"split from case {case.case_id}"),
            live=True,
        )
        marked = desk._apply(
            recorded, SplitFrom(by=by, at=at, original_id=case.case_id), None, True, merging=True
        )
        new_cases.append((recorded, marked))
    # Every step was accepted: only now are the plugins told.
    desk.plugins.notify(original, original.history.last)
    for recorded, marked in new_cases:
        desk.plugins.notify(recorded, recorded.history.last)
        desk.plugins.notify(marked, marked.history.last)
    return original, tuple(marked for _, marked in new_cases)


def _desk(mixin: object) -> Desk:
    # The mixin is only ever part of a Desk.
    return cast("Desk", mixin)


class Lineage:
    """The desk's lineage methods (mixed into :class:`~custrecovery.desk.Desk`): each
    checks every case it touches before returning any (see the module's rules)."""

    def handle_reply(
        self, case: Case, *, by: Actor, at: datetime, summary: str, follow_up_id: str
    ) -> Case:
        """The case that handles a customer's reply to ``case``, owned by ``by``.

        An open case is returned as it is (the reply is part of its work); a
        closed one within ``rules.reopen_window`` is reopened; a merged duplicate
        is refused (the reply belongs to the survivor); otherwise a new case
        ``follow_up_id`` is recorded, linked by ``complaint.follows_up``.
        """
        return handle_reply(
            _desk(self), case, by=by, at=at, summary=summary, follow_up_id=follow_up_id
        )

    def merge(
        self, duplicate: Case, survivor: Case, *, by: Actor, at: datetime
    ) -> tuple[Case, Case]:
        """Merge ``duplicate`` into ``survivor``: ``(merged duplicate, survivor)``.

        Both must be open and about the same customer. The survivor records
        what it absorbed and whose it was; the duplicate ends in ``merged``,
        pointing to the survivor; both histories are kept. Both operations are
        checked before either is returned, so a refusal changes neither. The
        duplicate's owner is told through ``on_operation_accepted`` plugins.
        """
        return merge(_desk(self), duplicate, survivor, by=by, at=at)

    def split(
        self, case: Case, parts: Sequence[tuple[str, str]], *, by: Actor, at: datetime
    ) -> tuple[Case, tuple[Case, ...]]:
        """Split a complaint about several problems: ``(case, new part cases)``.

        ``parts`` are ``(case_id, summary)`` of the problems to carry on as cases
        of their own; ``case`` keeps the rest. Each part is a copy of the
        complaint with its own id and summary, recorded by ``case``'s owner (the
        same owner, until handed on); ``case`` records ``split_into`` and each part
        ``split_from``, and the customer is told on every case. Only the owner may
        split (the rights table's ``split_into``); every step is checked before any
        case is returned or any plugin is told.
        """
        return split(_desk(self), case, parts, by=by, at=at)
