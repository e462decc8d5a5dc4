"""Regenerate the parts of the docs that are rendered from code.

``python docs/regenerate.py`` rewrites docs/lifecycle.md from the lifecycle
declaration and docs/api.md from the public modules (every name in every
public module's ``__all__``, documented once, where its concept lives);
``--check`` exits 1 (and says which file) when a page is stale. The test suite
runs the check.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import itertools
import pkgutil
import sys
from pathlib import Path
from types import ModuleType

import custrecovery
from custrecovery.lifecycle import STATES
from custrecovery.lifecycle import ComplaintLifecycle
from custrecovery.lifecycle import lifecycle_mermaid
from custrecovery.lifecycle import lifecycle_rights
from custrecovery.lifecycle import lifecycle_table

DOCS = Path(__file__).resolve().parent

LIFECYCLE = """\
# The complaint lifecycle

The lifecycle is declared once, as two literal tables in
`custrecovery.lifecycle` (`STATES` and `TRANSITIONS`),
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
>>> from custrecovery.lifecycle import ComplaintLifecycle, lifecycle_table
>>> print(lifecycle_table(ComplaintLifecycle), end="")
{table}

```

Ownership operations (`offer_handoff`, `accept_handoff`, `decline_handoff`,
`withdraw_handoff`, `expire_handoff`, `offer_on_behalf`, `take_over`,
`assign_work`, `clear_work`) and annotations (`offer_goodwill`,
`record_boundary_decision`, `absorb_duplicate`) are not stages:
they are allowed in every owned state and leave the stage as it is.
See [ownership](ownership.md) and [accountability](accountability.md).

## Rights

Who may perform each operation is declared beside the transitions (`RIGHTS`),
passed to `build_lifecycle(..., rights=...)` and checked by the desk before
plugins are asked; a refusal is a `RightsRefused` naming the operation, the
right and the actor's role.
`owners_supervisor` is read from the firm's directory (`Desk(directory=...)`).

```python
>>> from custrecovery.lifecycle import lifecycle_rights
>>> print(lifecycle_rights(ComplaintLifecycle), end="")
{rights}

```

## Variants

Build variants with `build_lifecycle` and your own tables, never by subclassing
(subclassing a python-statemachine class changes the parent's states).
Check them with `verify_lifecycle` / `check_lifecycle`:

```python
>>> from custrecovery.lifecycle import STATES, TRANSITIONS, TransitionSpec, build_lifecycle, verify_lifecycle
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
        rights=lifecycle_rights(ComplaintLifecycle).rstrip(),
    )


def public_modules() -> list[ModuleType]:
    """Every public module of the package: no part of its dotted name starts with ``_``."""
    names = ["custrecovery"] + [
        info.name
        for info in pkgutil.walk_packages(custrecovery.__path__, "custrecovery.")
        if not any(part.startswith("_") for part in info.name.split("."))
    ]
    return [importlib.import_module(name) for name in sorted(names)]


def home(name: str, exported_by: list[str]) -> str:
    """Where a public object is documented: the concept module that exports it.

    The front door (``custrecovery``) and a subpackage's value module
    (``custrecovery.goodwill.decisions``) re-export names whose concept module
    documents them: the shortest dotted path other than the front door wins.
    """
    concept = [module for module in exported_by if module != "custrecovery"]
    return min(concept or exported_by, key=lambda module: (module.count("."), module))


def attribute_doc(name: str) -> str:
    """The docstring written under ``name``'s assignment in the package's source."""
    for path in sorted(Path(custrecovery.__file__).parent.rglob("*.py")):
        body = ast.parse(path.read_text(encoding="utf-8")).body
        for statement, following in itertools.pairwise(body):
            targets = (
                statement.targets
                if isinstance(statement, ast.Assign)
                else [statement.target]
                if isinstance(statement, ast.AnnAssign)
                else []
            )
            if any(isinstance(t, ast.Name) and t.id == name for t in targets) and (
                isinstance(following, ast.Expr)
                and isinstance(following.value, ast.Constant)
                and isinstance(following.value.value, str)
            ):
                return inspect.cleandoc(following.value.value)
    return ""


def _directive(module: str, name: str, value: object) -> str:
    target = f"{module}.{name}"
    if inspect.isclass(value):
        kind = "autoexception" if issubclass(value, BaseException) else "autoclass"
        # A lifecycle class (states_map) is a python-statemachine class: its members
        # are that library's, documented there.
        own = value.__module__.startswith("custrecovery") and not hasattr(value, "states_map")
        # Methods a class takes from a private mixin (the Desk's) are documented with it;
        # those of a public base (Operation) are documented once, on the base.
        mixins = [
            base.__name__
            for base in value.__mro__[1:]
            if base.__module__.startswith("custrecovery") and base.__name__ not in _PUBLIC_NAMES
        ]
        if own and mixins:
            return f".. {kind}:: {target}\n   :members:\n   :inherited-members:\n"
        return f".. {kind}:: {target}\n   :{'members' if own else 'no-members'}:\n"
    if inspect.isfunction(value):
        return f".. autofunction:: {target}\n"
    # Data re-exported from a private module: autodoc would find no docstring
    # where it is imported and show the type's instead.
    doc = "".join(f"   {line}\n" if line else "\n" for line in attribute_doc(name).splitlines())
    return f".. py:data:: {target}\n\n{doc}"


API_HEADER = """\
# API reference

Generated by `docs/regenerate.py` from the public modules' `__all__` and docstrings:
every public name is documented once, in the module of its concept,
and listed where it is re-exported.
`tests/test_api_docs.py` fails when a public name is missing here.
"""


_PUBLIC_NAMES: set[str] = set()


def render_api() -> str:
    """The whole of docs/api.md."""
    modules = public_modules()
    _PUBLIC_NAMES.update(name for module in modules for name in module.__all__)
    exported: dict[int, list[str]] = {}
    for module in modules:
        for name in module.__all__:
            exported.setdefault(id(getattr(module, name)), []).append(module.__name__)
    parts = [API_HEADER]
    for module in modules:
        documented, listed = [], []
        for name in module.__all__:
            value = getattr(module, name)
            where = home(name, exported[id(value)])
            if where == module.__name__:
                documented.append(_directive(where, name, value))
            else:
                listed.append(f"{{py:obj}}`{name} <{where}.{name}>`")
        # The summary line only: a module's rules and theory of operation are
        # for readers of the source, and their section headings would collide.
        summary = (module.__doc__ or "").strip().splitlines()[0]
        parts.append(f"\n## `{module.__name__}`\n\n{summary}\n\n```{{eval-rst}}\n")
        parts.append(f".. py:module:: {module.__name__}\n")
        parts += [f"\n{directive}" for directive in documented]
        parts.append("```\n")
        if listed:
            parts.append("\nAlso here: " + ", ".join(listed) + ".\n")
    return "".join(parts)


CLI_HEADER = """\
# The command line

`custrecovery` (or `python -m custrecovery`) is a thin layer over the library:
each command below calls public functions
(`custrecovery.replay.replay` for `replay`, `custrecovery.lifecycle.verify_lifecycle`
for `verify`, `custrecovery.storage.case_from_dict` for `check`, ...).
This page is generated by `docs/regenerate.py` from the command's argument parser;
the tests fail when it is stale.

## Exit statuses

| status | meaning |
| -----: | ------- |
{exit_codes}

Commands whose output a machine reads print JSON on request:
`replay --format json`, `check --json` (one object per document line),
`verify --json`, `plugins --json`; `schema` always prints JSON.
"""


def render_cli() -> str:
    """The whole of docs/cli.md: the help of the command and of every subcommand."""
    from custrecovery.cli import EXIT_CODES
    from custrecovery.cli import command_help

    codes = "\n".join(f"| {code} | {meaning} |" for code, meaning in EXIT_CODES.items())
    parts = [CLI_HEADER.format(exit_codes=codes)]
    for name, text in command_help(width=88).items():
        title = f"custrecovery {name}".strip()
        parts.append(f"\n## `{title}`\n\n```text\n{text.rstrip()}\n```\n")
    return "".join(parts)


PAGES = {"lifecycle.md": render_lifecycle, "api.md": render_api, "cli.md": render_cli}


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
