"""Layers point one way, and a subpackage's private helpers stay inside it (an AST check).

The layers, bottom to top (docs/architecture.md says why):

0. values and rules: errors, money, parties, complaints, explanations, cases,
   follow-ups, operations, lifecycle, and the decision values operations carry
   (``boundaries.decisions``, ``goodwill.decisions``);
1. policies: boundaries, goodwill, clocks, packs, and the plugin contract (hookspecs);
2. the desk that coordinates them;
3. storage, sources, replay, the command line, the testing kit and the front door.

A module may import its own layer and the layers below, never above. Imports under
``TYPE_CHECKING`` count: an annotation that names a higher layer is a dependency too.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"
PACKAGE = SRC / "custrecovery"

# Most specific prefix wins.
LAYERS: dict[str, int] = {
    "custrecovery.errors": 0,
    "custrecovery.money": 0,
    "custrecovery.parties": 0,
    "custrecovery.complaints": 0,
    "custrecovery.explanations": 0,
    "custrecovery.cases": 0,
    "custrecovery.followups": 0,
    "custrecovery._time": 0,
    "custrecovery._chain": 0,
    "custrecovery.operations": 0,
    "custrecovery.lifecycle": 0,
    "custrecovery.directory": 0,
    "custrecovery.boundaries.decisions": 0,
    "custrecovery.goodwill.decisions": 0,
    "custrecovery.boundaries": 1,
    "custrecovery.goodwill": 1,
    "custrecovery.clocks": 1,
    "custrecovery.packs": 1,
    "custrecovery.hookspecs": 1,
    "custrecovery.desk": 2,
    "custrecovery.storage": 3,
    "custrecovery.sources": 3,
    "custrecovery.replay": 3,
    "custrecovery.cli": 3,
    "custrecovery.testing": 3,
    "custrecovery.__main__": 3,
    "custrecovery": 3,
}


def layer_of(module: str) -> int:
    """The layer of a dotted module name (the most specific prefix in LAYERS)."""
    for prefix in sorted(LAYERS, key=len, reverse=True):
        if module == prefix or module.startswith(prefix + "."):
            return LAYERS[prefix]
    raise KeyError(f"{module} is in no layer: add it to LAYERS")


def module_name(path: Path) -> str:
    """The dotted name of a source file under src/."""
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(source: str, importer: str) -> Iterator[tuple[str, str | None, int]]:
    """``(module, name or None, line)`` for each custrecovery import in ``source``."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("custrecovery"):
                    yield alias.name, None, node.lineno
        elif isinstance(node, ast.ImportFrom):
            # The package imports absolutely only (ruff's TID252 bans relative imports).
            assert not node.level, f"{importer}:{node.lineno}: relative import"
            module = node.module or ""
            if module.startswith("custrecovery"):
                for alias in node.names:
                    yield module, alias.name, node.lineno


def owner(module: str, name: str | None) -> str | None:
    """The package a private module or name belongs to, or None when it is public."""
    parts = module.split(".")
    for i, part in enumerate(parts):
        if part.startswith("_") and part != "__main__":
            return ".".join(parts[:i])
    if name is not None and name.startswith("_"):
        # A private name of a package's module belongs to that package.
        return ".".join(parts[:-1]) if len(parts) > 1 else parts[0]
    return None


def problems(importer: str, source: str) -> list[str]:
    """Every layering or privacy violation in one module's source."""
    found = []
    mine = layer_of(importer)
    for module, name, line in imports_of(source, importer):
        target = f"{module}.{name}" if name and not name[0].isupper() else module
        try:
            theirs = layer_of(target)
        except KeyError:
            theirs = layer_of(module)
        if theirs > mine:
            found.append(f"{importer}:{line} imports {module} (layer {theirs}) from layer {mine}")
        package = owner(module, name)
        if package is not None and not (importer == package or importer.startswith(package + ".")):
            what = f"{module}.{name}" if name else module
            found.append(f"{importer}:{line} uses {what}, private to {package}")
    return found


MODULES = sorted(module_name(p) for p in PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("importer", MODULES)
def test_module_respects_layers_and_privacy(importer: str) -> None:
    """The module imports nothing from a higher layer and no other subpackage's private helper."""
    path = SRC / (importer.replace(".", "/") + ".py")
    if not path.exists():
        path = SRC / importer.replace(".", "/") / "__init__.py"
    assert problems(importer, path.read_text(encoding="utf-8")) == []


def test_every_module_has_a_layer() -> None:
    """Every source module falls in a declared layer."""
    for module in MODULES:
        layer_of(module)


@pytest.mark.parametrize(
    ("importer", "source", "expected"),
    [
        (
            "custrecovery.operations._annotations",
            "from custrecovery.goodwill import GoodwillRules\n",
            [
                "custrecovery.operations._annotations:1 imports custrecovery.goodwill "
                "(layer 1) from layer 0"
            ],
        ),
        (
            "custrecovery.lifecycle._rules",
            "from custrecovery.desk import Desk\n",
            ["custrecovery.lifecycle._rules:1 imports custrecovery.desk (layer 2) from layer 0"],
        ),
        (
            "custrecovery.desk._desk",
            "from custrecovery.goodwill._rules import decide_goodwill\n",
            [
                "custrecovery.desk._desk:1 uses custrecovery.goodwill._rules.decide_goodwill, "
                "private to custrecovery.goodwill"
            ],
        ),
        (
            "custrecovery.packs.rail",
            "from custrecovery.goodwill.decisions import _same_currency\n",
            [
                "custrecovery.packs.rail:1 uses custrecovery.goodwill.decisions._same_currency, "
                "private to custrecovery.goodwill"
            ],
        ),
        ("custrecovery.goodwill._rules", "from custrecovery.goodwill._authority import X\n", []),
        ("custrecovery.desk._desk", "from custrecovery.cases import _next_case\n", []),
        ("custrecovery.operations._base", "from custrecovery.goodwill.decisions import X\n", []),
    ],
)
def test_checker_finds_violations(importer: str, source: str, expected: list[str]) -> None:
    """The checker reports an upward import and a foreign private helper, and allows the rest."""
    assert problems(importer, source) == expected
