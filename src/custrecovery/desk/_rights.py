"""Rights and the directory: may this actor perform this operation on this case?

Rules
-----
* The lifecycle's rights table (:data:`custrecovery.lifecycle.RIGHTS`) names who
  may perform each operation; an operation without a row is refused.
* With a directory, the actor must be a known, active person, and anyone the
  operation names as receiver (``to``) too; the role the operation is performed
  in is one of the person's roles (the first that holds the right, else their
  first), and the operation is recorded with that role and the directory's name.
* Without a directory, the role is the one written on the actor; the
  owner's-supervisor right needs a directory and is refused.
* On replay the directory is not consulted (it says who people are now); the
  recorded role is checked against the table, and the owner's-supervisor right
  and the take-over's "the owner has left" stand as recorded.
* A take-over also needs the owner to be inactive in the directory; otherwise
  the supervisor offers the case on the owner's behalf (``offer_on_behalf``).

Theory of operation: :func:`authorize` raises
:class:`~custrecovery.errors.RightsRefused` (or, for an owner who is still
active, :class:`~custrecovery.OperationRefused`) and returns the operation to
apply: the same one, or, with a directory, one whose ``by`` carries the role
and name the directory gave. Nothing here changes a case.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from custrecovery.cases import Case
from custrecovery.directory import Directory
from custrecovery.directory import Person
from custrecovery.errors import OperationRefused
from custrecovery.errors import RightsRefused
from custrecovery.lifecycle import RightSpec
from custrecovery.operations import Operation
from custrecovery.operations import TakeOver
from custrecovery.parties import Actor

__all__ = ["authorize"]

_ACTIVE = "an active person in the directory"


def _refuse(
    case_id: str, state: str, op: Operation, reason: str, right: str, role: str
) -> RightsRefused:
    return RightsRefused(
        reason, case_id=case_id, state=state, operation=op.kind, right=right, role=role
    )


def _person(
    directory: Directory, actor: Actor, case_id: str, state: str, op: Operation, what: str
) -> Person:
    person = directory.lookup(actor.actor_id)
    if person is None or not person.active:
        status = "not in the firm's directory" if person is None else "no longer active"
        raise _refuse(
            case_id, state, op, f"{what} {actor.actor_id!r} is {status}", _ACTIVE, actor.role
        )
    return person


def authorize(
    case: Case | None,
    op: Operation,
    rights: Mapping[str, RightSpec],
    directory: Directory | None,
    *,
    live: bool,
) -> Operation:
    """``op`` as it may be applied to ``case`` (``None`` for a new complaint), or raise."""
    case_id = case.case_id if case is not None else _record_case_id(op)
    state = case.state if case is not None else "new"
    by = op.by
    spec = rights.get(op.kind)
    if spec is None:
        raise _refuse(
            case_id, state, op, "the rights table has no row for it: nobody may do it", "", by.role
        )
    consult = directory if live else None
    person = None
    roles: tuple[str, ...] = (by.role,)
    if consult is not None:
        person = _person(consult, by, case_id, state, op, "actor")
        roles = person.roles
        to = getattr(op, "to", None)
        if isinstance(to, Actor):
            _person(consult, to, case_id, state, op, "receiver")
    who = spec.who
    role = roles[0]
    if isinstance(who, frozenset):
        held = [r for r in roles if r in who]
        if not held:
            raise _refuse(
                case_id,
                state,
                op,
                f"only {spec.describe()} may do it, and {by.actor_id!r} acts as "
                f"{' or '.join(roles)}",
                spec.describe(),
                by.role,
            )
        role = held[0]
    elif who != "anyone":
        assert case is not None  # record's right is "anyone" in any sound table
        _relation(case, op, who, consult, live, role)
    if person is not None and (by.role != role or by.name != person.name):
        op = attrs.evolve(op, by=attrs.evolve(by, name=person.name, role=role))
    return op


def _record_case_id(op: Operation) -> str:
    """The case id a ``record`` operation creates (its complaint's)."""
    complaint = getattr(op, "complaint", None)
    return str(getattr(complaint, "complaint_id", "?"))


def _relation(
    case: Case, op: Operation, who: str, directory: Directory | None, live: bool, role: str
) -> None:
    by = op.by
    worker = case.worker
    if who == "owner":
        if not by.is_same_person(case.owner):
            raise _refuse(
                case.case_id,
                case.state,
                op,
                f"only the owner {case.owner.actor_id!r} may do it, not {by.actor_id!r}",
                who,
                role,
            )
    elif who == "owner_or_worker":
        if not by.is_same_person(case.owner) and (worker is None or not by.is_same_person(worker)):
            doer = f" or the worker {worker.actor_id!r}" if worker is not None else ""
            raise _refuse(
                case.case_id,
                case.state,
                op,
                f"only the owner {case.owner.actor_id!r}{doer} may do it, not {by.actor_id!r}",
                who,
                role,
            )
    elif who == "owners_supervisor":
        if not live:
            return  # checked against the directory when it was applied
        if directory is None:
            raise _refuse(
                case.case_id,
                case.state,
                op,
                "only the owner's supervisor may do it, and without a directory the desk "
                "cannot tell who that is (Desk(directory=...))",
                who,
                role,
            )
        owner = directory.lookup(case.owner.actor_id)
        supervisor = owner.supervisor_id if owner is not None else None
        if supervisor is None or not by.is_same_person(Actor(supervisor, "supervisor")):
            raise _refuse(
                case.case_id,
                case.state,
                op,
                f"only the owner's supervisor ({supervisor or 'none in the directory'}) "
                f"may do it, not {by.actor_id!r}",
                who,
                role,
            )
        if isinstance(op, TakeOver) and owner is not None and owner.active:
            raise OperationRefused(
                f"the owner {case.owner.actor_id!r} is still active: offer the case on "
                "their behalf (offer_on_behalf) and they stay accountable until it is accepted",
                case_id=case.case_id,
                state=case.state,
                operation=op.kind,
            )
