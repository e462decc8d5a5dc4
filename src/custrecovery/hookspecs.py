"""The plugin contract: every hook a custrecovery plugin may implement.

A plugin is any object or module with functions decorated with
:data:`hookimpl`, registered with a :class:`~custrecovery.Desk`
(``Desk(plugins=[...])``) or installed under the ``custrecovery`` entry-point
group. Implement only the hooks you need; argument names must match the
specs below (pluggy checks them at registration) and you may omit arguments
you do not use.

How hooks are called
--------------------
* ``register_*`` hooks are *collected*: every plugin's list is used
  (``register_directory``: at most one plugin may answer).
* ``veto_operation`` is collected: any reason refuses the operation.
* ``on_*`` hooks are notifications; their return value is ignored.

Failing closed
--------------
custrecovery calls each implementation separately. A plugin that raises, or
returns something outside its contract, never silently allows or pays:

* a broken boundary policy turns the boundary decision into an escalation to
  a person, naming the plugin and the error;
* a broken compensation strategy turns the goodwill decision into an
  escalation naming the plugin and the error, and pays nothing by itself;
* a broken ``veto_operation`` refuses the operation with
  :class:`~custrecovery.EscalationRequired`, naming the plugin and the error;
* a broken ``on_operation_accepted`` cannot undo an accepted operation: it is
  reported as a :class:`~custrecovery.PluginWarning`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from custrecovery.boundaries import BoundaryPolicy
    from custrecovery.cases import Case
    from custrecovery.cases import Event
    from custrecovery.clocks import ClockSet
    from custrecovery.directory import Directory
    from custrecovery.followups import FollowUpAction
    from custrecovery.goodwill import CompensationStrategy
    from custrecovery.operations import Operation

__all__ = [
    "hookimpl",
    "hookspec",
    "on_operation_accepted",
    "register_boundary_policies",
    "register_clock_sets",
    "register_compensation_strategies",
    "register_directory",
    "suggest_follow_ups",
    "veto_operation",
]

PROJECT = "custrecovery"

hookspec = pluggy.HookspecMarker(PROJECT)
"""Marks a function in this module as a hook specification."""

hookimpl = pluggy.HookimplMarker(PROJECT)
"""Marks a plugin's function as the implementation of the hook of the same name."""


@hookspec
def register_boundary_policies() -> Sequence[BoundaryPolicy]:
    """Boundary policies this plugin contributes (collected from every plugin).

    :return: a sequence of objects with a ``name: str`` and
        ``assess(history: CustomerHistory, *, as_of: datetime) -> Assessment``.
        Called once per boundary decision (:meth:`Desk.decide_boundary`); every
        returned policy is assessed, and the most restrictive suggestion wins.
        A policy that raises or returns something other than an ``Assessment``
        makes the decision an escalation to a person naming this plugin.
    """
    raise NotImplementedError  # pragma: no cover - a specification, never called


@hookspec
def register_compensation_strategies() -> Sequence[CompensationStrategy]:
    """Goodwill compensation strategies this plugin contributes (collected).

    :return: a sequence of objects with a ``name: str`` and
        ``propose(facts: CompensationFacts) -> Proposal | None`` (``None``:
        nothing to offer for these facts). Called once per goodwill decision
        (:meth:`Desk.decide_goodwill`). A strategy that raises or returns
        something other than a ``Proposal`` or ``None``, or a proposal in
        another currency, makes the decision an escalation naming this plugin.
    """
    raise NotImplementedError  # pragma: no cover


@hookspec
def register_clock_sets() -> Sequence[ClockSet]:
    """Clock sets this plugin contributes (collected from every plugin).

    :return: a sequence of :class:`~custrecovery.clocks.ClockSet` values: the
        deadlines one regime imposes (a regulator's, such as FCA DISP or the
        CFPB's, or a firm's own service levels), each clock declared as data
        with its rule, its source and its business calendar. Called once when
        the desk is built (:attr:`Desk.clock_sets`); clock-set names must be
        unique across plugins. A plugin that raises, returns anything but a
        sequence of ``ClockSet`` (one bad item sets aside its whole answer), or
        registers a name another plugin already registered, fails closed: the
        desk is not built and :class:`~custrecovery.PluginError` names the plugin.
    """
    raise NotImplementedError  # pragma: no cover


@hookspec
def register_directory() -> Directory | None:
    """The firm's directory of people, if this plugin supplies it (an HR system's).

    :return: an object with ``lookup(actor_id) -> Person | None``
        (:class:`~custrecovery.directory.Directory`), or ``None`` for none. Called
        once when the desk is built; a ``directory=`` given to the desk wins over
        it. With a directory, roles, departures and supervisors come from it
        (see :mod:`custrecovery.directory`). Two plugins answering, or an answer
        without a ``lookup``, fail closed: the desk is not built and
        :class:`~custrecovery.PluginError` names the plugin.
    """
    raise NotImplementedError  # pragma: no cover


@hookspec
def veto_operation(case: Case, operation: Operation) -> str | None:
    """Refuse an operation before the lifecycle sees it (collected).

    :param case: the case as it is now (unchanged whatever you answer).
    :param operation: the operation a caller asked for; never ``record``.
    :return: ``None`` to let the lifecycle rules decide, or a non-empty reason
        to refuse, raised as :class:`~custrecovery.OperationRefused` naming the
        plugin. Called by :meth:`Desk.apply` for every operation except the
        "push it away" ones, which are refused anyway. Use it for industry
        requirements such as a minimum referral degree
        (:class:`~custrecovery.MinimumReferralDegree`). Raising, or returning
        anything but ``None`` or a non-empty string, refuses the operation with
        :class:`~custrecovery.EscalationRequired`.
    """
    raise NotImplementedError  # pragma: no cover


@hookspec
def on_operation_accepted(case: Case, event: Event) -> None:
    """Notification after an operation was accepted (return value ignored).

    :param case: the case after the operation.
    :param event: the event appended to its history (``case.history[-1]``).
        Called by :meth:`Desk.apply` and :meth:`Desk.record`, not during
        :meth:`Desk.replay`. Side effects (emails, CRM updates) belong here.
        An exception cannot undo the operation; it is reported as a
        :class:`~custrecovery.PluginWarning`.
    """
    raise NotImplementedError  # pragma: no cover


@hookspec
def suggest_follow_ups(case: Case) -> Sequence[FollowUpAction]:
    """Concrete next steps for a case (collected; the last registered plugin first).

    :param case: the case as it is now.
    :return: follow-up actions (who should do what, and why). Called by
        :meth:`Desk.follow_ups`. The built-in plugin flags complaints made on
        public channels to a brand-responsible role and invites the customer
        to a private channel, and asks for feedback after a resolution
        ("five stars, or call us first"). A plugin that raises or returns
        garbage adds an escalation action naming it instead.
    """
    raise NotImplementedError  # pragma: no cover
