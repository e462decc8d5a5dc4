"""The desk: where a CRM applies operations to cases.

A :class:`Desk` holds one lifecycle declaration, the rules its validators
read, and the engine that executes it. It owns no cases: every call takes a
case and returns a new one, so a CRM keeps cases wherever it likes, and a
refused operation leaves the caller's case exactly as it was.

Order of checks for :meth:`Desk.apply` (the first failure raises, nothing runs
after it):

1. the case is a :class:`~custrecovery.Case` this desk built or loaded under its
   fingerprint (else :class:`~custrecovery.errors.UntrustedCase`: a case built by
   hand or changed with ``attrs.evolve`` is never built on), and the operation is
   an operation on an existing case (else :class:`~custrecovery.InvalidValue`);
2. "push it away" operations are refused
   (:class:`~custrecovery.NotMyResponsibility`), whatever else is wrong;
3. with ``expected_version`` (an int), the case is that version (else
   :class:`~custrecovery.ConflictError`);
4. the case's stored state is one the lifecycle knows (else
   :class:`~custrecovery.DataError`), and the operation does not happen before
   the case's last event;
5. rights (:class:`~custrecovery.errors.RightsRefused`): with a directory, the
   actor (and any receiver) is a known, active person, and the role comes from
   the directory; then the lifecycle's rights table allows the actor's role or
   relation to the case (owner, worker, owner's supervisor) this operation;
6. plugins may veto (not during :meth:`Desk.replay`);
7. lifecycle operations: the declared transition and its validators (nothing
   is declared out of a final state); ownership operations and annotations:
   the case is open and owned, then the warm-handoff or annotation rules
   (a goodwill offer: bound to this case, offered once, within this desk's
   limits, and what this desk would decide); the merge and split operations,
   declared and otherwise acceptable, are refused: :meth:`Desk.merge` and
   :meth:`Desk.split` apply them, with every case involved in hand;
8. the effect builds the new case, one version on, with the event appended;
   then plugins are notified.
"""

from __future__ import annotations

from collections.abc import Collection
from collections.abc import Iterable
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING
from typing import Any
from typing import Literal
from typing import final

from custrecovery.cases import Case
from custrecovery.cases import Event
from custrecovery.complaints import Complaint
from custrecovery.desk._advice import Advice
from custrecovery.desk._annotations import check_annotation
from custrecovery.desk._defaults import Defaults
from custrecovery.desk._effects import apply_effect
from custrecovery.desk._engine import CompiledEngine
from custrecovery.desk._engine import Engine
from custrecovery.desk._engine import ReferenceEngine
from custrecovery.desk._fingerprint import fingerprint
from custrecovery.desk._lineage import Lineage
from custrecovery.desk._minting import first_case
from custrecovery.desk._minting import is_minted_by
from custrecovery.desk._ownership import CHECKS
from custrecovery.desk._ownership import refuse_pushing_away
from custrecovery.desk._plugins import PluginHost
from custrecovery.desk._refusals import not_declared
from custrecovery.desk._replay import replay
from custrecovery.desk._replay import too_early
from custrecovery.desk._rights import authorize
from custrecovery.directory import Directory
from custrecovery.errors import ConflictError
from custrecovery.errors import DataError
from custrecovery.errors import InvalidValue
from custrecovery.errors import OperationRefused
from custrecovery.errors import UntrustedCase
from custrecovery.goodwill import GoodwillRules
from custrecovery.goodwill.decisions import GoodwillDecision
from custrecovery.lifecycle import ComplaintLifecycle
from custrecovery.lifecycle import LifecycleRules
from custrecovery.lifecycle import check_lifecycle
from custrecovery.lifecycle import rights_of
from custrecovery.operations import OPERATION_TYPES
from custrecovery.operations import AbsorbDuplicate
from custrecovery.operations import MergeInto
from custrecovery.operations import OfferHandoff
from custrecovery.operations import Operation
from custrecovery.operations import Record
from custrecovery.operations import SplitFrom
from custrecovery.operations import SplitInto
from custrecovery.parties import Actor

if TYPE_CHECKING:
    from custrecovery.clocks import ClockSet

__all__ = ["Desk"]

_MERGE_KINDS = frozenset({MergeInto.kind, AbsorbDuplicate.kind})
_OWNER_RIGHTS = frozenset({"owner", "owner_or_worker"})
"""Rights the case's owner holds (checked inline when the owner acts)."""
_SPLIT_KINDS = frozenset({SplitInto.kind, SplitFrom.kind})
# Operations only Desk.merge or Desk.split apply (and replay), with every case in hand.
_LINEAGE_KINDS = _MERGE_KINDS | _SPLIT_KINDS
_APPLICABLE: dict[object, type[Operation]] = {
    kind: cls for kind, cls in OPERATION_TYPES.items() if cls is not Record
}
"""The operation classes :meth:`Desk.apply` accepts, by kind (exact classes only)."""

_DEFAULTS: Any = object()  # "use Defaults()": None means no built-in plugin at all


@final
class Desk(Advice, Lineage):
    """Applies operations to cases under one lifecycle declaration.

    ``engine="compiled"`` (the default) runs a table compiled from the
    lifecycle class; ``engine="reference"`` sends every event through
    python-statemachine itself. Both give the same results.

    The desk owns its plugins (see :mod:`custrecovery.hookspecs`): the built-in
    :class:`~custrecovery.Defaults` (replace it with ``defaults=``, or pass
    ``None`` for none), the ``plugins`` given, and, with ``entry_points=True``,
    those installed under the ``custrecovery`` entry-point group. ``allow`` and
    ``deny`` filter all of them by name. An installed plugin that fails to load
    raises :class:`~custrecovery.PluginError` naming its entry point (deny it,
    or pass ``entry_points=False``, to build the desk without it).

    ``lifecycle`` is verified (:func:`~custrecovery.lifecycle.check_lifecycle`) and a
    failing one raises :class:`~custrecovery.errors.InvalidLifecycle`;
    ``verify=False`` skips that, for tests of broken variants only.

    ``packs`` names the industry packs to enable (``custrecovery.packs``
    entry-point group, see :mod:`custrecovery.packs`): installed packs join a
    desk only by name. A pack that is not installed or fails to load raises
    :class:`~custrecovery.PluginError`, and so does any plugin that implements
    no hook or wraps one.

    ``directory`` is the firm's directory of people (:mod:`custrecovery.directory`),
    or a plugin supplies it (``register_directory``): with one, who may act and
    in which role comes from it, not from the ``Actor`` the caller passes;
    without one, the caller's ``Actor.role`` is trusted, and the
    owner's-supervisor right (an absent owner's case) is nobody's.
    """

    def __init__(
        self,
        *,
        lifecycle: type[Any] = ComplaintLifecycle,
        rules: LifecycleRules | None = None,
        engine: Literal["compiled", "reference"] = "compiled",
        plugins: Sequence[object] = (),
        defaults: object | None = _DEFAULTS,
        entry_points: bool = True,
        allow: Collection[str] | None = None,
        deny: Collection[str] = (),
        goodwill: GoodwillRules | None = None,
        packs: Sequence[str] = (),
        verify: bool = True,
        directory: Directory | None = None,
    ) -> None:
        if engine not in ("compiled", "reference"):
            raise InvalidValue(f"engine must be 'compiled' or 'reference', got {engine!r}")
        owned = getattr(lifecycle, "owned_states", None)
        if owned is None:
            raise InvalidValue(
                f"{lifecycle.__name__} declares no owned_states: build lifecycles "
                "with custrecovery.build_lifecycle"
            )
        if verify:
            # A lifecycle that could lose a case's owner never runs (opt out for tests
            # of broken variants only).
            check_lifecycle(lifecycle)
        self.lifecycle = lifecycle
        self.directory = directory
        self._rights = rights_of(lifecycle)
        # For the hot path: kinds anyone may do, and kinds the owner may do.
        self._free_kinds = frozenset(k for k, r in self._rights.items() if r.who == "anyone")
        self._owner_kinds = frozenset(k for k, r in self._rights.items() if r.who in _OWNER_RIGHTS)
        self.rules = rules if rules is not None else LifecycleRules()
        self.goodwill = goodwill if goodwill is not None else GoodwillRules()
        self.engine_name = engine
        self.fingerprint: str = fingerprint(lifecycle, self.rules, self.goodwill)
        """The declaration and rules this desk applies (see :mod:`custrecovery.desk`).

        It marks the cases the desk builds (a desk builds only on cases built under
        its own fingerprint) and the documents it writes."""
        self._token = self.fingerprint
        self._engine: Engine = (
            CompiledEngine(lifecycle) if engine == "compiled" else ReferenceEngine(lifecycle)
        )
        self._initial: str = lifecycle.initial_state.id
        self._final = frozenset(s.id for s in lifecycle.states_map.values() if s.final)
        self._states = frozenset(lifecycle.states_map)
        self._declared: dict[str, frozenset[str]] = {
            state.id: frozenset(e.id for t in state.transitions for e in t.events)
            for state in lifecycle.states_map.values()
        }
        self._open = frozenset(owned) - self._final
        self._not_allowed_text = {
            state: f"not allowed in this state (allowed: {', '.join(sorted(kinds)) or 'none'})"
            for state, kinds in self._declared.items()
        }
        self.plugins = PluginHost(
            plugins=plugins,
            defaults=Defaults() if defaults is _DEFAULTS else defaults,
            entry_points=entry_points,
            allow=allow,
            deny=deny,
            packs=packs,
        )
        # Plugins are fixed once the desk is built: the hot path reads two booleans
        # instead of calling the host when no plugin vetoes or listens.
        self._vetoes = self.plugins.vetoes
        self._listens = self.plugins.listens
        if self.directory is None:
            # The firm's directory may come from a plugin (an HR system's); one given
            # to the desk wins.
            self.directory = self.plugins.directory()
        self.clock_sets: tuple[ClockSet, ...] = self.plugins.clock_sets()
        """The clock sets the plugins registered (``register_clock_sets``), checked once."""

    def record(self, complaint: Complaint, *, by: Actor, at: datetime, note: str = "") -> Case:
        """Record a complaint: ``by`` owns the new case until someone else accepts it."""
        case = self._record(Record(by=by, at=at, note=note, complaint=complaint), live=True)
        self.plugins.notify(case, case.history.last)
        return case

    def _record(self, op: Record, *, live: bool) -> Case:
        """The new case; ``live=False`` (replay) consults no directory."""
        authorized = authorize(None, op, self._rights, self.directory, live=live)
        assert isinstance(authorized, Record)
        op = authorized
        complaint, at = op.complaint, op.at
        if at < complaint.received_at:
            raise InvalidValue(
                f"complaint {complaint.complaint_id!r} recorded at {at.isoformat()}, "
                f"before it was received at {complaint.received_at.isoformat()}"
            )
        target = self._engine.target(self._initial, op.kind, None, op, self.rules)
        if target is None or target not in self._open:
            raise InvalidValue(
                f"{self.lifecycle.__name__} has no 'record' transition from "
                f"{self._initial!r} into an owned state"
            )
        return first_case(op, case_id=complaint.complaint_id, state=target, token=self._token)

    def capture_and_route(
        self,
        complaint: Complaint,
        *,
        by: Actor,
        to: Actor,
        at: datetime,
        reason: str,
    ) -> Case:
        """Record a complaint heard outside the function and offer it to who handles it.

        ``by`` records the contact details, owns the case, and offers it to ``to``
        with the customer copied; ``by`` stays owner until ``to`` accepts. Both
        steps are checked before plugins hear of either: a refused offer (to
        ``by`` themself, say) raises and nothing was recorded.
        """
        recorded = self._record(Record(by=by, at=at, complaint=complaint), live=True)
        offer = OfferHandoff(by=recorded.owner, at=at, to=to, reason=reason)
        routed = self._apply(recorded, offer, None, True)
        # Both steps were accepted: only now are the plugins told of either.
        self.plugins.notify(recorded, recorded.history.last)
        self.plugins.notify(routed, routed.history.last)
        return routed

    def apply(self, case: Case, op: Operation, *, expected_version: int | None = None) -> Case:
        """The case after ``op``; raises (and changes nothing) if the rules refuse it.

        With ``expected_version``, a case whose version differs (someone else
        changed it since it was read) raises :class:`~custrecovery.ConflictError`.
        Plugins may veto the operation first and are notified after it.
        """
        after = self._apply(case, op, expected_version, True)
        if self._listens:
            self.plugins.notify(after, after.history.last)
        return after

    def _apply(
        self,
        case: Case,
        op: Operation,
        expected_version: int | None,
        plugins: bool,
        merging: bool = False,
    ) -> Case:
        """Apply without notifying; ``plugins=False`` (replay) skips their vetoes.

        ``merging`` is True only inside :meth:`merge`, :meth:`split` and on replay:
        the merge and split operations need the evidence only those check.
        """
        # _trusted, inlined on the hot path: the common case is one identity test.
        if type(case) is not Case or case._minted_by is not self._token:
            self._trusted(case)
        # Exactly one of the declared operation classes: a subclass could claim another
        # family or kind and walk past the rules that family's checks enforce.
        cls = type(op)
        kind = getattr(cls, "kind", None)
        if _APPLICABLE.get(kind) is not cls:
            raise InvalidValue(
                f"expected an operation on an existing case (one of the classes in "
                f"custrecovery.operations, not a subclass), got {type(op).__name__}"
            )
        last = case.history._last
        assert last is not None  # a Case's history is never empty
        state = last.state
        family = op.family
        if family == "refused":  # "not my responsibility" is refused before anything else
            raise refuse_pushing_away(case, op, open_=state in self._open)
        if expected_version is not None:
            if type(expected_version) is not int:
                raise InvalidValue(
                    f"expected_version must be an int, got {type(expected_version).__name__} "
                    f"{expected_version!r}"
                )
            if case.version != expected_version:
                raise ConflictError(
                    case_id=case.case_id,
                    expected_version=expected_version,
                    actual_version=case.version,
                )
        if state not in self._states:
            raise DataError(self._unknown_state(state), where=f"case {case.case_id!r}")
        if op.at < last.operation.at:
            raise OperationRefused(
                too_early(case, op), case_id=case.case_id, state=state, operation=op.kind
            )
        # The common rights need no call: "anyone" without a directory, or the owner
        # acting (the very Actor on record) on a right the owner holds.
        if self.directory is not None or (
            kind not in self._free_kinds and (kind not in self._owner_kinds or op.by != last.owner)
        ):
            op = authorize(case, op, self._rights, self.directory, live=plugins)
        if plugins and self._vetoes:
            self.plugins.veto(case, op)
        if family == "lifecycle":
            target = self._engine.target(state, op.kind, case, op, self.rules)
            if target is None:
                raise self._not_declared(case, op)
            if not merging and op.kind in _LINEAGE_KINDS:
                raise self._merge_only(case, op)
            return apply_effect(case, op, target)
        if state not in self._open:
            reason = (
                "the case has ended (archived or merged); nothing more can happen to it"
                if state in self._final
                else "the case has no accountable owner in this state"
            )
            raise OperationRefused(reason, case_id=case.case_id, state=state, operation=op.kind)
        if not merging and op.kind in _LINEAGE_KINDS:
            raise self._merge_only(case, op)
        check = CHECKS.get(op.kind)
        if check is not None:
            check(case, op)
        else:
            check_annotation(case, op, self.goodwill.authority, self._rederive if plugins else None)
        return apply_effect(case, op, state)

    @staticmethod
    def _merge_only(case: Case, op: Operation) -> OperationRefused:
        reason = (
            f"{op.kind} is applied by Desk.split, which records the new cases"
            if op.kind in _SPLIT_KINDS
            else f"{op.kind} is applied by Desk.merge, which checks the surviving case "
            "(it exists, is open and is the same customer's)"
        )
        return OperationRefused(
            reason,
            case_id=case.case_id,
            state=case.state,
            operation=op.kind,
        )

    def _rederive(self, decision: GoodwillDecision) -> GoodwillDecision:
        return self.decide_goodwill(decision.facts, requested_by=decision.requested_by)

    def apply_all(self, case: Case, ops: Iterable[Operation]) -> Case:
        """Apply operations in order; the first refusal raises and nothing is kept."""
        for op in ops:
            case = self.apply(case, op)
        return case

    def replay(self, events: Iterable[Event], *, case_id: str | None = None) -> Case:
        """Rebuild a case from its stored history, checking every event on the way.

        Each event must belong to the case, carry the next version, be accepted
        again by the rules, and lead to the stored state and owner; otherwise
        :class:`~custrecovery.DataError` names the event (``$.history[i]``).
        """
        return replay(self, events, case_id)

    def allowed(self, case: Case) -> frozenset[str]:
        """Operation kinds :meth:`apply` may accept now (validators may still refuse).

        The merge and split operations are not among them: :meth:`merge` and
        :meth:`split` apply those.
        """
        declared = self._declared.get(case.state, frozenset()) - _LINEAGE_KINDS
        if case.state not in self._open:
            return declared
        side = {
            k for k, cls in OPERATION_TYPES.items() if cls.family in ("ownership", "annotation")
        }
        return declared | (side - _LINEAGE_KINDS)

    def _trusted(self, case: Case) -> None:
        """Raise unless ``case`` is a Case this desk built or loaded (O(1))."""
        if type(case) is not Case:
            raise InvalidValue(f"expected a Case, got {type(case).__name__}")
        if not is_minted_by(case, self._token):
            raise UntrustedCase(
                f"case {case.case_id!r} was not built or loaded under this desk's rules (made "
                "by hand, changed with attrs.evolve, or built under another lifecycle or other "
                "rules): load it with case_from_dict or replay its history with Desk.replay"
            )

    def _unknown_state(self, state: str) -> str:
        return f"stored state {state!r} is not a state of {self.lifecycle.__name__}"

    def _not_declared(self, case: Case, op: Operation) -> OperationRefused:
        return not_declared(case, op, final=self._final, not_allowed=self._not_allowed_text)
