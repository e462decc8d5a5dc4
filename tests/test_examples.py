"""Every script in ``examples/`` runs as a test: ``main()`` returns 0 and prints its story."""

from __future__ import annotations

import importlib.util
import inspect
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SCRIPTS = sorted(EXAMPLES.glob("*.py"))

EXPECTED_LINES: dict[str, tuple[str, ...]] = {
    "hotel_plugin.py": (
        "refused (CONFIRMED_RECEIVER): plugin 'hotel-rules': "
        "a walked guest is connected live to the other hotel",
        "goodwill: 138.00 EUR (granted: True)",
        "  HOTEL-2#7: refer -> referred",
    ),
    "hotel_pack.py": (
        "Ms Tehrani: do not walk this guest (VIP): walk another guest",
        "Mr Rahimi: may be walked",
        "refused (CONFIRMED_RECEIVER): plugin 'hotel': hotel: a referral must reach at least "
        "CONNECTED_LIVE, got CONFIRMED_RECEIVER (walking a guest: seed article 000 and "
        "industry practice)",
        "the hotel pays: 158.00 EUR (granted: True)",
    ),
    "sqlite_crm.py": (
        "worker 2 conflict: case 'TEL-88': expected version 2, found 3; reload the case and retry",
        "worker 2 retried: version 4, state acknowledged",
    ),
}
"""Lines each example must print; a new example without an entry fails a test below."""


@pytest.fixture
def load() -> Iterator[dict[str, ModuleType]]:
    """Import examples by path; they are removed from ``sys.modules`` afterwards."""
    loaded: dict[str, ModuleType] = {}
    yield loaded
    for name in loaded:
        sys.modules.pop(name, None)


def _import(path: Path, loaded: dict[str, ModuleType]) -> ModuleType:
    name = f"_example_{path.stem}"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # Registered before running, as a real import does: dataclass-like machinery
    # (SQLAlchemy's declarative base) looks its module up by name.
    sys.modules[name] = module
    loaded[name] = module
    spec.loader.exec_module(module)
    return module


def test_examples_exist() -> None:
    """The examples folder holds at least the hotel plugin and the SQLite CRM."""
    assert {"hotel_plugin.py", "sqlite_crm.py"} <= {p.name for p in SCRIPTS}


def test_every_example_is_checked() -> None:
    """Each example has expected output lines, so a new example cannot go untested."""
    assert sorted(p.name for p in SCRIPTS) == sorted(EXPECTED_LINES)


@pytest.mark.parametrize("path", SCRIPTS, ids=[p.name for p in SCRIPTS])
def test_example_runs(
    path: Path, load: dict[str, ModuleType], capsys: pytest.CaptureFixture[str]
) -> None:
    """The example's ``main`` returns 0 and prints its key lines."""
    module = _import(path, load)
    main = module.main
    takes_argv = bool(inspect.signature(main).parameters)
    code = main([]) if takes_argv else main()
    out = capsys.readouterr().out
    assert code == 0
    lines = out.splitlines()
    for expected in EXPECTED_LINES.get(path.name, ()):
        assert expected in lines, f"{path.name} did not print {expected!r}:\n{out}"
