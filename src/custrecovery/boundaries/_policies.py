"""Boundary policies: the warning signs of an unreasonable complainant, as rules.

Rules
-----
Seed article 001 names three warning signs: the customer is never satisfied,
complains whatever the circumstances, and keeps asking for the rules to be changed
in their favour. The UK public ombudsmen's unreasonable-complainant policies add
the limit that matters most: persistence is often justified, and only
*unreasonable* persistence counts. So each rule counts only what the customer is
answerable for:

* :class:`NeverSatisfied` (default 3): flagged when the customer has rejected
  ``rejections_in_a_row`` resolutions *in a row* that were assessed reasonable.
  Rejecting an offer assessed unreasonable, or one made on a complaint judged
  justified, does not count; contacts that do not count are skipped, not
  treated as a break. Accepting any offer ends the run.
* :class:`ComplainsRegardless` (default more than 6 in 90 days): flagged when
  more than ``max_complaints`` complaints fall in the window. Complaints judged
  justified are left out: persistence about justified complaints is not
  unreasonableness. Complaints not yet assessed count.
* :class:`BendsRules` (default more than 3 in 180 days): flagged when more than
  ``max_requests`` requests for an exception *outside* policy fall in the
  window. Asking for something policy allows anyway does not count.

Windows end at ``as_of`` and include it; a contact exactly ``window`` old has
left the window. Contacts received after ``as_of`` are ignored by every rule, so
replaying a history at a past ``as_of`` gives the answer of that day.

Theory of operation
-------------------
A policy is a frozen value with a ``name`` and ``assess(history, *, as_of)``
returning an :class:`~custrecovery.Assessment` whose explanation cites the rule,
the facts (counts, case ids, dates) and the thresholds. Policies read no clock
and keep no state; :func:`decide` runs several and combines them fail-closed.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from datetime import timedelta
from typing import Any
from typing import Protocol
from typing import final

import attrs

from custrecovery.boundaries._combining import combine_assessments
from custrecovery.boundaries._history import ContactRecord
from custrecovery.boundaries._history import CustomerHistory
from custrecovery.boundaries._notices import DEFAULT_NOTICE_TEMPLATE
from custrecovery.boundaries._notices import NoticeFactory
from custrecovery.boundaries.decisions import Assessment
from custrecovery.boundaries.decisions import BoundaryAction
from custrecovery.boundaries.decisions import BoundaryDecision
from custrecovery.boundaries.decisions import PolicyFailure
from custrecovery.boundaries.decisions import _require_aware_argument
from custrecovery.errors import InvalidValue
from custrecovery.explanations import Explanation
from custrecovery.explanations import _describe_error
from custrecovery.explanations import _describe_result
from custrecovery.explanations import _name_of
from custrecovery.parties import _non_empty

__all__ = [
    "BendsRules",
    "BoundaryPolicy",
    "ComplainsRegardless",
    "NeverSatisfied",
    "decide",
    "default_policies",
]


class BoundaryPolicy(Protocol):
    """What every boundary policy provides."""

    @property
    def name(self) -> str:
        """Short unique name, cited in explanations and conflicts."""

    def assess(self, history: CustomerHistory, *, as_of: datetime) -> Assessment:
        """Assess ``history`` as it stood at ``as_of``; pure, no clock, no state."""


def _at_least_one(instance: Any, attribute: Any, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidValue(
            f"{type(instance).__name__}.{attribute.name} must be an int >= 1, got {value!r}"
        )


def _positive_window(instance: Any, attribute: Any, value: object) -> None:
    if not isinstance(value, timedelta) or value <= timedelta(0):
        raise InvalidValue(
            f"{type(instance).__name__}.{attribute.name} must be a positive timedelta, "
            f"got {value!r}"
        )


def _restrictive(instance: Any, attribute: Any, value: object) -> None:
    if not isinstance(value, BoundaryAction) or value is BoundaryAction.CONTINUE:
        raise InvalidValue(
            f"{type(instance).__name__}.suggests must be a BoundaryAction other than "
            f"CONTINUE, got {value!r}"
        )


def _cases(contacts: Iterable[ContactRecord]) -> str:
    return ", ".join(c.case_id for c in contacts) or "none"


def _assessment(
    policy: str,
    *,
    flagged: bool,
    suggests: BoundaryAction,
    rule: str,
    facts: dict[str, str],
    thresholds: dict[str, str],
) -> Assessment:
    return Assessment(
        policy,
        flagged,
        suggests if flagged else BoundaryAction.CONTINUE,
        Explanation(source=policy, rule=rule, facts=facts, thresholds=thresholds),
    )


@final
@attrs.frozen(kw_only=True)
class NeverSatisfied:
    """Flags a customer who rejected ``rejections_in_a_row`` reasonable resolutions in a row."""

    rejections_in_a_row: int = attrs.field(default=3, validator=_at_least_one)
    suggests: BoundaryAction = attrs.field(
        default=BoundaryAction.TAKE_PRIVATE, validator=_restrictive
    )
    """Article 001: take them aside with a senior person who addresses the core issue."""
    name: str = attrs.field(default="never-satisfied", validator=_non_empty)

    def assess(self, history: CustomerHistory, *, as_of: datetime) -> Assessment:
        """Count the current run of rejected reasonable offers on unjustified complaints."""
        _require_aware_argument(as_of, where=f"{self.name}.assess")
        run: list[ContactRecord] = []
        for c in history.up_to(as_of):
            if c.customer_accepted is True:
                run.clear()
            elif (
                c.resolution_reasonable is True
                and c.customer_accepted is False
                and c.justified is not True
            ):
                run.append(c)
        n, limit = len(run), self.rejections_in_a_row
        flagged = n >= limit
        return _assessment(
            self.name,
            flagged=flagged,
            suggests=self.suggests,
            rule=(
                f"rejected {n} reasonable resolutions in a row (flagged from {limit})"
                if flagged
                else f"{n} reasonable resolutions rejected in a row, fewer than {limit}"
            ),
            facts={
                "rejected_in_a_row": str(n),
                "cases": _cases(run),
                "first": run[0].received_at.isoformat() if run else "none",
                "last": run[-1].received_at.isoformat() if run else "none",
                "as_of": as_of.isoformat(),
            },
            thresholds={"rejections_in_a_row": str(limit)},
        )


def _over_window_limit(
    policy: ComplainsRegardless | BendsRules,
    as_of: datetime,
    counted: list[ContactRecord],
    *,
    left_out: int,
    limit: int,
    what: str,
    keys: tuple[str, str, str],
) -> Assessment:
    """The assessment of a rule "more than ``limit`` of ``what`` within the window"."""
    n = len(counted)
    flagged = n > limit
    days = policy.window.days
    counted_key, left_out_key, limit_key = keys
    return _assessment(
        policy.name,
        flagged=flagged,
        suggests=policy.suggests,
        rule=f"{n} {what} in {days} days, "
        + (f"more than {limit}" if flagged else f"at most {limit}"),
        facts={
            counted_key: str(n),
            left_out_key: str(left_out),
            "cases": _cases(counted),
            "window_start": (as_of - policy.window).isoformat(),
            "as_of": as_of.isoformat(),
        },
        thresholds={limit_key: str(limit), "window": str(policy.window)},
    )


@final
@attrs.frozen(kw_only=True)
class ComplainsRegardless:
    """Flags more than ``max_complaints`` unjustified complaints within ``window``.

    Complaints judged justified never count: persistence about justified
    complaints is not unreasonableness. Complaints not yet assessed do count.
    """

    max_complaints: int = attrs.field(default=6, validator=_at_least_one)
    window: timedelta = attrs.field(default=timedelta(days=90), validator=_positive_window)
    suggests: BoundaryAction = attrs.field(
        default=BoundaryAction.RESTRICT_CONTACT, validator=_restrictive
    )
    """The ombudsmen's remedy for volume: restrict channel or frequency, with a notice."""
    name: str = attrs.field(default="complains-regardless", validator=_non_empty)

    def assess(self, history: CustomerHistory, *, as_of: datetime) -> Assessment:
        """Count the complaints in the window, leaving out those judged justified."""
        _require_aware_argument(as_of, where=f"{self.name}.assess")
        recent = history.within(self.window, as_of=as_of)
        counted = [c for c in recent if c.justified is not True]
        return _over_window_limit(
            self,
            as_of,
            counted,
            left_out=len(recent) - len(counted),
            limit=self.max_complaints,
            what="complaints not judged justified",
            keys=("complaints_counted", "justified_left_out", "max_complaints"),
        )


@final
@attrs.frozen(kw_only=True)
class BendsRules:
    """Flags more than ``max_requests`` requests for exceptions outside policy within ``window``."""

    max_requests: int = attrs.field(default=3, validator=_at_least_one)
    window: timedelta = attrs.field(default=timedelta(days=180), validator=_positive_window)
    suggests: BoundaryAction = attrs.field(
        default=BoundaryAction.BACK_EMPLOYEE, validator=_restrictive
    )
    """Article 001: back the employee who kept to policy; no special exception."""
    name: str = attrs.field(default="bends-rules", validator=_non_empty)

    def assess(self, history: CustomerHistory, *, as_of: datetime) -> Assessment:
        """Count requests for exceptions outside policy in the window."""
        _require_aware_argument(as_of, where=f"{self.name}.assess")
        requests = [c for c in history.within(self.window, as_of=as_of) if c.exception_requested]
        outside = [c for c in requests if not c.exception_within_policy]
        return _over_window_limit(
            self,
            as_of,
            outside,
            left_out=len(requests) - len(outside),
            limit=self.max_requests,
            what="requests for exceptions outside policy",
            keys=("requests_outside_policy", "within_policy_left_out", "max_requests"),
        )


def default_policies() -> tuple[BoundaryPolicy, ...]:
    """The three built-in policies with their default thresholds."""
    return (NeverSatisfied(), ComplainsRegardless(), BendsRules())


def decide(
    history: CustomerHistory,
    *,
    as_of: datetime,
    policies: Iterable[BoundaryPolicy] | None = None,
    notice_factory: NoticeFactory = DEFAULT_NOTICE_TEMPLATE,
) -> BoundaryDecision:
    """Run ``policies`` (the built-ins by default) on ``history`` and combine them fail-closed.

    A policy that raises, or returns something that is not an Assessment, does not
    stop the others: it becomes a :class:`PolicyFailure` and the decision is
    escalated to a person naming it.
    """
    _require_aware_argument(as_of, where="decide")
    results: list[Assessment | PolicyFailure] = []
    for policy in default_policies() if policies is None else policies:
        name = _name_of(policy)
        try:
            result: object = policy.assess(history, as_of=as_of)
        except Exception as error:  # fail-closed: any bug in a policy goes to a person
            results.append(PolicyFailure.from_error(plugin=name, error=error))
            continue
        # Exactly an Assessment, and valid now: a subclass could override what the
        # combination reads, and a value changed after it was built (object.__setattr__)
        # would skip its validators. Either goes to a person, naming the policy.
        if type(result) is not Assessment:
            results.append(PolicyFailure(name, f"{_describe_result(result)}, not an Assessment"))
            continue
        try:
            attrs.validate(result)
        except Exception as error:
            results.append(
                PolicyFailure(
                    name, f"returned an inconsistent Assessment ({_describe_error(error)})"
                )
            )
            continue
        results.append(result)
    return combine_assessments(results, as_of=as_of, notice_factory=notice_factory)
