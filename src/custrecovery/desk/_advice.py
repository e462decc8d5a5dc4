"""What a desk advises besides applying operations: decisions, deadlines, next steps.

The desk's plugins decide boundaries and goodwill fail-closed, its clock sets say
where every deadline stands, and the directory says whose cases need a new owner.
These read a case or a customer's history and change nothing: a CRM acts on the
answer with operations. Kept apart from :mod:`custrecovery.desk._desk`, which
applies operations, so each reads as one concept.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Mapping
from datetime import date
from datetime import datetime
from typing import TYPE_CHECKING

import attrs

from custrecovery._time import require_aware_argument
from custrecovery.boundaries import DEFAULT_NOTICE_TEMPLATE
from custrecovery.boundaries import CustomerHistory
from custrecovery.boundaries import NoticeFactory
from custrecovery.boundaries.decisions import BoundaryDecision
from custrecovery.cases import Case
from custrecovery.desk._plugins import PluginHost
from custrecovery.errors import ApprovalRefused
from custrecovery.errors import InvalidValue
from custrecovery.followups import FollowUpAction
from custrecovery.goodwill import GoodwillRules
from custrecovery.goodwill import approve_goodwill
from custrecovery.goodwill import decide_goodwill
from custrecovery.goodwill.decisions import CompensationFacts
from custrecovery.goodwill.decisions import GoodwillDecision
from custrecovery.parties import Actor

if TYPE_CHECKING:
    from custrecovery.clocks import ClockAction
    from custrecovery.clocks import ClockSet
    from custrecovery.clocks import ClockStatus
    from custrecovery.directory import Directory

__all__ = ["Advice"]


class Advice:
    """The desk's advisory methods (mixed into :class:`~custrecovery.desk.Desk`)."""

    plugins: PluginHost
    goodwill: GoodwillRules
    clock_sets: tuple[ClockSet, ...]
    directory: Directory | None
    _open: frozenset[str]

    def decide_boundary(
        self,
        history: CustomerHistory,
        *,
        as_of: datetime,
        notice_factory: NoticeFactory = DEFAULT_NOTICE_TEMPLATE,
    ) -> BoundaryDecision:
        """Every registered boundary policy's view of a customer, combined fail-closed.

        The most restrictive suggestion wins; the safeguards (the owner stays, the
        customer keeps external recourse, new complaints are judged on their
        merits) hold in every decision.
        """
        return self.plugins.decide_boundary(history, as_of=as_of, notice_factory=notice_factory)

    def decide_goodwill(
        self, facts: CompensationFacts, *, requested_by: Actor, for_case: Case | None = None
    ) -> GoodwillDecision:
        """What every registered strategy proposes for ``facts``, combined under the
        desk's :class:`~custrecovery.goodwill.GoodwillRules` and checked against
        ``requested_by``'s authority. The amount never depends on who asks.

        With a directory, the requester's role (and so their authority) is one the
        directory gives them. ``for_case`` binds the decision to that case at its
        current version: only
        a bound decision can be offered (``OfferGoodwill``), on that case, once.
        """
        requested_by = self._as_known(requested_by, "requester")
        case_id = case_version = None
        if for_case is not None:
            if type(for_case) is not Case:
                raise InvalidValue(f"for_case must be a Case, got {type(for_case).__name__}")
            case_id, case_version = for_case.case_id, for_case.version
        return decide_goodwill(
            facts,
            self.plugins.compensation_strategies(),
            requested_by=requested_by,
            rules=self.goodwill,
            case_id=case_id,
            case_version=case_version,
        )

    def approve_goodwill(self, decision: GoodwillDecision, *, approver: Actor) -> GoodwillDecision:
        """``decision`` approved by a second person with enough authority (recorded).

        With a directory, the approver's role (and so their authority) is one the
        directory gives them, never only what the caller wrote on the ``Actor``.
        """
        return approve_goodwill(
            decision, self._as_known(approver, "approver"), self.goodwill.authority
        )

    def _as_known(self, actor: Actor, what: str) -> Actor:
        """``actor`` as the directory knows them (its name, a role it gives them), or
        as given when the desk has no directory; unknown or inactive: ApprovalRefused."""
        directory = self.directory
        if directory is None:
            return actor
        person = directory.lookup(actor.actor_id)
        if person is None or not person.active:
            state = "not known to the directory" if person is None else "no longer active"
            raise ApprovalRefused(f"the {what} {actor.actor_id!r} is {state}")
        role = actor.role if actor.role in person.roles else person.roles[0]
        if (role, person.name) == (actor.role, actor.name):
            return actor
        return attrs.evolve(actor, role=role, name=person.name)

    def clock_status(
        self, case: Case, *, as_of: datetime, start: date | datetime | None = None
    ) -> dict[str, tuple[ClockStatus, ...]]:
        """Where every registered clock stands on ``case`` at ``as_of``, by clock-set name.

        ``start`` gives an explicit start where a regime counts from outside the
        history (a CFPB complaint's date sent to the company).
        """
        from custrecovery.clocks import clock_set_status

        # Checked here too: with no clock set registered nothing below looks at them.
        require_aware_argument(as_of, where="clock_status", name="as_of")
        if isinstance(start, datetime):
            require_aware_argument(start, where="clock_status", name="start")
        return {
            clock_set.name: clock_set_status(clock_set, case, as_of=as_of, start=start)
            for clock_set in self.clock_sets
        }

    def sweep(
        self,
        cases: Iterable[Case],
        *,
        as_of: datetime,
        starts: Mapping[str, date | datetime] | None = None,
    ) -> tuple[ClockAction, ...]:
        """The due actions (warn, escalate, tell the customer) on ``cases`` at ``as_of``,
        under every registered clock set, soonest deadline first."""
        from custrecovery.clocks import sweep

        return sweep(cases, as_of=as_of, clock_sets=self.clock_sets, starts=starts)

    def follow_ups(self, case: Case) -> tuple[FollowUpAction, ...]:
        """The concrete next steps the plugins suggest for ``case``."""
        return self.plugins.follow_ups(case)

    def cases_with_inactive_owner(self, cases: Iterable[Case]) -> tuple[Case, ...]:
        """The open cases among ``cases`` whose owner the directory marks inactive.

        In the order given, for a CRM's scheduler: each should be taken over by the
        owner's supervisor (``TakeOver``). Without a directory, none.
        """
        directory = self.directory
        if directory is None:
            return ()
        found = []
        for case in cases:
            if case.state not in self._open:
                continue
            person = directory.lookup(case.owner.actor_id)
            if person is not None and not person.active:
                found.append(case)
        return tuple(found)
