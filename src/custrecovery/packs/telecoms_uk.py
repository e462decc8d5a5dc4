"""Telecoms (UK): Ofcom's automatic compensation for landline and broadband customers.

Rules
-----
Ofcom's automatic compensation scheme (statement of 10 November 2017, in force
1 April 2019, rates uprated each April by CPI since 2021):

* a delayed repair after a total loss of service: an amount for each calendar
  day the service is not fixed after the end of the second working day after
  the fault was reported;
* a delayed provision (a new service not started on the promised date): an
  amount for each calendar day from the promised date (included) until the
  day it starts (excluded);
* a missed appointment (an engineer does not come, or it is cancelled with
  less than 24 hours' notice): an amount per appointment.

The rates are a dated table (:data:`OFCOM_RATES`), each row with its source:
a delay is paid at the rates in force on the day the compensation is worked
out. Working days are Monday to Friday except the public holidays of England
and Wales (the ``holidays`` package, through
:class:`~custrecovery.clocks.BusinessCalendar`), or a calendar the caller gives.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from datetime import date
from typing import Any
from typing import Final
from typing import final

import attrs

from custrecovery.cases import Case
from custrecovery.clocks import BusinessCalendar
from custrecovery.errors import InvalidValue
from custrecovery.explanations import Explanation
from custrecovery.followups import FollowUpAction
from custrecovery.goodwill.decisions import Proposal
from custrecovery.goodwill.decisions import Remedy
from custrecovery.hookspecs import hookimpl
from custrecovery.money import Money

__all__ = [
    "Failure",
    "OFCOM_RATES",
    "OfcomRates",
    "TelecomsUkPack",
    "ofcom_compensation",
    "rates_on",
]


class Failure(enum.Enum):
    """The three failures the scheme pays for (also the complaint categories)."""

    DELAYED_REPAIR = "delayed repair"
    DELAYED_PROVISION = "delayed provision"
    MISSED_APPOINTMENT = "missed appointment"


def _gbp(instance: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, Money) or value.currency != "GBP" or value.is_negative:
        raise InvalidValue(f"{attribute.name} must be non-negative GBP Money, got {value!r}")


def _date(instance: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, date):
        raise InvalidValue(f"{attribute.name} must be a date, got {value!r}")


@final
@attrs.frozen(kw_only=True)
class OfcomRates:
    """The scheme's rates in force from ``effective``, and where they were published."""

    effective: date = attrs.field(validator=_date)
    repair_per_day: Money = attrs.field(validator=_gbp)
    provision_per_day: Money = attrs.field(validator=_gbp)
    missed_appointment: Money = attrs.field(validator=_gbp)
    source: str


OFCOM_RATES: Final = (
    OfcomRates(
        effective=date(2019, 4, 1),
        repair_per_day=Money("8.00", "GBP"),
        provision_per_day=Money("5.00", "GBP"),
        missed_appointment=Money("25.00", "GBP"),
        source="Ofcom, Automatic Compensation statement, 10 November 2017 (in force 1 April 2019)",
    ),
    OfcomRates(
        effective=date(2024, 4, 1),
        repair_per_day=Money("9.76", "GBP"),
        provision_per_day=Money("6.10", "GBP"),
        missed_appointment=Money("30.50", "GBP"),
        source=(
            "the scheme's CPI-uprated rates from 1 April 2024 as published by signatories "
            "(EE, 'Automatic compensation' help page: GBP 9.76 and 6.10 a day; missed "
            "appointment GBP 30.50, not checked against a primary source)"
        ),
    ),
)
"""The dated rate table, oldest first (see each row's ``source``)."""


def rates_on(day: date, table: Sequence[OfcomRates] = OFCOM_RATES) -> OfcomRates:
    """The row of ``table`` in force on ``day``."""
    if not isinstance(day, date):
        raise InvalidValue(f"day must be a date, got {day!r}")
    in_force = [row for row in table if row.effective <= day]
    if not in_force:
        raise InvalidValue(f"no Ofcom rates in force on {day.isoformat()}")
    return max(in_force, key=lambda row: row.effective)


def ofcom_compensation(
    failure: Failure,
    *,
    on: date,
    reported: date | None = None,
    fixed: date | None = None,
    promised: date | None = None,
    started: date | None = None,
    appointments: int = 1,
    calendar: BusinessCalendar | None = None,
    table: Sequence[OfcomRates] = OFCOM_RATES,
) -> Proposal | None:
    """Automatic compensation for one failure, at the rates in force ``on``; ``None`` if none.

    A delayed repair needs ``reported`` and ``fixed``; a delayed provision,
    ``promised`` and ``started``; a missed appointment, how many
    ``appointments`` were missed.
    """
    if not isinstance(failure, Failure):
        raise InvalidValue(f"failure must be a Failure, got {failure!r}")
    rates = rates_on(on, table)
    if failure is Failure.DELAYED_REPAIR:
        if not isinstance(reported, date) or not isinstance(fixed, date) or fixed < reported:
            raise InvalidValue("a delayed repair needs reported and fixed dates, fixed not before")
        calendar = calendar if calendar is not None else BusinessCalendar()
        allowed = calendar.nth_business_day_after(reported, 2)
        days, rate = (fixed - allowed).days, rates.repair_per_day
        rule = "delayed repair: each calendar day unfixed after two working days"
        facts: dict[str, object] = {"reported": reported, "fixed": fixed, "allowed_until": allowed}
    elif failure is Failure.DELAYED_PROVISION:
        if not isinstance(promised, date) or not isinstance(started, date):
            raise InvalidValue("a delayed provision needs promised and started dates")
        days, rate = (started - promised).days, rates.provision_per_day
        rule = "delayed provision: each calendar day from the promised date until it starts"
        facts = {"promised": promised, "started": started}
    else:
        if isinstance(appointments, bool) or not isinstance(appointments, int) or appointments < 0:
            raise InvalidValue(f"appointments must be a non-negative int, got {appointments!r}")
        days, rate = appointments, rates.missed_appointment
        rule = "missed appointment: a fixed amount for each appointment missed"
        facts = {"appointments": appointments}
    if days <= 0:
        return None
    why = Explanation(
        source="ofcom-automatic-compensation",
        rule=rule,
        facts={**facts, "units": days},
        thresholds={"rate": rate, "rates_from": rates.effective, "rates_source": rates.source},
    )
    return Proposal(Remedy.CREDIT, rate.scaled(days), why)


_CLOSED: Final = frozenset({"closed", "archived", "merged"})


@final
@attrs.frozen(kw_only=True)
class TelecomsUkPack:
    """The telecoms-uk pack: reminds the owner that the compensation is automatic."""

    plugin_name: str = "telecoms-uk"

    @hookimpl
    def suggest_follow_ups(self, case: Case) -> Sequence[FollowUpAction]:
        """For an open case in a scheme category: credit the compensation without a claim."""
        try:
            failure = Failure(case.complaint.category)
        except ValueError:
            return ()
        if case.state in _CLOSED:
            return ()
        return (
            FollowUpAction(
                "owner",
                f"credit the automatic compensation for the {failure.value} on case "
                f"{case.case_id} within 30 days, without waiting for a claim",
                "Ofcom automatic compensation scheme: paid without the customer asking",
                source=self.plugin_name,
            ),
        )
