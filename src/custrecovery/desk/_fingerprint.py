"""A desk's fingerprint: which lifecycle declaration and rules its cases were built under.

Two desks with the same fingerprint apply the same rules to a case: the same
states and transitions (with the same validators), the same rights table, the same lifecycle rules
(reopen window, least referral degree) and the same goodwill rules (combination,
caps, authority limits). Plugins are not part of it: they are installed code,
vetted on every operation, and may change between releases.

The fingerprint marks the cases a desk builds in memory (a desk builds on a case
only if a desk with its fingerprint built it) and the documents it writes (a
document written under other rules is refused on loading unless the caller
migrates it).

Theory of operation: the declaration is written out as canonical text, one line
per state, transition, right and rule, sorted, and hashed with SHA-256. Validators are
named by module and qualified name (custrecovery's own by name only), so editing
a validator's code without renaming it does not change the fingerprint: rename
it when its meaning changes.
"""

from __future__ import annotations

import hashlib
from typing import Any

import attrs

from custrecovery.goodwill import GoodwillRules
from custrecovery.lifecycle import LifecycleRules
from custrecovery.lifecycle import rights_of

__all__ = ["declaration_lines", "fingerprint"]


def _name(function: Any) -> str:
    module = getattr(function, "__module__", None) or "?"
    name = getattr(function, "__qualname__", None) or repr(function)
    # custrecovery's own validators by name only: moving one between private
    # modules must not change the fingerprint of every stored document.
    return f"custrecovery:{name}" if module.startswith("custrecovery") else f"{module}.{name}"


def declaration_lines(
    lifecycle: type[Any], rules: LifecycleRules, goodwill: GoodwillRules
) -> list[str]:
    """The canonical text lines the fingerprint hashes (sorted; for people and tests)."""
    owned = frozenset(getattr(lifecycle, "owned_states", ()))
    lines = []
    for state in lifecycle.states_map.values():
        flags = [f for f, on in (("initial", state.initial), ("final", state.final)) if on]
        if state.id in owned:
            flags.append("owned")
        lines.append(f"state {state.id} {' '.join(flags)}".rstrip())
        for transition in state.transitions:
            validators = ",".join(_name(spec.func) for spec in transition.validators)
            conds = ",".join(
                f"{_name(spec.func)}={bool(spec.expected_value)}" for spec in transition.cond
            )
            target = transition.target.id if transition.target is not None else state.id
            for event in transition.events:
                lines.append(
                    f"transition {event.id} {state.id} -> {target} [{validators}] [{conds}]"
                )
    for kind, spec in rights_of(lifecycle).items():
        lines.append(f"right {kind} {spec.describe()}")
    for field in attrs.fields(LifecycleRules):
        lines.append(f"rule {field.name}={getattr(rules, field.name)!r}")
    lines.append(f"goodwill rule={goodwill.rule}")
    lines += [f"goodwill cap={cap.amount} {cap.currency}" for cap in goodwill.caps]
    if goodwill.authority is not None:
        lines += [
            f"goodwill limit {role}={limit.amount} {limit.currency}"
            for role, limit in goodwill.authority.limits
        ]
    return sorted(lines)


def fingerprint(lifecycle: type[Any], rules: LifecycleRules, goodwill: GoodwillRules) -> str:
    """``"sha256:<hex>"`` of the declaration and rules (see the module's rules)."""
    text = "\n".join(declaration_lines(lifecycle, rules, goodwill))
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()
