"""The public face of custrecovery.clocks: sorted, documented, private helpers kept inside."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import custrecovery.clocks as clocks

ROOT = Path(__file__).resolve().parents[2]


def test_all_is_sorted_and_complete() -> None:
    """``__all__`` is sorted and names exactly what the package imports from its modules."""
    assert clocks.__all__ == sorted(clocks.__all__)
    imported = {
        name
        for name, value in vars(clocks).items()
        if not name.startswith("_") and not inspect.ismodule(value)
    }
    assert set(clocks.__all__) == imported


def test_every_public_class_and_function_has_a_docstring() -> None:
    """Every public class, function, method and property has a docstring."""
    missing = []
    for name in clocks.__all__:
        value = getattr(clocks, name)
        if not (inspect.isclass(value) or inspect.isfunction(value)):
            continue
        if not inspect.getdoc(value):
            missing.append(name)
        if inspect.isclass(value):
            for attr, member in vars(value).items():
                documentable = inspect.isfunction(member) or isinstance(member, property)
                if not attr.startswith("_") and documentable and not (member.__doc__ or "").strip():
                    missing.append(f"{name}.{attr}")
    assert missing == []


def test_private_modules_are_imported_only_inside_the_package() -> None:
    """No code outside custrecovery/clocks imports its private modules."""
    pattern = re.compile(r"custrecovery\.clocks\._\w+|from custrecovery\.clocks import _")
    inside = ROOT / "src" / "custrecovery" / "clocks"
    offenders = []
    for folder in ("src", "tests", "benchmarks", "docs", "examples"):
        for path in (ROOT / folder).rglob("*.py"):
            if inside in path.parents:
                continue
            if pattern.search(path.read_text(encoding="utf-8")):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
