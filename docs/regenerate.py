"""Regenerate the parts of the docs that are rendered from code.

``python docs/regenerate.py`` rewrites docs/lifecycle.md from the lifecycle
declaration; ``--check`` exits 1 (and says which file) when the page is stale.
The test suite runs the check.
"""

from __future__ import annotations

import sys
from pathlib import Path

from custrecovery import STATES
from custrecovery import ComplaintLifecycle
from custrecovery import lifecycle_mermaid
from custrecovery import lifecycle_table

DOCS = Path(__file__).resolve().parent

LIFECYCLE = """\
# The complaint lifecycle

The lifecycle is declared once, as two literal tables in
`custrecovery._lifecycle` (`STATES` and `TRANSITIONS`),
and built into a python-statemachine 3.x `StateChart` class by `build_lifecycle`.
Everything on this page is generated from that class by `docs/regenerate.py`;
the tests fail when this page and the code disagree.

## States

| State | Meaning | Owned |
| ----- | ------- | ----- |
{states}

"Owned" means a case in that state has an accountable owner.
`new` is the moment before anyone in the firm knows of the complaint.
`closed` keeps the last owner on record; a customer's reply within the reopen window
(`LifecycleRules(reopen_window=...)`) reopens the case, owned by whoever received the reply.
`archived` and `merged` are final.

## Diagram

```mermaid
{mermaid}
```

## Transitions

Validators run before a transition is taken;
each raises a typed refusal that names the case, its state and the operation.

```python
>>> from custrecovery import ComplaintLifecycle, lifecycle_table
>>> print(lifecycle_table(ComplaintLifecycle), end="")
{table}

```

Ownership operations (`offer_handoff`, `accept_handoff`, `decline_handoff`,
`withdraw_handoff`, `expire_handoff`) and annotations (`offer_goodwill`,
`record_boundary_decision`, `absorb_duplicate`) are not stages:
they are allowed in every owned state and leave the stage as it is.
See [ownership](ownership.md).

## Variants

Build variants with `build_lifecycle` and your own tables, never by subclassing
(subclassing a python-statemachine class changes the parent's states).
Check them with `verify_lifecycle` / `check_lifecycle`:

```python
>>> from custrecovery import STATES, TRANSITIONS, TransitionSpec, build_lifecycle, verify_lifecycle
>>> shortcut = TransitionSpec("close", ["investigating"], "closed")
>>> Hasty = build_lifecycle("Hasty", transitions=[*TRANSITIONS, shortcut])
>>> for problem in verify_lifecycle(Hasty):
...     print(problem)
investigating --close--> closed: enters unowned state 'closed' without a validator that records an outcome (such as outcome_recorded), so the case could lose its owner

```
"""


def render_lifecycle() -> str:
    """The whole of docs/lifecycle.md."""
    states = "\n".join(
        f"| `{s.id}` | {s.description} | {'yes' if s.owned else 'no'} |" for s in STATES
    )
    return LIFECYCLE.format(
        states=states,
        mermaid=lifecycle_mermaid(ComplaintLifecycle).rstrip(),
        table=lifecycle_table(ComplaintLifecycle).rstrip(),
    )


PAGES = {"lifecycle.md": render_lifecycle}


def main(argv: list[str] | None = None) -> int:
    """Rewrite the generated pages, or with ``--check`` report stale ones."""
    check = "--check" in (sys.argv[1:] if argv is None else argv)
    stale = []
    for name, render in PAGES.items():
        path = DOCS / name
        text = render()
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        if current == text:
            continue
        if check:
            stale.append(name)
        else:
            path.write_text(text, encoding="utf-8")
    for name in stale:
        print(f"docs/{name} is stale: run python docs/regenerate.py", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
