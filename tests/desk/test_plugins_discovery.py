"""Plugins: discovery through entry points, allow lists and registration checks."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import importlib
import importlib.metadata
import subprocess
import sys
import textwrap
import zipfile
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

import custrecovery as cr
from custrecovery import hookimpl
from custrecovery.goodwill import CompensationFacts
from custrecovery.goodwill import FailureKind
from custrecovery.operations import Acknowledge
from custrecovery.operations import Operation
from custrecovery.packs import PACK_GROUP
from custrecovery.packs import available_packs
from tests.conftest import ALICE
from tests.conftest import COMPLAINT
from tests.conftest import T0
from tests.conftest import minutes
from tests.desk._helpers import EUR_FACTS
from tests.desk._helpers import Suggests
from tests.desk._helpers import _desk

# --- an installed third-party package ------------------------------------------------------

PLUGIN_SOURCE = '''
"""A third-party custrecovery plugin, installed for the test."""

from custrecovery import Explanation, Money, hookimpl
from custrecovery.goodwill import Proposal, Remedy


class DemoVoucher:
    name = "demo-voucher"

    def propose(self, facts):
        why = Explanation(source="demo-voucher", rule="a voucher from the demo plugin")
        return Proposal(Remedy.VOUCHER, Money("7", facts.currency), why)


@hookimpl
def veto_operation(operation):
    if operation.kind == "acknowledge":
        return "the demo plugin acknowledges by letter only"
    return None


@hookimpl
def register_compensation_strategies():
    return [DemoVoucher()]
'''


def build_wheel(
    directory: Path, module: str, source: str, entry_point: str, *, group: str = "custrecovery"
) -> Path:
    """Build ``module`` as a pure-Python wheel declaring ``entry_point`` in ``group``
    (``custrecovery`` unless given), the way a plugin author's build backend would (PEP 427)."""
    dist = module.replace("-", "_")
    info = f"{dist}-1.0.dist-info"
    # A pack's entry point names the plugin object (``module:attribute``).
    entry_point, _, attribute = entry_point.partition(":")
    target = f":{attribute}" if attribute else ""
    files = {
        f"{module}/__init__.py": source,
        f"{info}/METADATA": f"Metadata-Version: 2.1\nName: {dist}\nVersion: 1.0\n",
        f"{info}/WHEEL": (
            "Wheel-Version: 1.0\nGenerator: custrecovery-tests\n"
            "Root-Is-Purelib: true\nTag: py3-none-any\n"
        ),
        f"{info}/entry_points.txt": f"[{group}]\n{entry_point} = {module}{target}\n",
    }
    record = []
    for name, text in files.items():
        data = text.encode("utf-8")
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record.append(f"{name},sha256={digest},{len(data)}")
    record.append(f"{info}/RECORD,,")
    wheel = directory / f"{dist}-1.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
        archive.writestr(f"{info}/RECORD", "\n".join(record) + "\n")
    return wheel


def pip_installed(
    directory: Path, module: str, source: str, entry_point: str, *, group: str = "custrecovery"
) -> Path:
    """A site directory into which pip installed the wheel :func:`build_wheel` built
    (offline, once per session)."""
    site = directory / "site"
    wheel = build_wheel(directory, module, source, entry_point, group=group)
    pip = [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    offline = ["--no-deps", "--no-index", "--target", str(site)]
    subprocess.run([*pip, *offline, str(wheel)], check=True)
    return site


@contextlib.contextmanager
def on_path(site: Path, monkeypatch: pytest.MonkeyPatch, module: str) -> Iterator[None]:
    """The pip-installed ``site`` on ``sys.path``; afterwards the imported ``module`` goes
    too (monkeypatch restores ``sys.path`` itself after the test)."""
    monkeypatch.syspath_prepend(str(site))
    importlib.invalidate_caches()
    try:
        yield
    finally:
        sys.modules.pop(module, None)
        importlib.invalidate_caches()


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``crplugin_demo`` (entry point ``demo``), built as a wheel and installed by pip."""
    directory = tmp_path_factory.mktemp("crplugin_demo")
    return pip_installed(directory, "crplugin_demo", textwrap.dedent(PLUGIN_SOURCE), "demo")


@pytest.fixture
def installed_plugin(demo_site: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The pip-installed ``crplugin_demo`` on ``sys.path`` for one test."""
    with on_path(demo_site, monkeypatch, "crplugin_demo"):
        yield "demo"


def test_installed_plugin_is_discovered(installed_plugin: str) -> None:
    """``Desk()`` loads a package pip installed under the ``custrecovery`` entry-point group."""
    dist = importlib.metadata.distribution("crplugin_demo")
    assert dist.read_text("INSTALLER") == "pip\n"
    assert [(ep.group, ep.name) for ep in dist.entry_points] == [("custrecovery", "demo")]
    desk = cr.Desk()
    assert desk.plugins.names == ("custrecovery.defaults", installed_plugin)


def test_installed_plugin_veto_is_used(installed_plugin: str) -> None:
    """The installed plugin's veto refuses an operation with its reason, naming it."""
    desk = cr.Desk()
    case = desk.record(COMPLAINT, by=ALICE, at=T0)
    with pytest.raises(cr.OperationRefused) as refused:
        desk.apply(case, Acknowledge(by=ALICE, at=minutes(1)))
    assert type(refused.value) is cr.OperationRefused
    assert refused.value.reason == "plugin 'demo': the demo plugin acknowledges by letter only"


def test_installed_plugin_strategy_is_used(installed_plugin: str) -> None:
    """The installed plugin's strategy's proposal appears in the goodwill decision."""
    decision = cr.Desk().decide_goodwill(EUR_FACTS, requested_by=ALICE)
    sources = [p.explanation.source for p in decision.compensation.proposals]
    assert "demo-voucher" in sources
    assert decision.compensation.total == cr.Money("7.00", "EUR")
    assert decision.granted


@pytest.mark.parametrize(
    "options",
    [
        pytest.param({"deny": ["demo"]}, id="denied"),
        pytest.param({"allow": ["custrecovery.defaults"]}, id="not-allowed"),
        pytest.param({"entry_points": False}, id="entry-points-off"),
    ],
)
def test_installed_plugin_can_be_left_out(
    installed_plugin: str, options: dict[str, object]
) -> None:
    """``deny``, ``allow`` and ``entry_points=False`` each keep the installed plugin out."""
    desk = cr.Desk(**options)  # type: ignore[arg-type]
    assert installed_plugin not in desk.plugins.names
    assert desk.plugins.names == ("custrecovery.defaults",)
    case = desk.apply(desk.record(COMPLAINT, by=ALICE, at=T0), Acknowledge(by=ALICE, at=T0))
    assert case.state == "acknowledged"
    assert "crplugin_demo" not in sys.modules


def test_no_plugin_is_installed_by_default() -> None:
    """Outside the fixture no ``custrecovery`` entry point exists (nothing leaked)."""
    assert cr.Desk().plugins.names == ("custrecovery.defaults",)
    assert "crplugin_demo" not in sys.modules
    assert not any("crplugin_demo" in str(path) for path in sys.path)


@pytest.fixture(scope="session")
def broken_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``crplugin_broken`` (entry point ``broken``, raising ImportError), installed by pip."""
    source = "raise ImportError('needs hotelsdk, which is not installed')\n"
    directory = tmp_path_factory.mktemp("crplugin_broken")
    return pip_installed(directory, "crplugin_broken", source, "broken")


@pytest.fixture
def broken_entry_point(broken_site: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Install entry point ``broken`` whose module raises ImportError when imported."""
    with on_path(broken_site, monkeypatch, "crplugin_broken"):
        yield "broken"


def test_an_entry_point_that_fails_to_load_raises_a_plugin_error(broken_entry_point: str) -> None:
    """``Desk()`` raises PluginError naming the entry point, never a raw ImportError."""
    with pytest.raises(cr.PluginError) as error:
        cr.Desk()
    assert error.value.plugin == broken_entry_point
    assert "entry point broken = crplugin_broken" in error.value.problem
    assert "ImportError: needs hotelsdk, which is not installed" in error.value.problem
    assert isinstance(error.value.__cause__, ImportError)


@pytest.mark.parametrize(
    "options",
    [
        pytest.param({"deny": ["broken"]}, id="denied"),
        pytest.param({"allow": ["custrecovery.defaults"]}, id="not-allowed"),
        pytest.param({"entry_points": False}, id="entry-points-off"),
    ],
)
def test_a_broken_entry_point_left_out_is_never_loaded(
    broken_entry_point: str, options: dict[str, object]
) -> None:
    """A denied, not allowed or undiscovered broken entry point does not stop the desk."""
    desk = cr.Desk(**options)  # type: ignore[arg-type]
    assert desk.plugins.names == ("custrecovery.defaults",)


class Unnamed:
    """A plugin object with neither ``plugin_name`` nor ``__name__``."""

    @hookimpl
    def veto_operation(self, operation: Operation) -> str | None:
        return "the unnamed plugin refuses everything"


def test_an_unnamed_plugin_is_refused_when_allow_is_given() -> None:
    """With ``allow``, a plugin without a name raises PluginError instead of slipping past."""
    with pytest.raises(cr.PluginError, match="without a plugin_name") as error:
        _desk(Unnamed(), allow=["custrecovery.defaults"])
    assert error.value.plugin == "<unnamed Unnamed>"
    with pytest.raises(cr.PluginError, match="without a plugin_name"):
        _desk(Unnamed(), allow=[])


def test_an_unnamed_plugin_is_registered_without_allow() -> None:
    """Without ``allow``, a nameless plugin is registered (and used) under pluggy's id."""
    desk = _desk(Unnamed())
    assert len(desk.plugins.names) == 2
    case = desk.record(COMPLAINT, by=ALICE, at=T0)
    with pytest.raises(cr.OperationRefused, match="the unnamed plugin refuses everything"):
        desk.apply(case, Acknowledge(by=ALICE, at=minutes(1)))


def test_a_named_plugin_in_allow_is_registered() -> None:
    """A plugin whose ``plugin_name`` is allowed is registered; one not allowed is dropped."""
    named = Suggests("named")
    assert _desk(named, allow=["named"]).plugins.names == ("named",)
    assert _desk(named, allow=["custrecovery.defaults"]).plugins.names == ("custrecovery.defaults",)


# --- registration ------------------------------------------------------------------------


class Misspelt:
    plugin_name = "misspelt"

    @hookimpl
    def veto_operaton(self, operation: Operation) -> str | None:
        return "never called"


class WrongArgument:
    plugin_name = "wrong-argument"

    @hookimpl
    def veto_operation(self, op: Operation) -> str | None:
        return "never called"


def test_misspelt_hook_fails_when_the_desk_is_built() -> None:
    """A hookimpl whose name is no hook raises PluginError from ``Desk()``."""
    with pytest.raises(cr.PluginError, match="veto_operaton"):
        _desk(Misspelt())


def test_wrong_argument_name_fails_at_registration() -> None:
    """A hookimpl asking for an argument its hook does not have raises PluginError."""
    with pytest.raises(cr.PluginError, match=r"\{'op'\}"):
        _desk(WrongArgument())


@pytest.mark.parametrize(
    ("plugin", "hook"),
    [(Misspelt(), "veto_operaton"), (WrongArgument(), "veto_operation")],
    ids=["misspelt", "wrong-argument"],
)
def test_registration_error_names_plugin_and_hook(plugin: object, hook: str) -> None:
    """The PluginError for a bad hookimpl carries the plugin's name and the hook's name."""
    with pytest.raises(cr.PluginError) as error:
        _desk(plugin)
    assert error.value.plugin == getattr(plugin, "plugin_name", None)
    assert error.value.hook == hook


def test_two_plugins_with_one_name_raise_a_custrecovery_error() -> None:
    """Registering two plugins under the same name is refused with a CustRecoveryError."""
    with pytest.raises(cr.CustRecoveryError):
        _desk(Suggests("twin"), Suggests("twin"))


# --- an installed third-party pack -------------------------------------------------------

PACK_SOURCE = '''
"""A third-party industry pack (ferries), installed for the test."""

from datetime import timedelta
from decimal import Decimal

import attrs

from custrecovery.explanations import Explanation
from custrecovery.goodwill import Proposal, Remedy
from custrecovery.hookspecs import hookimpl


@attrs.frozen
class FerryDelay:
    """Regulation (EU) 1177/2010 Art. 19, short crossings: 25 % from 1 h, 50 % from 2 h."""

    name: str = "ferry-art-19"

    def propose(self, facts):
        late = facts.time_lost
        if facts.price is None or late < timedelta(hours=1):
            return None
        share = Decimal("0.5") if late >= timedelta(hours=2) else Decimal("0.25")
        why = Explanation(source=self.name, rule=f"Art. 19: {share:.0%} of the ticket price")
        return Proposal(Remedy.REFUND, facts.price.scaled(share), why)


@attrs.frozen(kw_only=True)
class FerryPack:
    plugin_name: str = "ferry"

    @hookimpl
    def register_compensation_strategies(self):
        return (FerryDelay(),)
'''


@pytest.fixture(scope="session")
def ferry_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``crpack_ferry`` (pack ``ferry`` in the ``custrecovery.packs`` group), pip-installed."""
    directory = tmp_path_factory.mktemp("crpack_ferry")
    return pip_installed(
        directory,
        "crpack_ferry",
        textwrap.dedent(PACK_SOURCE),
        "ferry:FerryPack",
        group=PACK_GROUP,
    )


@pytest.fixture
def installed_pack(ferry_site: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The pip-installed ``crpack_ferry`` on ``sys.path`` for one test."""
    with on_path(ferry_site, monkeypatch, "crpack_ferry"):
        yield "ferry"


def test_an_installed_pack_is_listed_but_not_enabled(installed_pack: str) -> None:
    """A pip-installed pack is listed by ``available_packs`` and joins no desk by itself."""
    dist = importlib.metadata.distribution("crpack_ferry")
    assert [(ep.group, ep.name) for ep in dist.entry_points] == [(PACK_GROUP, installed_pack)]
    assert available_packs()[installed_pack] == "crpack_ferry:FerryPack"
    assert cr.Desk().plugins.names == ("custrecovery.defaults",)
    assert "crpack_ferry" not in sys.modules


def test_an_installed_pack_is_enabled_by_name(installed_pack: str) -> None:
    """``Desk(packs=["ferry"])`` loads the third-party pack, as the built-in packs are loaded."""
    both = cr.Desk(packs=[installed_pack, "rail"])
    assert both.plugins.names == ("custrecovery.defaults", installed_pack, "rail")
    desk = cr.Desk(packs=[installed_pack])
    facts = CompensationFacts(
        "EUR",
        failure=FailureKind.FAILED_SERVICE,
        price=cr.Money(40, "EUR"),
        time_lost=timedelta(minutes=130),
    )
    decision = desk.decide_goodwill(facts, requested_by=ALICE)
    sources = [p.explanation.source for p in decision.compensation.proposals]
    assert "ferry-art-19" in sources
    assert decision.compensation.total == cr.Money("20.00", "EUR")
