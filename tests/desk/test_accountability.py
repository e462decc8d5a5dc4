"""Accountability: owner and worker, rights per operation, the directory, an absent owner."""

from __future__ import annotations

import copy
import pickle
from collections.abc import Callable

import pytest

import custrecovery as cr
from custrecovery.cases import format_history
from custrecovery.directory import Directory
from custrecovery.directory import Person
from custrecovery.directory import StaticDirectory
from custrecovery.errors import RightsRefused
from custrecovery.lifecycle import RIGHTS
from custrecovery.lifecycle import RightSpec
from custrecovery.lifecycle import build_lifecycle
from custrecovery.lifecycle import verify_lifecycle
from custrecovery.operations import AcceptHandoff
from custrecovery.operations import AcceptResolution
from custrecovery.operations import Acknowledge
from custrecovery.operations import Assess
from custrecovery.operations import AssignWork
from custrecovery.operations import ClearWork
from custrecovery.operations import Close
from custrecovery.operations import Investigate
from custrecovery.operations import OfferHandoff
from custrecovery.operations import OfferOnBehalf
from custrecovery.operations import Operation
from custrecovery.operations import ProposeResolution
from custrecovery.operations import TakeOver
from custrecovery.operations import WithdrawHandoff
from custrecovery.storage import case_from_dict
from custrecovery.storage import case_to_dict
from tests.conftest import ALICE
from tests.conftest import BOB
from tests.conftest import CAROL
from tests.conftest import COMPLAINT
from tests.conftest import DAVE
from tests.conftest import minutes

PEOPLE = (
    Person(actor_id="alice", name="Alice", roles=("billing",), supervisor_id="carol"),
    Person(actor_id="bob", name="Bob", roles=("tech support",), supervisor_id="carol"),
    Person(actor_id="carol", name="Carol", roles=("head of support", "manager")),
    Person(actor_id="dave", name="Dave", roles=("engineer",), supervisor_id="carol"),
)
DIRECTORY = StaticDirectory(PEOPLE)
ALICE_LEFT = DIRECTORY.with_person(
    Person(actor_id="alice", name="Alice", roles=("billing",), supervisor_id="carol", active=False)
)


def _investigating(desk: cr.Desk) -> cr.Case:
    case = desk.record(COMPLAINT, by=ALICE, at=minutes(1))
    return desk.apply_all(
        case,
        [
            Acknowledge(by=ALICE, at=minutes(2)),
            Assess(by=ALICE, at=minutes(3)),
            Investigate(by=ALICE, at=minutes(4)),
        ],
    )


def _refused(desk: cr.Desk, case: cr.Case, op: Operation) -> RightsRefused:
    snapshot = copy.deepcopy(case)
    with pytest.raises(RightsRefused) as refusal:
        desk.apply(case, op)
    assert case == snapshot
    return refusal.value


# --- owner and worker --------------------------------------------------------------


def test_the_owner_assigns_the_work_and_stays_accountable() -> None:
    """Assigning the work names a worker; the owner stays, and the customer is told both."""
    desk = cr.Desk()
    case = desk.apply(_investigating(desk), AssignWork(by=ALICE, at=minutes(5), to=BOB))
    assert case.owner == ALICE
    assert case.worker == BOB
    assert case.history.last.owner == ALICE
    assert case.notices[-1].what == (
        "Bob (tech support) is working on your complaint; Alice stays responsible for it."
    )
    assert "assign_work" in format_history(case)


def test_the_worker_proposes_a_resolution_and_a_stranger_may_not() -> None:
    """The worker holds ``owner_or_worker`` rights; anyone else is refused, naming the right."""
    desk = cr.Desk()
    case = desk.apply(_investigating(desk), AssignWork(by=ALICE, at=minutes(5), to=BOB))
    refusal = _refused(desk, case, ProposeResolution(by=DAVE, at=minutes(6), resolution="x"))
    assert (refusal.operation, refusal.right, refusal.role) == (
        "propose_resolution",
        "owner_or_worker",
        "engineer",
    )
    assert "only the owner 'alice' or the worker 'bob'" in str(refusal)
    after = desk.apply(case, ProposeResolution(by=BOB, at=minutes(6), resolution="new router"))
    assert after.state == "resolution_proposed"
    assert after.owner == ALICE


def test_the_owner_reassigns_and_clears_the_work() -> None:
    """The owner moves the work to another colleague, then takes it back."""
    desk = cr.Desk()
    case = desk.apply(_investigating(desk), AssignWork(by=ALICE, at=minutes(5), to=BOB))
    case = desk.apply(case, AssignWork(by=ALICE, at=minutes(6), to=DAVE))
    assert case.worker == DAVE
    case = desk.apply(case, ClearWork(by=ALICE, at=minutes(7)))
    assert case.worker is None
    assert [e.owner for e in case.history] == [ALICE] * len(case.history)


@pytest.mark.parametrize(
    ("op", "reason"),
    [
        (AssignWork(by=ALICE, at=minutes(6), to=ALICE), "owns the case"),
        (AssignWork(by=ALICE, at=minutes(6), to=BOB), "already working"),
    ],
    ids=["to-the-owner", "to-the-worker"],
)
def test_pointless_assignments_are_refused(op: Operation, reason: str) -> None:
    """The owner cannot be their own worker, and the worker cannot be assigned twice."""
    desk = cr.Desk()
    case = desk.apply(_investigating(desk), AssignWork(by=ALICE, at=minutes(5), to=BOB))
    with pytest.raises(cr.OperationRefused, match=reason):
        desk.apply(case, op)


def test_clearing_no_work_is_refused() -> None:
    """With no worker there is no work to take back."""
    desk = cr.Desk()
    with pytest.raises(cr.OperationRefused, match="nobody but the owner"):
        desk.apply(_investigating(desk), ClearWork(by=ALICE, at=minutes(5)))


def test_a_new_owner_takes_the_work_back() -> None:
    """When a handoff is accepted the worker is cleared: never a worker the owner did not pick."""
    desk = cr.Desk()
    case = desk.apply(_investigating(desk), AssignWork(by=ALICE, at=minutes(5), to=DAVE))
    case = desk.apply(case, OfferHandoff(by=ALICE, at=minutes(6), to=BOB, reason="technical"))
    case = desk.apply(case, AcceptHandoff(by=BOB, at=minutes(7)))
    assert (case.owner, case.worker) == (BOB, None)


# --- rights, table-driven ------------------------------------------------------------

RIGHTS_CASES = [
    # (operation factory, actor, refused?)
    ("assign_work", lambda by: AssignWork(by=by, at=minutes(6), to=CAROL), ALICE, False),
    ("assign_work", lambda by: AssignWork(by=by, at=minutes(6), to=CAROL), BOB, True),
    ("assign_work", lambda by: AssignWork(by=by, at=minutes(6), to=CAROL), DAVE, True),
    ("clear_work", lambda by: ClearWork(by=by, at=minutes(6)), ALICE, False),
    ("clear_work", lambda by: ClearWork(by=by, at=minutes(6)), BOB, True),
    (
        "propose_resolution",
        lambda by: ProposeResolution(by=by, at=minutes(6), resolution="r"),
        ALICE,
        False,
    ),
    (
        "propose_resolution",
        lambda by: ProposeResolution(by=by, at=minutes(6), resolution="r"),
        BOB,
        False,
    ),
    (
        "propose_resolution",
        lambda by: ProposeResolution(by=by, at=minutes(6), resolution="r"),
        CAROL,
        True,
    ),
    ("investigate-anyone", lambda by: Investigate(by=by, at=minutes(6)), DAVE, None),
    (
        "take_over-no-directory",
        lambda by: TakeOver(by=by, at=minutes(6), reason="left"),
        CAROL,
        True,
    ),
    (
        "offer_on_behalf-no-directory",
        lambda by: OfferOnBehalf(by=by, at=minutes(6), to=DAVE, reason="away"),
        CAROL,
        True,
    ),
]


@pytest.mark.parametrize(
    ("name", "make", "by", "refused"),
    RIGHTS_CASES,
    ids=[f"{n}-{b.actor_id}" for n, _, b, _ in RIGHTS_CASES],
)
def test_rights_table_decides_who_may(
    name: str, make: Callable[[cr.Actor], Operation], by: cr.Actor, refused: bool | None
) -> None:
    """Each row: with Bob working on Alice's case, is the actor allowed by the rights table?"""
    desk = cr.Desk()
    case = desk.apply(_investigating(desk), AssignWork(by=ALICE, at=minutes(5), to=BOB))
    op = make(by)
    if refused:
        refusal = _refused(desk, case, op)
        assert refusal.operation == op.kind
        assert refusal.role == by.role
    elif refused is None:
        # "anyone": the rights let it through; the stage rules decide (investigating
        # has no investigate), never a RightsRefused.
        with pytest.raises(cr.OperationRefused) as other:
            desk.apply(case, op)
        assert not isinstance(other.value, RightsRefused)
    else:
        assert desk.apply(case, op).version == case.version + 1


def _strict_lifecycle() -> type:
    rows = tuple(
        RightSpec("record_boundary_decision", {"manager"})
        if spec.operation == "record_boundary_decision"
        else RightSpec("investigate", {"engineer", "manager"})
        if spec.operation == "investigate"
        else spec
        for spec in RIGHTS
    )
    return build_lifecycle("Strict", rights=rows)


def test_a_role_right_refuses_other_roles_and_names_them() -> None:
    """A right given to roles refuses an actor in another role with the right and the role."""
    desk = cr.Desk(lifecycle=_strict_lifecycle())
    case = desk.record(COMPLAINT, by=ALICE, at=minutes(1))
    case = desk.apply_all(
        case, [Acknowledge(by=ALICE, at=minutes(2)), Assess(by=ALICE, at=minutes(3))]
    )
    refusal = _refused(desk, case, Investigate(by=ALICE, at=minutes(4)))
    assert refusal.right == "role engineer or manager"
    assert refusal.role == "billing"
    assert desk.apply(case, Investigate(by=DAVE, at=minutes(4))).state == "investigating"


def test_rights_are_part_of_the_fingerprint() -> None:
    """A desk with other rights has another fingerprint: it builds on no case of the others."""
    assert cr.Desk().fingerprint != cr.Desk(lifecycle=_strict_lifecycle()).fingerprint


def test_verify_reports_an_operation_nobody_may_perform() -> None:
    """A lifecycle whose rights give an operation to no role, or omit it, fails verification."""
    empty = tuple(
        RightSpec("assign_work", ()) if s.operation == "assign_work" else s
        for s in RIGHTS
        if s.operation != "close"
    )
    problems = verify_lifecycle(build_lifecycle("Empty", rights=empty))
    assert problems == (
        "operation 'assign_work': its right names no role, so nobody may do it",
        "operation 'close' has no row in the rights table: nobody may do it",
    )


def test_two_rows_for_one_operation_are_refused() -> None:
    """The rights table has one row per operation."""
    with pytest.raises(cr.InvalidValue, match="two rows for 'close'"):
        build_lifecycle("Twice", rights=(*RIGHTS, RightSpec("close", "owner")))


def test_an_unknown_relation_is_refused() -> None:
    """A right is a known relation or a set of roles."""
    with pytest.raises(cr.InvalidValue, match="a right is one of"):
        RightSpec("close", "somebody")


def test_rights_refused_survives_pickling() -> None:
    """A RightsRefused sent back from a worker process keeps the right and the role."""
    error = RightsRefused("no", case_id="C-1", state="s", operation="o", right="r", role="x")
    copied = pickle.loads(pickle.dumps(error))
    assert (copied.right, copied.role, str(copied)) == ("r", "x", str(error))


# --- the directory -------------------------------------------------------------------


def test_static_directory_is_a_directory() -> None:
    """StaticDirectory meets the Directory protocol and finds people case-insensitively."""
    assert isinstance(DIRECTORY, Directory)
    assert DIRECTORY.lookup("ALICE") == PEOPLE[0]
    assert DIRECTORY.lookup("zoe") is None


def test_with_a_directory_the_role_comes_from_it() -> None:
    """What the caller writes on the Actor is replaced by the directory's role and name."""
    desk = cr.Desk(directory=DIRECTORY)
    claimed = cr.Actor("alice", "Al", role="manager")
    case = desk.record(COMPLAINT, by=claimed, at=minutes(1))
    assert case.owner == cr.Actor("alice", "Alice", role="billing")


def test_a_role_right_is_met_by_any_of_the_directorys_roles() -> None:
    """Carol acts as a manager (her second role) where only managers may."""
    desk = cr.Desk(lifecycle=_strict_lifecycle(), directory=DIRECTORY)
    case = desk.record(COMPLAINT, by=CAROL, at=minutes(1))
    case = desk.apply_all(
        case, [Acknowledge(by=CAROL, at=minutes(2)), Assess(by=CAROL, at=minutes(3))]
    )
    after = desk.apply(case, Investigate(by=CAROL, at=minutes(4)))
    assert after.history.last.by == cr.Actor("carol", "Carol", role="manager", team="support")
    assert after.owner.role == "head of support"


@pytest.mark.parametrize(
    ("directory", "who", "status"),
    [
        (DIRECTORY, cr.Actor("zoe", "Zoe"), "not in the firm's directory"),
        (ALICE_LEFT, ALICE, "no longer active"),
    ],
    ids=["unknown", "inactive"],
)
def test_unknown_or_inactive_people_may_not_act(
    directory: Directory, who: cr.Actor, status: str
) -> None:
    """With a directory, an unknown or departed person's operation is refused, changing nothing."""
    desk = cr.Desk(directory=directory)
    with pytest.raises(RightsRefused, match=status):
        desk.record(COMPLAINT, by=who, at=minutes(1))
    case = cr.Desk(directory=DIRECTORY).record(COMPLAINT, by=BOB, at=minutes(1))
    case = case_from_dict(case_to_dict(case), desk=desk)
    refusal = _refused(desk, case, Acknowledge(by=who, at=minutes(2)))
    assert refusal.right == "an active person in the directory"


def test_nothing_is_offered_to_someone_who_left() -> None:
    """The receiver of an offer or of the work must be active in the directory too."""
    desk = cr.Desk(directory=ALICE_LEFT)
    case = desk.record(COMPLAINT, by=BOB, at=minutes(1))
    with pytest.raises(RightsRefused, match="receiver 'alice' is no longer active"):
        desk.apply(case, AssignWork(by=BOB, at=minutes(2), to=ALICE))


# --- an owner who is away or gone --------------------------------------------------------


def test_a_supervisor_offers_an_absent_owners_case() -> None:
    """Carol offers Alice's case to Dave; Alice stays owner until Dave accepts."""
    desk = cr.Desk(directory=DIRECTORY)
    case = _investigating(desk)
    offered = desk.apply(
        case, OfferOnBehalf(by=CAROL, at=minutes(5), to=DAVE, reason="Alice is on leave")
    )
    assert offered.owner.actor_id == "alice"
    assert "Alice is away" in offered.notices[-1].what
    accepted = desk.apply(offered, AcceptHandoff(by=DAVE, at=minutes(6)))
    assert accepted.owner.actor_id == "dave"
    withdrawn = desk.apply(offered, WithdrawHandoff(by=CAROL, at=minutes(6)))
    assert withdrawn.pending_handoff is None
    assert withdrawn.owner.actor_id == "alice"


def test_only_the_owners_supervisor_offers_on_their_behalf() -> None:
    """Bob is not Alice's supervisor: refused, naming the right."""
    desk = cr.Desk(directory=DIRECTORY)
    refusal = _refused(
        desk, _investigating(desk), OfferOnBehalf(by=BOB, at=minutes(5), to=DAVE, reason="away")
    )
    assert refusal.right == "owners_supervisor"
    assert "(carol)" in str(refusal)


def test_a_supervisor_takes_over_from_an_owner_who_left() -> None:
    """Alice left: Carol takes her case at once, the reason recorded and the customer told."""
    case = _investigating(cr.Desk(directory=DIRECTORY))
    case = desk_apply_assign(case)
    desk = cr.Desk(directory=ALICE_LEFT)
    case = case_from_dict(case_to_dict(case), desk=desk)
    assert desk.cases_with_inactive_owner([case]) == (case,)
    after = desk.apply(case, TakeOver(by=CAROL, at=minutes(9), reason="Alice left the firm"))
    assert after.owner.actor_id == "carol"
    assert after.worker is None
    assert after.history.last.why == "Alice left the firm"
    assert "Carol (head of support) is now responsible" in after.notices[-1].what
    assert desk.cases_with_inactive_owner([after]) == ()


def desk_apply_assign(case: cr.Case) -> cr.Case:
    """Alice's case with Bob working on it (under the full directory)."""
    return cr.Desk(directory=DIRECTORY).apply(case, AssignWork(by=ALICE, at=minutes(5), to=BOB))


def test_no_take_over_while_the_owner_is_active() -> None:
    """An active owner's case is offered on their behalf, never taken."""
    desk = cr.Desk(directory=DIRECTORY)
    with pytest.raises(cr.OperationRefused, match="still active: offer the case"):
        desk.apply(_investigating(desk), TakeOver(by=CAROL, at=minutes(5), reason="busy"))


@pytest.mark.parametrize("state", ["closed", "merged"])
def test_supervisor_operations_on_a_case_with_no_owner_to_replace(state: str) -> None:
    """On a closed or merged case the supervisor's take-over gets the plain refusal."""
    desk = cr.Desk(directory=ALICE_LEFT)
    case = cr.Desk(directory=DIRECTORY).record(COMPLAINT, by=ALICE, at=minutes(1))
    full = cr.Desk(directory=DIRECTORY)
    if state == "closed":
        case = full.apply_all(
            _investigating(full),
            [
                ProposeResolution(by=ALICE, at=minutes(5), resolution="r"),
                AcceptResolution(by=ALICE, at=minutes(6)),
                Close(by=ALICE, at=minutes(7)),
            ],
        )
    else:
        survivor = full.record(
            cr.Complaint("C-9", COMPLAINT.customer, COMPLAINT.channel, minutes(0), "again"),
            by=BOB,
            at=minutes(2),
        )
        case, _ = full.merge(case, survivor, by=BOB, at=minutes(3))
    case = case_from_dict(case_to_dict(case), desk=desk)
    with pytest.raises(cr.OperationRefused) as refusal:
        desk.apply(case, TakeOver(by=CAROL, at=minutes(9), reason="left"))
    assert type(refusal.value) is cr.OperationRefused
    assert desk.cases_with_inactive_owner([case]) == ()


def test_without_a_directory_no_owner_is_inactive() -> None:
    """A desk with no directory lists no case for a take-over."""
    desk = cr.Desk()
    assert desk.cases_with_inactive_owner([_investigating(desk)]) == ()


# --- stored and replayed -----------------------------------------------------------------


def test_accountability_history_round_trips_and_replays() -> None:
    """A history with every new operation is stored, validated and replayed to the same case."""
    full = cr.Desk(directory=DIRECTORY)
    case = full.apply_all(
        _investigating(full),
        [
            AssignWork(by=ALICE, at=minutes(5), to=BOB),
            ClearWork(by=ALICE, at=minutes(6)),
            OfferOnBehalf(by=CAROL, at=minutes(7), to=DAVE, reason="Alice on leave"),
            WithdrawHandoff(by=CAROL, at=minutes(8), note="Alice is back"),
        ],
    )
    left = cr.Desk(directory=ALICE_LEFT)
    case = left.apply(
        case_from_dict(case_to_dict(case), desk=left),
        TakeOver(by=CAROL, at=minutes(9), reason="Alice left the firm"),
    )
    document = case_to_dict(case)
    # Replay consults no directory: a desk without one (same rules) rebuilds the case.
    again = case_from_dict(document, desk=cr.Desk())
    assert again == case
    assert again.worker is None
    assert again.owner.actor_id == "carol"
    assert [e.kind for e in again.history][-5:] == [
        "assign_work",
        "clear_work",
        "offer_on_behalf",
        "withdraw_handoff",
        "take_over",
    ]


def test_replay_still_checks_the_recorded_role() -> None:
    """A stored history whose recorded role lacks a role right fails replay, naming the event."""
    desk = cr.Desk()
    case = desk.apply(_investigating(desk), AssignWork(by=ALICE, at=minutes(5), to=BOB))
    document = case_to_dict(case)
    strict = cr.Desk(lifecycle=_strict_lifecycle())
    with pytest.raises(cr.DataError, match=r"\$\.history\[3\]"):
        # Migrated on purpose: the point is what replay says under the strict rights.
        case_from_dict(document, desk=strict, accept_fingerprints=[desk.fingerprint])


def test_an_offer_on_behalf_expires_like_any_other() -> None:
    """The warm handoff's expiry applies to a supervisor's offer too."""
    desk = cr.Desk(directory=DIRECTORY)
    case = desk.apply(
        _investigating(desk),
        OfferOnBehalf(
            by=CAROL,
            at=minutes(5),
            to=DAVE,
            reason="away",
            expires_at=minutes(65),
        ),
    )
    with pytest.raises(cr.OperationRefused, match="expired"):
        desk.apply(case, AcceptHandoff(by=DAVE, at=minutes(200)))


# --- the directory from a plugin ----------------------------------------------------------


class _HumanResources:
    """A plugin supplying the firm's directory."""

    def __init__(self, name: str, answer: object) -> None:
        self.plugin_name = name
        self.answer = answer

    @cr.hookimpl
    def register_directory(self) -> object:
        if isinstance(self.answer, BaseException):
            raise self.answer
        return self.answer


def test_a_plugin_supplies_the_directory() -> None:
    """A plugin's directory is the desk's, unless the desk is given one."""
    desk = cr.Desk(plugins=[_HumanResources("hr", ALICE_LEFT)], entry_points=False)
    assert desk.directory is ALICE_LEFT
    with pytest.raises(RightsRefused, match="no longer active"):
        desk.record(COMPLAINT, by=ALICE, at=minutes(1))
    given = cr.Desk(
        plugins=[_HumanResources("hr", ALICE_LEFT)], entry_points=False, directory=DIRECTORY
    )
    assert given.directory is DIRECTORY


@pytest.mark.parametrize(
    ("answers", "problem"),
    [
        ([DIRECTORY, ALICE_LEFT], "each supply a directory"),
        (["the HR spreadsheet"], "not a directory"),
        ([RuntimeError("HR is down")], "not a directory"),
    ],
    ids=["two", "not-a-directory", "raises"],
)
def test_a_broken_directory_plugin_fails_closed(answers: list[object], problem: str) -> None:
    """Two directories, a wrong answer or an error: the desk is not built."""
    plugins = [_HumanResources(f"hr-{i}", answer) for i, answer in enumerate(answers)]
    with pytest.raises(cr.PluginError, match=problem) as failure:
        cr.Desk(plugins=plugins, entry_points=False)
    assert failure.value.hook == "register_directory"
