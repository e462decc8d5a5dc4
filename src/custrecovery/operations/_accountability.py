"""Accountability operations: the worker beside the owner, and an absent owner's case.

The accountable owner may give the *work* on a case to a colleague (the
worker) and take it back, without giving up accountability. A supervisor may
offer an absent owner's case on their behalf (a warm handoff: the owner stays
accountable until the colleague accepts), or take over at once the case of an
owner who has left the firm. Who may do which is declared in the lifecycle's
rights table (:data:`custrecovery.lifecycle.RIGHTS`) and, for the supervisor,
read from the firm's directory (:mod:`custrecovery.directory`). A complaint
about several problems is split into linked cases (``Desk.split``), each with
the same owner until handed on; the split is recorded on every side.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any
from typing import ClassVar
from typing import final

import attrs

from custrecovery._time import require_aware
from custrecovery.errors import InvalidValue
from custrecovery.operations._base import Operation
from custrecovery.operations._base import _is_actor
from custrecovery.parties import Actor
from custrecovery.parties import _non_empty

__all__ = [
    "AssignWork",
    "ClearWork",
    "OfferOnBehalf",
    "SplitFrom",
    "SplitInto",
    "TakeOver",
]


@final
@attrs.frozen(kw_only=True)
class AssignWork(Operation):
    """The owner gives the work to ``to`` (or moves it on); the owner stays accountable."""

    kind: ClassVar[str] = "assign_work"
    family: ClassVar[str] = "ownership"
    to: Actor = attrs.field(validator=_is_actor)


@final
@attrs.frozen(kw_only=True)
class ClearWork(Operation):
    """The owner takes the work back: the case has no worker, the owner does it."""

    kind: ClassVar[str] = "clear_work"
    family: ClassVar[str] = "ownership"


@final
@attrs.frozen(kw_only=True)
class OfferOnBehalf(Operation):
    """The absent owner's supervisor offers the case to ``to`` on the owner's behalf.

    A warm handoff like :class:`OfferHandoff`: the owner stays accountable until
    ``to`` accepts (``accept_handoff``), and the customer is told.
    """

    kind: ClassVar[str] = "offer_on_behalf"
    family: ClassVar[str] = "ownership"
    to: Actor = attrs.field(validator=_is_actor)
    reason: str = attrs.field(validator=_non_empty)
    expires_at: datetime | None = attrs.field(
        default=None, validator=attrs.validators.optional(require_aware)
    )

    @property
    def why(self) -> str:
        return self.reason


@final
@attrs.frozen(kw_only=True)
class TakeOver(Operation):
    """The supervisor of an owner who left the firm takes the case at once.

    Only when the firm's directory says the owner is inactive: the case is never
    ownerless and never stuck. The reason is recorded and the customer told.
    """

    kind: ClassVar[str] = "take_over"
    family: ClassVar[str] = "ownership"
    establishes_owner: ClassVar[bool] = True
    reason: str = attrs.field(validator=_non_empty)

    @property
    def why(self) -> str:
        return self.reason


def _part_ids(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


def _new_ids(instance: object, attribute: attrs.Attribute[Any], value: tuple[str, ...]) -> None:
    if not value or not all(isinstance(i, str) and i.strip() for i in value):
        raise InvalidValue(f"SplitInto.part_ids must name at least one case id, got {value!r}")
    if len(set(value)) != len(value):
        raise InvalidValue(f"SplitInto.part_ids names a case twice: {value!r}")


@final
@attrs.frozen(kw_only=True)
class SplitInto(Operation):
    """This complaint covers several problems: ``part_ids`` carry the others on.

    Applied by ``Desk.split`` only, which records the new cases with the same
    owner; this case carries on with what is left, and the customer is told.
    """

    kind: ClassVar[str] = "split_into"
    family: ClassVar[str] = "annotation"
    part_ids: tuple[str, ...] = attrs.field(converter=_part_ids, validator=_new_ids)


@final
@attrs.frozen(kw_only=True)
class SplitFrom(Operation):
    """This case is one problem of ``original_id``'s complaint, split off by ``by``.

    Applied by ``Desk.split`` only, right after the part is recorded.
    """

    kind: ClassVar[str] = "split_from"
    family: ClassVar[str] = "annotation"
    original_id: str = attrs.field(validator=_non_empty)
