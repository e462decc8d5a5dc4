"""The plugin guide documents every hook, headed by the hook's exact signature."""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from custrecovery import hookspecs

PLUGINS_MD = Path(__file__).resolve().parent.parent / "docs" / "plugins.md"

HEADING = re.compile(r"^### `(?P<name>\w+)\((?P<args>[^)]*)\) -> (?P<returns>[^`]+)`$", re.M)


def hook_specs() -> dict[str, Callable[..., object]]:
    """Every function in :mod:`custrecovery.hookspecs` marked as a hook specification."""
    return {
        name: value
        for name, value in vars(hookspecs).items()
        if callable(value) and hasattr(value, "custrecovery_spec")
    }


def expected_heading(name: str, spec: Callable[..., object]) -> str:
    """The heading a hook's section must have: ``name(arg: Type, ...) -> Return``."""
    signature = inspect.signature(spec)
    # hookspecs.py uses postponed annotations, so every annotation is its source text.
    args = ", ".join(f"{p.name}: {p.annotation}" for p in signature.parameters.values())
    return f"{name}({args}) -> {signature.return_annotation}"


def doc_problems(text: str, specs: dict[str, Callable[..., object]]) -> list[str]:
    """What is wrong with ``text`` as documentation of ``specs`` (empty when all is well)."""
    documented = {m["name"]: m for m in HEADING.finditer(text)}
    problems = []
    for name, spec in sorted(specs.items()):
        if name not in documented:
            problems.append(f"{name}: no '### `{name}(...)`' section")
            continue
        heading = documented[name]
        found = heading[0].removeprefix("### `").removesuffix("`")
        argnames = [a.split(":")[0].strip() for a in heading["args"].split(",") if a.strip()]
        if argnames != list(inspect.signature(spec).parameters):
            problems.append(f"{name}: documented arguments {argnames} are not the hook's")
        elif found != expected_heading(name, spec):
            problems.append(f"{name}: heading {found!r}, expected {expected_heading(name, spec)!r}")
    problems += [f"{name}: documented but not a hook" for name in documented if name not in specs]
    return problems


def test_hookspecs_are_found() -> None:
    """The marker check finds the seven hooks and not the markers themselves."""
    assert sorted(hook_specs()) == [
        "on_operation_accepted",
        "register_boundary_policies",
        "register_clock_sets",
        "register_compensation_strategies",
        "register_directory",
        "suggest_follow_ups",
        "veto_operation",
    ]


def test_every_hookspec_is_in_public_all() -> None:
    """Each hook specification is listed in ``hookspecs.__all__``."""
    assert set(hook_specs()) <= set(hookspecs.__all__)


def test_every_hook_is_documented_with_its_signature() -> None:
    """docs/plugins.md has a section per hook headed by its exact signature."""
    assert doc_problems(PLUGINS_MD.read_text(encoding="utf-8"), hook_specs()) == []


@pytest.mark.parametrize("name", sorted(hook_specs()))
def test_checker_fails_when_a_hook_is_undocumented(name: str) -> None:
    """Removing one hook's heading from the guide makes the check fail for that hook."""
    text = PLUGINS_MD.read_text(encoding="utf-8")
    heading = f"### `{expected_heading(name, hook_specs()[name])}`"
    assert heading in text
    problems = doc_problems(text.replace(heading, "### Something else"), hook_specs())
    assert problems == [f"{name}: no '### `{name}(...)`' section"]


def test_checker_fails_on_a_wrong_argument_name() -> None:
    """A heading that renames an argument is reported as wrong arguments."""
    text = "### `veto_operation(case: Case, op: Operation) -> str | None`\n"
    specs = {"veto_operation": hook_specs()["veto_operation"]}
    assert doc_problems(text, specs) == [
        "veto_operation: documented arguments ['case', 'op'] are not the hook's"
    ]


def test_checker_fails_on_a_wrong_return_type() -> None:
    """A heading with another return annotation is reported with the expected heading."""
    text = "### `suggest_follow_ups(case: Case) -> list[str]`\n"
    specs = {"suggest_follow_ups": hook_specs()["suggest_follow_ups"]}
    [problem] = doc_problems(text, specs)
    assert problem.startswith("suggest_follow_ups: heading")
    assert "Sequence[FollowUpAction]" in problem


def test_checker_reports_a_section_for_no_hook() -> None:
    """A section for a hook that does not exist (a leftover after a rename) is reported."""
    text = "### `veto_operaton(case: Case) -> None`\n"
    assert doc_problems(text, {}) == ["veto_operaton: documented but not a hook"]
