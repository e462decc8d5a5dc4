"""docs/api.md documents every public name of every public module (as datasette's test_docs)."""

from __future__ import annotations

import importlib
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
API_MD = ROOT / "docs" / "api.md"
sys.path.insert(0, str(ROOT / "docs"))

import regenerate  # noqa: E402

DIRECTIVE = re.compile(
    r"^\.\. (?:autoclass|autoexception|autofunction|py:data):: (?P<target>[\w.]+)$", re.M
)
DATA = re.compile(r"^\.\. py:data:: (?P<target>[\w.]+)\n\n(?P<doc>(?:   .*\n)+)", re.M)


def _resolve(dotted: str) -> object:
    module, _, name = dotted.rpartition(".")
    return getattr(importlib.import_module(module), name)


def missing_from(text: str) -> list[str]:
    """Public names (``module.name``) whose object no directive in ``text`` documents."""
    documented = {id(_resolve(m["target"])) for m in DIRECTIVE.finditer(text)}
    return [
        f"{module.__name__}.{name}"
        for module in regenerate.public_modules()
        for name in module.__all__
        if id(getattr(module, name)) not in documented
    ]


def test_every_public_name_is_documented() -> None:
    """Every name in every public module's ``__all__`` has a directive in docs/api.md."""
    assert missing_from(API_MD.read_text(encoding="utf-8")) == []


def test_every_documented_target_is_public() -> None:
    """Each directive names a public module's public name (no private path in the docs)."""
    text = API_MD.read_text(encoding="utf-8")
    for match in DIRECTIVE.finditer(text):
        module, _, name = match["target"].rpartition(".")
        assert name in importlib.import_module(module).__all__, match["target"]
        assert not any(part.startswith("_") for part in module.split("."))


def test_documented_data_has_a_description() -> None:
    """Every documented constant or alias carries the docstring written under it."""
    text = API_MD.read_text(encoding="utf-8")
    targets = re.findall(r"^\.\. py:data:: ([\w.]+)$", text, re.M)
    described = {m["target"] for m in DATA.finditer(text) if m["doc"].strip()}
    assert targets
    assert [t for t in targets if t not in described] == []


@pytest.mark.parametrize("target", ["custrecovery.desk.Desk", "custrecovery.goodwill.TimeLost"])
def test_checker_reports_a_removed_directive(target: str) -> None:
    """Deleting one name's directive makes the check report that name wherever it is public."""
    text = API_MD.read_text(encoding="utf-8")
    pattern = re.compile(rf"^\.\. auto\w+:: {re.escape(target)}$", re.M)
    assert pattern.search(text)
    missing = missing_from(pattern.sub(".. note:: removed", text))
    assert f"{target}" in missing or any(
        m.endswith("." + target.rpartition(".")[2]) for m in missing
    )
    assert missing
