"""Time rules: operation order, naive datetimes and invalid complaint fields."""

from __future__ import annotations

from datetime import datetime
from datetime import timedelta

import pytest

import custrecovery as cr
from custrecovery.cases import HandoffOffer
from custrecovery.lifecycle import LifecycleRules
from custrecovery.operations import OPERATION_TYPES
from custrecovery.operations import OfferHandoff
from custrecovery.operations import Refer
from custrecovery.operations import ReferralDegree
from tests.conftest import ALICE
from tests.conftest import BOB
from tests.conftest import COMPLAINT
from tests.conftest import CUSTOMER
from tests.conftest import DAVE
from tests.conftest import T0
from tests.lifecycle._helpers import NOTICE
from tests.lifecycle._helpers import assert_refused
from tests.lifecycle._helpers import drive
from tests.lifecycle._helpers import make_op
from tests.lifecycle._helpers import snapshot

# --- time ------------------------------------------------------------------------------

_LATE_KINDS = ("propose_resolution", "offer_handoff", "record_boundary_decision")


@pytest.mark.parametrize("kind", _LATE_KINDS, ids=_LATE_KINDS)
def test_out_of_order_time_refused(desk: cr.Desk, kind: str) -> None:
    """An operation dated before the case's last event is refused, whatever it is."""
    case = drive(desk, "investigating")
    early = case.last_event_at - timedelta(seconds=1)
    assert_refused(
        desk, case, make_op(kind, early), cr.OperationRefused, "before the case's last event"
    )


def test_same_time_accepted(desk: cr.Desk) -> None:
    """An operation at the same instant as the last event is in order."""
    case = drive(desk, "investigating")
    assert desk.apply(case, make_op("propose_resolution", case.last_event_at)).version == 5


NAIVE = datetime(2026, 11, 2, 9, 0)


def test_naive_complaint_time_invalid() -> None:
    """A complaint's receipt time must be timezone-aware."""
    with pytest.raises(cr.InvalidValue, match="received_at must be timezone-aware"):
        cr.Complaint("C-2", CUSTOMER, cr.Channel.EMAIL, NAIVE, "late invoice")


_BAD_COMPLAINT_FIELDS: list[tuple[str, dict[str, object], str]] = [
    (
        "customer-a-string",
        {"customer": "not a customer"},
        "Complaint.customer must be a Customer, got 'not a customer'",
    ),
    ("customer-none", {"customer": None}, "Complaint.customer must be a Customer, got None"),
    (
        "customer-an-actor",
        {"customer": ALICE},
        f"Complaint.customer must be a Customer, got {ALICE!r}",
    ),
    ("channel-a-string", {"channel": "phone"}, "Complaint.channel must be a Channel, got 'phone'"),
    (
        "claimed-loss-a-string",
        {"claimed_loss": "10 EUR"},
        "Complaint.claimed_loss must be Money or None, got '10 EUR'",
    ),
    (
        "blank-id",
        {"complaint_id": " "},
        "Complaint.complaint_id must be a non-empty string, got ' '",
    ),
    ("blank-summary", {"summary": ""}, "Complaint.summary must be a non-empty string, got ''"),
]


@pytest.mark.parametrize(
    ("changes", "message"),
    [row[1:] for row in _BAD_COMPLAINT_FIELDS],
    ids=[row[0] for row in _BAD_COMPLAINT_FIELDS],
)
def test_complaint_field_of_the_wrong_kind_invalid(
    changes: dict[str, object], message: str
) -> None:
    """A complaint refuses a field of the wrong type or a blank text with InvalidValue."""
    fields: dict[str, object] = {
        "complaint_id": "C-2",
        "customer": CUSTOMER,
        "channel": cr.Channel.EMAIL,
        "received_at": T0,
        "summary": "late invoice",
        **changes,
    }
    with pytest.raises(cr.InvalidValue) as caught:
        cr.Complaint(**fields)  # type: ignore[arg-type]
    assert str(caught.value) == message


_KINDS = sorted(OPERATION_TYPES)


@pytest.mark.parametrize("kind", _KINDS, ids=_KINDS)
def test_naive_operation_time_invalid(kind: str) -> None:
    """Every operation refuses a naive ``at`` when it is built."""
    with pytest.raises(cr.InvalidValue, match=r"\.at must be timezone-aware"):
        make_op(kind, NAIVE)


def test_naive_follow_up_due_invalid() -> None:
    """A referral's follow-up date must be timezone-aware."""
    with pytest.raises(cr.InvalidValue, match="follow_up_due must be timezone-aware"):
        Refer(
            by=ALICE,
            at=T0,
            degree=ReferralDegree.CONNECTED_LIVE,
            notice=NOTICE,
            follow_up_due=NAIVE,
        )


def test_naive_handoff_expiry_invalid() -> None:
    """A handoff offer's expiry must be timezone-aware."""
    with pytest.raises(
        cr.InvalidValue,
        match=r"^OfferHandoff\.expires_at must be timezone-aware, got naive 2026-11-03T00:00:00$",
    ):
        OfferHandoff(by=ALICE, at=T0, to=BOB, reason="technical", expires_at=datetime(2026, 11, 3))


def test_naive_offer_expiry_in_case_invalid() -> None:
    """An open offer recorded on a case must expire at a timezone-aware time too."""
    with pytest.raises(cr.InvalidValue, match=r"HandoffOffer\.expires_at must be timezone-aware"):
        HandoffOffer(BOB, ALICE, T0, "technical", datetime(2026, 11, 3))


@pytest.mark.parametrize("window", [timedelta(0), timedelta(days=-1)], ids=["zero", "negative"])
def test_reopen_window_must_be_positive(window: timedelta) -> None:
    """A reopen window is a positive duration, or ``None`` for never."""
    with pytest.raises(
        cr.InvalidValue, match=r"^reopen_window must be a positive timedelta or None, got "
    ):
        LifecycleRules(reopen_window=window)
    assert LifecycleRules().reopen_window is None


def test_record_before_receipt_invalid(desk: cr.Desk) -> None:
    """A complaint cannot be recorded before it was received."""
    with pytest.raises(cr.InvalidValue, match="before it was received"):
        desk.record(COMPLAINT, by=ALICE, at=T0 - timedelta(minutes=1))


def test_record_makes_the_recorder_owner(desk: cr.Desk) -> None:
    """Whoever records a complaint owns it, whatever their role."""
    case = desk.record(COMPLAINT, by=DAVE, at=T0)
    assert snapshot(case) == {
        "state": "received",
        "owner": "dave",
        "version": 1,
        "pending_to": None,
        "notices": 0,
        "history": ("record",),
    }
    assert case.case_id == COMPLAINT.complaint_id
    assert case.complaint == COMPLAINT
