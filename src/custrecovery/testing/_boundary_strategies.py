"""Hypothesis strategies for boundary policies: contacts, histories and assessments.

Every record drawn is valid (acceptance and reasonableness only with an offer,
"within policy" only with a request) and every time is timezone-aware, spread
over a small range so that windows and runs are actually exercised.
"""

from __future__ import annotations

from datetime import datetime
from datetime import timedelta
from datetime import timezone

from hypothesis import strategies as st

from custrecovery.boundaries import ContactRecord
from custrecovery.boundaries import CustomerHistory
from custrecovery.boundaries.decisions import Assessment
from custrecovery.boundaries.decisions import BoundaryAction
from custrecovery.explanations import Explanation

__all__ = ["assessments", "contact_records", "customer_histories"]

EPOCH = datetime(2024, 1, 1, tzinfo=timezone.utc)
"""The earliest time drawn unless told otherwise."""

_ZONES = st.sampled_from(
    [timezone.utc, timezone(timedelta(hours=1)), timezone(timedelta(hours=-5, minutes=-30))]
)
_TRI = st.sampled_from([None, True, False])


@st.composite
def contact_records(
    draw: st.DrawFn,
    *,
    earliest: datetime = EPOCH,
    span: timedelta = timedelta(days=365),
    case_ids: st.SearchStrategy[str] | None = None,
) -> ContactRecord:
    """A valid :class:`~custrecovery.ContactRecord` received within ``span`` of ``earliest``."""
    minutes = draw(st.integers(0, int(span.total_seconds() // 60)))
    received_at = (earliest + timedelta(minutes=minutes)).astimezone(draw(_ZONES))
    offered = draw(st.booleans())
    requested = draw(st.booleans())
    ids = st.from_regex(r"C-[0-9]{1,4}", fullmatch=True) if case_ids is None else case_ids
    return ContactRecord(
        case_id=draw(ids),
        received_at=received_at,
        justified=draw(_TRI),
        resolution_offered=offered,
        resolution_reasonable=draw(_TRI) if offered else None,
        customer_accepted=draw(_TRI) if offered else None,
        exception_requested=requested,
        exception_within_policy=draw(st.booleans()) if requested else False,
    )


@st.composite
def customer_histories(
    draw: st.DrawFn,
    *,
    max_contacts: int = 20,
    earliest: datetime = EPOCH,
    span: timedelta = timedelta(days=365),
) -> CustomerHistory:
    """A :class:`~custrecovery.CustomerHistory` of up to ``max_contacts`` valid records."""
    records = draw(st.lists(contact_records(earliest=earliest, span=span), max_size=max_contacts))
    customer_id = draw(st.from_regex(r"CUST-[0-9]{1,3}", fullmatch=True))
    return CustomerHistory(customer_id, tuple(records))


@st.composite
def assessments(draw: st.DrawFn, *, policies: st.SearchStrategy[str] | None = None) -> Assessment:
    """A valid :class:`~custrecovery.Assessment`: flagged with any action, or CONTINUE."""
    policy = draw(st.sampled_from(["p-one", "p-two", "p-three"]) if policies is None else policies)
    flagged = draw(st.booleans())
    suggested = draw(st.sampled_from(BoundaryAction)) if flagged else BoundaryAction.CONTINUE
    text = st.text(st.characters(codec="ascii", categories=["L", "N"]), min_size=1, max_size=8)
    return Assessment(
        policy,
        flagged,
        suggested,
        Explanation(
            source=policy,
            rule=draw(text),
            facts=draw(st.dictionaries(text, text, max_size=3)),
            thresholds=draw(st.dictionaries(text, text, max_size=2)),
        ),
    )
