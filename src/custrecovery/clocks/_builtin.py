"""The built-in clock sets: FCA DISP, DISP for payment services, CFPB, service levels.

Rules (DOMAIN.md section 2; each clock names its source)
--------------------------------------------------------
* FCA DISP 1.5.2R: a complaint resolved by close of business on the third
  business day after the day of receipt escapes the time-limit and forwarding
  rules; it gets a summary resolution communication (DISP 1.5.5R) and needs
  no written acknowledgement. "Resolved" (DISP 1.5.4R): the complainant has
  indicated acceptance of a response. This clock is a window, not a duty: when
  it runs out nothing is escalated, the ordinary route applies.
* FCA DISP 1.6.2R: a final response within eight weeks of receipt; if not,
  tell the complainant why and of the right to refer to the Financial
  Ombudsman Service.
* FCA DISP 1.6.2AR (payment services): a final response by the end of 15
  business days after receipt; in exceptional situations, a holding reply
  (sent within those 15 days) moves it to 35 business days.
* CFPB company portal manual (expectations, not statute): a response within 15
  calendar days of the complaint being sent to the company ("in progress" counts),
  a final response within 60 calendar days.
* Service levels (Zammad, Request Tracker): first response, resolution and
  updates every N hours, in business hours, configurable per severity, paused
  while the case awaits the customer.

Every builder takes a calendar (build one and share it: it keeps its holiday
set); with none, each builds its own default.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any
from typing import Final
from typing import final

import attrs

from custrecovery.cases import Case
from custrecovery.clocks._calendar import BusinessCalendar
from custrecovery.clocks._declaration import Clock
from custrecovery.clocks._declaration import ClockSet
from custrecovery.clocks._declaration import Duration
from custrecovery.clocks._declaration import Extension
from custrecovery.clocks._declaration import Trigger
from custrecovery.clocks._declaration import Unit
from custrecovery.errors import InvalidValue

__all__ = [
    "DEFAULT_SERVICE_LEVELS",
    "ServiceLevel",
    "cfpb_clocks",
    "fca_disp_clocks",
    "fca_disp_payment_services_clocks",
    "service_level_clocks",
    "service_level_sets",
    "severity_of",
]

_RECEIPT = Trigger(events=["record"])
# A final response: the firm's decision, or forwarding to the firm responsible
# (DISP 1.7); closing stops it too, so a case that ends some other way is not
# left with a clock running.
_FINAL_RESPONSE = Trigger(events=["propose_resolution", "refer"], states=["closed"])
_RESOLVED = Trigger(events=["accept_resolution"])
_AWAITING = ("awaiting_customer", "resolution_proposed")
_SETTLED = Trigger(states=["resolved", "referred", "closed"])


def _summary_resolution(calendar: BusinessCalendar) -> Clock:
    return Clock(
        name="summary_resolution",
        rule=(
            "resolved by close of business on the third business day after the day of "
            "receipt: send a summary resolution communication; no written acknowledgement "
            "or time-limit rules needed"
        ),
        source="FCA DISP 1.5.2R",
        duration=Duration(3, Unit.BUSINESS_DAYS),
        calendar=calendar,
        starts=_RECEIPT,
        stops=_RESOLVED,
        warn_at=None,
        escalate=False,
    )


def fca_disp_clocks(*, calendar: BusinessCalendar | None = None) -> ClockSet:
    """FCA DISP, general: the three-day summary-resolution window and 8 weeks."""
    calendar = calendar if calendar is not None else BusinessCalendar()
    final = Clock(
        name="final_response",
        rule=(
            "send a final response within eight weeks of receipt, or a written response "
            "saying why not and of the right to refer to the Financial Ombudsman Service"
        ),
        source="FCA DISP 1.6.2R",
        duration=Duration(8, Unit.WEEKS),
        calendar=calendar,
        starts=_RECEIPT,
        stops=_FINAL_RESPONSE,
        tell_customer=True,
    )
    return ClockSet(
        name="FCA DISP",
        clocks=(_summary_resolution(calendar), final),
        description="FCA Handbook DISP 1.5 and 1.6: complaints about financial services",
    )


HOLDING_REPLY_EVENTS: Final = ("send_holding_reply",)
"""Operation kinds that are a holding reply (no core operation has this kind yet)."""


def fca_disp_payment_services_clocks(
    *,
    calendar: BusinessCalendar | None = None,
    holding_reply_events: Iterable[str] = HOLDING_REPLY_EVENTS,
) -> ClockSet:
    """FCA DISP for payment services: 15 business days, 35 after a holding reply."""
    calendar = calendar if calendar is not None else BusinessCalendar()
    final = Clock(
        name="final_response",
        rule=(
            "send a final response by the end of 15 business days after receipt; in "
            "exceptional situations a holding reply within that time moves it to 35"
        ),
        source="FCA DISP 1.6.2AR",
        duration=Duration(15, Unit.BUSINESS_DAYS),
        calendar=calendar,
        starts=_RECEIPT,
        stops=_FINAL_RESPONSE,
        extension=Extension(
            on=Trigger(events=holding_reply_events),
            to=Duration(35, Unit.BUSINESS_DAYS),
            rule="a holding reply was sent: 35 business days after receipt",
        ),
        tell_customer=True,
    )
    return ClockSet(
        name="FCA DISP (payment services)",
        clocks=(_summary_resolution(calendar), final),
        description="FCA Handbook DISP 1.5 and 1.6.2AR: payment services and e-money",
    )


def cfpb_clocks(
    *,
    calendar: BusinessCalendar | None = None,
    response_events: Iterable[str] = ("investigate", "propose_resolution", "refer"),
    final_response_events: Iterable[str] = ("propose_resolution", "refer"),
) -> ClockSet:
    """CFPB: a response within 15 calendar days, a final response within 60.

    Both start on ``record`` unless the status is asked with an explicit
    ``start`` (the date the CFPB sent the complaint to the company). With the
    CFPB replay's mapping, "In progress" is an ``investigate`` event.
    """
    calendar = (
        calendar
        if calendar is not None
        else BusinessCalendar(time_zone="America/New_York", country="US", subdiv=None)
    )
    source = "CFPB company portal manual"
    closed = Trigger(states=["closed"])
    return ClockSet(
        name="CFPB",
        clocks=(
            Clock(
                name="response",
                rule="respond within 15 calendar days of the complaint being sent to the company",
                source=source,
                duration=Duration(15, Unit.CALENDAR_DAYS),
                calendar=calendar,
                starts=_RECEIPT,
                stops=Trigger(events=response_events, states=closed.states),
            ),
            Clock(
                name="final_response",
                rule=(
                    "after an 'in progress' response, give a final response within 60 "
                    "calendar days of the complaint being sent to the company"
                ),
                source=source,
                duration=Duration(60, Unit.CALENDAR_DAYS),
                calendar=calendar,
                starts=_RECEIPT,
                stops=Trigger(events=final_response_events, states=closed.states),
            ),
        ),
        description="US CFPB complaint portal: expectations for companies, not statute",
    )


def _duration_or_none(instance: Any, attribute: Any, value: Any) -> None:
    if value is not None and not isinstance(value, Duration):
        raise InvalidValue(f"ServiceLevel.{attribute.name} must be a Duration, got {value!r}")


def _duration(instance: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, Duration):
        raise InvalidValue(f"ServiceLevel.{attribute.name} must be a Duration, got {value!r}")


@final
@attrs.frozen(kw_only=True)
class ServiceLevel:
    """A firm's own targets for one severity: first response, resolution, updates."""

    first_response: Duration = attrs.field(validator=_duration)
    resolution: Duration = attrs.field(validator=_duration)
    update_every: Duration | None = attrs.field(default=None, validator=_duration_or_none)


def _bh(hours: int) -> Duration:
    return Duration(hours, Unit.BUSINESS_HOURS)


DEFAULT_SERVICE_LEVELS: Final[Mapping[str, ServiceLevel]] = MappingProxyType(
    {
        "critical": ServiceLevel(first_response=_bh(1), resolution=_bh(8), update_every=_bh(2)),
        "high": ServiceLevel(first_response=_bh(4), resolution=_bh(16), update_every=_bh(4)),
        "medium": ServiceLevel(first_response=_bh(8), resolution=_bh(40), update_every=_bh(8)),
        "low": ServiceLevel(first_response=_bh(16), resolution=_bh(80)),
    }
)
"""Example targets by severity (the values of :class:`custrecovery.Severity`)."""

UPDATE_EVENTS: Final = (
    "await_customer",
    "propose_resolution",
    "give_recourse",
    "refer",
    "record_follow_up",
)
"""Operation kinds that tell the customer something (restart the update clock)."""


def service_level_clocks(
    level: ServiceLevel,
    *,
    severity: str,
    calendar: BusinessCalendar | None = None,
    update_events: Iterable[str] = UPDATE_EVENTS,
) -> ClockSet:
    """A service-level clock set for one severity; paused while awaiting the customer."""
    if not isinstance(level, ServiceLevel):
        raise InvalidValue(f"expected a ServiceLevel, got {level!r}")
    if not isinstance(severity, str) or not severity.strip():
        raise InvalidValue(f"severity must be a non-empty name, got {severity!r}")
    calendar = calendar if calendar is not None else BusinessCalendar()
    update_events = tuple(update_events)
    source = f"service level ({severity})"
    clocks = [
        Clock(
            name="first_response",
            rule=f"first response to the customer within {level.first_response}",
            source=source,
            duration=level.first_response,
            calendar=calendar,
            starts=_RECEIPT,
            stops=Trigger(events=["acknowledge", *update_events]),
            pauses_in=_AWAITING,
        ),
        Clock(
            name="resolution",
            rule=f"resolved within {level.resolution}, not counting time awaiting the customer",
            source=source,
            duration=level.resolution,
            calendar=calendar,
            starts=_RECEIPT,
            stops=_SETTLED,
            pauses_in=_AWAITING,
        ),
    ]
    if level.update_every is not None:
        clocks.append(
            Clock(
                name="update",
                rule=f"tell the customer how it is going at least every {level.update_every}",
                source=source,
                duration=level.update_every,
                calendar=calendar,
                starts=Trigger(events=["acknowledge"]),
                stops=_SETTLED,
                restarts=Trigger(events=update_events),
                pauses_in=_AWAITING,
            )
        )
    return ClockSet(name=f"service level ({severity})", clocks=clocks)


def service_level_sets(
    levels: Mapping[str, ServiceLevel] = DEFAULT_SERVICE_LEVELS,
    *,
    calendar: BusinessCalendar | None = None,
) -> dict[str, ClockSet]:
    """One service-level clock set per severity, sharing one calendar."""
    calendar = calendar if calendar is not None else BusinessCalendar()
    return {
        severity: service_level_clocks(level, severity=severity, calendar=calendar)
        for severity, level in levels.items()
    }


def severity_of(case: Case) -> str | None:
    """The severity of the case's latest assessment (``"high"``...), or ``None``."""
    for event in reversed(case.history):
        if event.kind == "assess":
            severity = getattr(event.operation, "severity", None)
            value = getattr(severity, "value", None)
            return value if isinstance(value, str) else None
    return None
