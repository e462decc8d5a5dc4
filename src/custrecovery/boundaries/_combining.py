"""Combining policies' assessments into one boundary decision.

The most restrictive suggestion wins; every overruled policy is named in
``conflicts``; a failed policy escalates to a person (fail closed). A pure
function of the set of assessments and ``as_of``: inputs are sorted first, so
the answer does not depend on the order the policies answered in.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from custrecovery.boundaries._notices import DEFAULT_NOTICE_TEMPLATE
from custrecovery.boundaries._notices import NoticeFactory
from custrecovery.boundaries.decisions import Assessment
from custrecovery.boundaries.decisions import BoundaryAction
from custrecovery.boundaries.decisions import BoundaryDecision
from custrecovery.boundaries.decisions import PolicyFailure
from custrecovery.boundaries.decisions import _escalation_reason
from custrecovery.boundaries.decisions import _require_aware_argument

__all__ = [
    "combine_assessments",
]


def combine_assessments(
    assessments: Iterable[Assessment | PolicyFailure],
    *,
    as_of: datetime,
    notice_factory: NoticeFactory = DEFAULT_NOTICE_TEMPLATE,
) -> BoundaryDecision:
    """Combine policy assessments into one decision; the most restrictive suggestion wins.

    Anything in ``assessments`` that is not an :class:`Assessment` (a
    :class:`PolicyFailure`, or garbage a policy returned) escalates the decision to
    a person. ``notice_factory`` is called once, only for ``RESTRICT_CONTACT``.
    """
    _require_aware_argument(as_of, where="combine_assessments")
    valid: list[Assessment] = []
    failures: list[PolicyFailure] = []
    for item in assessments:
        seen: object = item  # plugins may hand back anything at all
        if isinstance(seen, Assessment):
            valid.append(seen)
        elif isinstance(seen, PolicyFailure):
            failures.append(seen)
        else:
            failures.append(PolicyFailure("unknown", f"not an Assessment: {seen!r}"))
    valid.sort(key=_assessment_key)
    failures.sort(key=lambda f: (f.plugin, f.error))

    action = max((a.suggested for a in valid), default=BoundaryAction.CONTINUE)
    if failures:
        action = max(action, BoundaryAction.TAKE_PRIVATE)
    notice = None
    if action is BoundaryAction.RESTRICT_CONTACT:
        reasons = tuple(a for a in valid if a.suggested is action)
        notice = notice_factory(reasons, as_of=as_of)
    explanations = [a.explanation for a in valid] + [f.explanation() for f in failures]
    return BoundaryDecision(
        action,
        notice=notice,
        explanations=explanations,
        conflicts=_conflicts(valid, failures, action),
        escalate_to_human=bool(failures),
        escalation_reason=_escalation_reason(failures) if failures else None,
    )


def _assessment_key(a: Assessment) -> tuple[object, ...]:
    e = a.explanation
    return (a.policy, a.suggested.rank, a.flagged, e.source, e.rule, e.facts, e.thresholds)


def _conflicts(
    valid: list[Assessment], failures: list[PolicyFailure], action: BoundaryAction
) -> tuple[str, ...]:
    winners = ", ".join(sorted({a.policy for a in valid if a.suggested is action}))
    if not winners:
        # No policy asked for this action: it is the floor of an escalation.
        failed = sorted({f.plugin for f in failures})
        noun = "policy" if len(failed) == 1 else "policies"
        named = ", ".join(repr(name) for name in failed)
        winners = f"the escalation because {noun} {named} failed"
    return tuple(
        f"{a.policy} suggested {a.suggested.value} ({a.explanation.rule}); "
        f"{winners} suggested {action.value}, which is more restrictive and wins"
        for a in valid
        if a.suggested is not action
    )
