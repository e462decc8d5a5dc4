"""Plugins: discovery, registration checks, and failing closed in every hook."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import importlib
import importlib.metadata
import subprocess
import sys
import textwrap
import warnings
import zipfile
from collections.abc import Callable
from collections.abc import Iterator
from collections.abc import Sequence
from datetime import datetime
from datetime import timedelta
from pathlib import Path

import attrs
import pytest

import custrecovery as cr
from conftest import ALICE
from conftest import BOB
from conftest import CAROL
from conftest import COMPLAINT
from conftest import T0
from conftest import minutes
from custrecovery import hookimpl
from custrecovery.boundaries import Assessment
from custrecovery.boundaries import BoundaryAction
from custrecovery.boundaries import BoundaryDecision
from custrecovery.boundaries import ContactRecord
from custrecovery.boundaries import CustomerHistory
from custrecovery.boundaries import NeverSatisfied
from custrecovery.desk import Defaults
from custrecovery.desk import MinimumReferralDegree
from custrecovery.errors import ApprovalRefused
from custrecovery.errors import PluginWarning
from custrecovery.goodwill import CompensationFacts
from custrecovery.goodwill import FailureKind
from custrecovery.goodwill import Proposal
from custrecovery.goodwill import Remedy
from custrecovery.operations import AcceptHandoff
from custrecovery.operations import AcceptResolution
from custrecovery.operations import Acknowledge
from custrecovery.operations import Assess
from custrecovery.operations import ConfirmReferral
from custrecovery.operations import OfferGoodwill
from custrecovery.operations import OfferHandoff
from custrecovery.operations import OfferReferral
from custrecovery.operations import Operation
from custrecovery.operations import ProposeResolution
from custrecovery.operations import Refer
from custrecovery.operations import ReferralDegree
from custrecovery.operations import ReferralNotice
from custrecovery.operations import Severity

EUR_FACTS = CompensationFacts("EUR", failure=FailureKind.MONEY, loss=cr.Money("40.00", "EUR"))
PUBLIC_COMPLAINT = attrs.evolve(COMPLAINT, channel=cr.Channel.SOCIAL_MEDIA)
QUIET_HISTORY = CustomerHistory("cust-1")
"""A customer with no past contacts: every built-in policy says CONTINUE."""


def _outcome(behaviour: object) -> object:
    """Raise ``behaviour`` if it is an exception, else return it."""
    if isinstance(behaviour, BaseException):
        raise behaviour
    return behaviour


def _desk(*plugins: object, **options: object) -> cr.Desk:
    return cr.Desk(plugins=plugins, entry_points=False, **options)  # type: ignore[arg-type]


def _safeguards_hold(decision: BoundaryDecision) -> bool:
    return (
        decision.owner_kept
        and decision.external_recourse_kept
        and decision.new_complaints_on_merits
    )


# --- plugins used by the tests ---------------------------------------------------------


class Policy:
    """A boundary policy whose ``assess`` raises or returns ``behaviour``."""

    name = "odd-policy"

    def __init__(self, behaviour: object) -> None:
        self.behaviour = behaviour

    def assess(self, history: CustomerHistory, *, as_of: datetime) -> object:
        return _outcome(self.behaviour)


class Strategy:
    """A compensation strategy whose ``propose`` raises or returns ``behaviour``."""

    name = "odd-strategy"

    def __init__(self, behaviour: object) -> None:
        self.behaviour = behaviour

    def propose(self, facts: CompensationFacts) -> object:
        return _outcome(self.behaviour)


class Broken:
    """A plugin named "broken"; each hook raises or returns what it was given."""

    plugin_name = "broken"


class BoundaryPlugin(Broken):
    def __init__(self, registered: object) -> None:
        self.registered = registered

    @hookimpl
    def register_boundary_policies(self) -> object:
        return _outcome(self.registered)


class CompensationPlugin(Broken):
    def __init__(self, registered: object) -> None:
        self.registered = registered

    @hookimpl
    def register_compensation_strategies(self) -> object:
        return _outcome(self.registered)


class VetoPlugin(Broken):
    def __init__(self, answer: object) -> None:
        self.answer = answer

    @hookimpl
    def veto_operation(self, operation: Operation) -> object:
        return _outcome(self.answer)


class NotifyPlugin(Broken):
    def __init__(self, error: BaseException) -> None:
        self.error = error

    @hookimpl
    def on_operation_accepted(self, event: cr.Event) -> None:
        raise self.error


class FollowUpPlugin(Broken):
    def __init__(self, answer: object) -> None:
        self.answer = answer

    @hookimpl
    def suggest_follow_ups(self, case: cr.Case) -> object:
        return _outcome(self.answer)


class Counter:
    """Counts (and keeps) the events it is notified of."""

    plugin_name = "counter"

    def __init__(self) -> None:
        self.events: list[cr.Event] = []

    @hookimpl
    def on_operation_accepted(self, case: cr.Case, event: cr.Event) -> None:
        self.events.append(event)


class Suggests:
    """Suggests one fixed follow-up, naming itself."""

    def __init__(self, name: str) -> None:
        self.plugin_name = name

    @hookimpl
    def suggest_follow_ups(self) -> Sequence[cr.FollowUpAction]:
        return [cr.FollowUpAction("owner", f"do what {self.plugin_name} says", "a test")]


class Unprintable:
    """Garbage whose ``repr`` raises: still garbage, so still a failure of the plugin."""

    def __repr__(self) -> str:
        raise RuntimeError("cannot print me")


class UnprintableError(Exception):
    """An exception whose message cannot be turned into text."""

    def __str__(self) -> str:
        raise RuntimeError("cannot print me")


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


def build_wheel(directory: Path, module: str, source: str, entry_point: str) -> Path:
    """Build ``module`` as a pure-Python wheel declaring ``entry_point`` in the
    ``custrecovery`` group, the way a plugin author's build backend would (PEP 427)."""
    dist = module.replace("-", "_")
    info = f"{dist}-1.0.dist-info"
    files = {
        f"{module}/__init__.py": source,
        f"{info}/METADATA": f"Metadata-Version: 2.1\nName: {dist}\nVersion: 1.0\n",
        f"{info}/WHEEL": (
            "Wheel-Version: 1.0\nGenerator: custrecovery-tests\n"
            "Root-Is-Purelib: true\nTag: py3-none-any\n"
        ),
        f"{info}/entry_points.txt": f"[custrecovery]\n{entry_point} = {module}\n",
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


def pip_installed(directory: Path, module: str, source: str, entry_point: str) -> Path:
    """A site directory into which pip installed the wheel :func:`build_wheel` built
    (offline, once per session)."""
    site = directory / "site"
    wheel = build_wheel(directory, module, source, entry_point)
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


# --- failing closed: boundary policies --------------------------------------------------------


@pytest.mark.parametrize(
    "registered",
    [
        pytest.param(RuntimeError("boom"), id="registration-raises"),
        pytest.param(42, id="registration-returns-garbage"),
        pytest.param([None], id="registration-lists-a-non-policy"),
        pytest.param([Policy(RuntimeError("boom"))], id="assess-raises"),
        pytest.param([Policy("flagged!")], id="assess-returns-garbage"),
        pytest.param([Policy(BoundaryAction.PART_WAYS)], id="assess-returns-an-action"),
    ],
)
def test_broken_boundary_policy_escalates(registered: object) -> None:
    """A broken policy plugin makes the decision an escalation naming it, safeguards kept."""
    decision = _desk(BoundaryPlugin(registered)).decide_boundary(QUIET_HISTORY, as_of=T0)
    assert decision.escalate_to_human
    assert decision.escalation_reason is not None
    assert "'broken" in decision.escalation_reason
    # Take private, never CONTINUE, and never a restriction on the broken policy alone.
    assert decision.action is BoundaryAction.TAKE_PRIVATE
    assert decision.notice is None
    assert _safeguards_hold(decision)
    # The built-in policies were still assessed.
    assert "never-satisfied" in {e.source for e in decision.explanations}


def test_working_boundary_plugin_does_not_escalate() -> None:
    """A plugin whose policy works is combined normally (the table above can fail)."""
    assessment = Assessment(
        "odd-policy", True, BoundaryAction.BACK_EMPLOYEE, cr.Explanation(source="s", rule="r")
    )
    decision = _desk(BoundaryPlugin([Policy(assessment)])).decide_boundary(QUIET_HISTORY, as_of=T0)
    assert not decision.escalate_to_human
    assert decision.action is BoundaryAction.BACK_EMPLOYEE


# --- failing closed: compensation strategies -------------------------------------------------

USD_PROPOSAL = Proposal(
    Remedy.CREDIT, cr.Money("50", "USD"), cr.Explanation(source="odd-strategy", rule="r")
)

BROKEN_STRATEGIES = [
    pytest.param(RuntimeError("boom"), id="registration-raises"),
    pytest.param(42, id="registration-returns-garbage"),
    pytest.param([Strategy(RuntimeError("boom"))], id="propose-raises"),
    pytest.param([Strategy("fifty euros")], id="propose-returns-garbage"),
    pytest.param([Strategy(USD_PROPOSAL)], id="propose-in-another-currency"),
]


@pytest.mark.parametrize("registered", BROKEN_STRATEGIES)
def test_broken_strategy_escalates_and_pays_nothing(registered: object) -> None:
    """A broken strategy escalates the decision naming the plugin; nothing is paid for it."""
    decision = _desk(CompensationPlugin(registered)).decide_goodwill(EUR_FACTS, requested_by=ALICE)
    assert decision.escalate_to_human
    assert not decision.granted
    assert decision.failures
    assert all(f.source.startswith("broken") for f in decision.failures)
    assert decision.compensation.total == cr.Money("0.00", "EUR")
    assert [p.remedy for p in decision.compensation.proposals] == [Remedy.APOLOGY]


@pytest.mark.parametrize("registered", BROKEN_STRATEGIES)
def test_escalated_goodwill_needs_a_second_person(registered: object) -> None:
    """An escalated decision is refused until someone other than the requester approves it."""
    desk = _desk(CompensationPlugin(registered))
    decision = desk.decide_goodwill(EUR_FACTS, requested_by=ALICE)
    case = desk.record(COMPLAINT, by=ALICE, at=T0)
    with pytest.raises(cr.OperationRefused, match="a compensation plugin failed"):
        desk.apply(case, OfferGoodwill(by=ALICE, at=T0, decision=decision))
    with pytest.raises(ApprovalRefused, match="cannot approve"):
        desk.approve_goodwill(decision, approver=ALICE)
    approved = desk.approve_goodwill(decision, approver=BOB)
    assert approved.granted
    assert approved.approved_by == BOB
    case = desk.apply(case, OfferGoodwill(by=ALICE, at=T0, decision=approved))
    assert case.version == 2


# --- failing closed: veto_operation ------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "refusal", "message"),
    [
        pytest.param(
            RuntimeError("boom"), cr.EscalationRequired, "raised RuntimeError: boom", id="raises"
        ),
        pytest.param(42, cr.EscalationRequired, "returned 42", id="returns-garbage"),
        pytest.param("  ", cr.EscalationRequired, "returned '  '", id="returns-blank-text"),
        pytest.param(
            "closed on Sundays", cr.OperationRefused, "closed on Sundays", id="gives-a-reason"
        ),
    ],
)
def test_veto_refuses_and_leaves_the_case_unchanged(
    answer: object, refusal: type[cr.OperationRefused], message: str
) -> None:
    """A veto refuses with its reason; a broken veto escalates; either way the case stays."""
    desk = _desk(VetoPlugin(answer))
    case = desk.record(COMPLAINT, by=ALICE, at=T0)
    before = attrs.evolve(case)
    with pytest.raises(cr.OperationRefused) as refused:
        desk.apply(case, Acknowledge(by=ALICE, at=minutes(1)))
    assert type(refused.value) is refusal
    assert "plugin 'broken'" in refused.value.reason
    assert message in refused.value.reason
    assert (refused.value.case_id, refused.value.state) == ("C-1", "received")
    assert case == before
    assert case.version == 1


def test_veto_returning_none_lets_the_rules_decide() -> None:
    """A veto answering ``None`` lets the operation through."""
    desk = _desk(VetoPlugin(None))
    case = desk.apply(desk.record(COMPLAINT, by=ALICE, at=T0), Acknowledge(by=ALICE, at=T0))
    assert case.state == "acknowledged"


# --- failing closed: notifications ------------------------------------------------------------


def test_failing_notification_warns_and_the_operation_stands() -> None:
    """An ``on_operation_accepted`` that raises is a PluginWarning; the case is returned."""
    counter = Counter()
    # Registered last, the broken plugin is called first: the counter must still hear.
    desk = _desk(counter, NotifyPlugin(RuntimeError("mail server down")))
    with pytest.warns(PluginWarning, match="plugin 'broken'.*mail server down"):
        case = desk.record(COMPLAINT, by=ALICE, at=T0)
    with pytest.warns(PluginWarning, match=r"C-1#2"):
        case = desk.apply(case, Acknowledge(by=ALICE, at=minutes(1)))
    assert case.state == "acknowledged"
    assert case.version == 2
    assert [e.version for e in counter.events] == [1, 2]


# --- failing closed: follow-ups ---------------------------------------------------------------


@pytest.mark.parametrize(
    "answer",
    [
        pytest.param(RuntimeError("boom"), id="raises"),
        pytest.param(42, id="returns-garbage"),
        pytest.param(None, id="returns-none"),
        pytest.param(["call the customer"], id="lists-text"),
    ],
)
def test_broken_follow_ups_ask_a_supervisor(answer: object) -> None:
    """Broken follow-up suggestions become a supervisor review naming the plugin."""
    desk = _desk(FollowUpPlugin(answer))
    actions = desk.follow_ups(desk.record(PUBLIC_COMPLAINT, by=ALICE, at=T0))
    supervisor = [a for a in actions if a.role == "supervisor"]
    assert len(supervisor) == 1
    assert supervisor[0].source == "broken"
    assert "plugin 'broken'" in supervisor[0].why
    assert "review case C-1" in supervisor[0].action
    # The built-in suggestions are still there.
    assert any(a.role == "brand manager" for a in actions)


# --- failing closed: garbage that cannot even be printed ------------------------------------


def _unprintable_boundary() -> object:
    return _desk(BoundaryPlugin([Policy(Unprintable())])).decide_boundary(QUIET_HISTORY, as_of=T0)


def _unprintable_goodwill() -> object:
    return _desk(CompensationPlugin([Strategy(Unprintable())])).decide_goodwill(
        EUR_FACTS, requested_by=ALICE
    )


def _unprintable_veto() -> object:
    desk = _desk(VetoPlugin(Unprintable()))
    case = desk.record(COMPLAINT, by=ALICE, at=T0)
    try:
        desk.apply(case, Acknowledge(by=ALICE, at=T0))
    except cr.EscalationRequired as escalation:
        return escalation
    return None


def _unprintable_notification() -> object:
    desk = _desk(NotifyPlugin(UnprintableError()))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PluginWarning)
        return desk.record(COMPLAINT, by=ALICE, at=T0)


def _unprintable_follow_ups() -> object:
    desk = _desk(FollowUpPlugin([Unprintable()]))
    return desk.follow_ups(desk.record(COMPLAINT, by=ALICE, at=T0))


@pytest.mark.parametrize(
    "attempt",
    [
        _unprintable_boundary,
        _unprintable_goodwill,
        _unprintable_veto,
        _unprintable_notification,
        _unprintable_follow_ups,
    ],
    ids=["boundary", "goodwill", "veto", "notification", "follow-ups"],
)
def test_unprintable_garbage_still_fails_closed(attempt: Callable[[], object]) -> None:
    """Garbage whose repr (or an error whose str) raises is still handled fail-closed."""
    assert attempt() is not None


class NamelessStrategy:
    """A strategy whose ``name`` property raises."""

    @property
    def name(self) -> str:
        raise RuntimeError("no name")

    def propose(self, facts: CompensationFacts) -> Proposal | None:
        return None


def test_strategy_with_a_broken_name_escalates() -> None:
    """A strategy whose ``name`` raises escalates the decision instead of raising."""
    decision = _desk(CompensationPlugin([NamelessStrategy()])).decide_goodwill(
        EUR_FACTS, requested_by=ALICE
    )
    assert decision.escalate_to_human


# --- built-in plugins and plugin managers --------------------------------------------------


def _referral_confirmed(desk: cr.Desk) -> cr.Case:
    case = desk.record(COMPLAINT, by=ALICE, at=T0)
    return desk.apply_all(
        case,
        [
            Acknowledge(by=ALICE, at=minutes(1)),
            Assess(by=ALICE, at=minutes(2), severity=Severity.HIGH),
            OfferReferral(by=ALICE, at=minutes(3), firm="Other Telecom"),
            ConfirmReferral(by=ALICE, at=minutes(4), confirmed_by="Sara", can_do="a line"),
        ],
    )


def _refer(degree: ReferralDegree) -> Refer:
    return Refer(
        by=ALICE,
        at=minutes(5),
        degree=degree,
        notice=ReferralNotice(why="we cannot help", how_to_reach="they will call"),
        follow_up_due=minutes(60 * 24),
    )


def test_minimum_referral_degree_refuses_a_lower_degree() -> None:
    """``MinimumReferralDegree(CONNECTED_LIVE)`` refuses a CONFIRMED_RECEIVER referral."""
    desk = _desk(MinimumReferralDegree(ReferralDegree.CONNECTED_LIVE))
    case = _referral_confirmed(desk)
    with pytest.raises(cr.OperationRefused) as refused:
        desk.apply(case, _refer(ReferralDegree.CONFIRMED_RECEIVER))
    assert type(refused.value) is cr.OperationRefused
    assert "plugin 'minimum-referral-degree'" in refused.value.reason
    assert "CONFIRMED_RECEIVER" in refused.value.reason
    assert desk.apply(case, _refer(ReferralDegree.CONNECTED_LIVE)).state == "referred"


def test_without_minimum_referral_degree_a_confirmed_receiver_suffices() -> None:
    """The default desk accepts a CONFIRMED_RECEIVER referral (the veto is opt-in)."""
    desk = _desk()
    case = _referral_confirmed(desk)
    assert desk.apply(case, _refer(ReferralDegree.CONFIRMED_RECEIVER)).state == "referred"


def _rejections(count: int) -> CustomerHistory:
    return CustomerHistory(
        "cust-1",
        [
            ContactRecord(
                case_id=f"R-{i}",
                received_at=T0 - timedelta(days=i + 1),
                justified=False,
                resolution_offered=True,
                resolution_reasonable=True,
                customer_accepted=False,
            )
            for i in range(count)
        ],
    )


def test_custom_defaults_change_the_boundary_decision() -> None:
    """``Defaults`` with a lower NeverSatisfied threshold flags two rejections in a row."""
    history = _rejections(2)
    assert _desk().decide_boundary(history, as_of=T0).action is BoundaryAction.CONTINUE
    strict = Defaults(boundary_policies=(NeverSatisfied(rejections_in_a_row=2),))
    decision = _desk(defaults=strict).decide_boundary(history, as_of=T0)
    assert decision.action is BoundaryAction.TAKE_PRIVATE
    assert not decision.escalate_to_human


def test_custom_brand_role_is_used_in_follow_ups() -> None:
    """``Defaults(brand_role=...)`` names who watches public complaints."""
    desk = _desk(defaults=Defaults(brand_role="social media lead"))
    roles = {a.role for a in desk.follow_ups(desk.record(PUBLIC_COMPLAINT, by=ALICE, at=T0))}
    assert roles == {"social media lead", "owner"}


def _resolved(complaint: cr.Complaint) -> cr.Case:
    desk = _desk()
    return desk.apply_all(
        desk.record(complaint, by=ALICE, at=T0),
        [
            Acknowledge(by=ALICE, at=minutes(1)),
            Assess(by=ALICE, at=minutes(2)),
            ProposeResolution(by=ALICE, at=minutes(3), resolution="a new router"),
            AcceptResolution(by=ALICE, at=minutes(4)),
        ],
    )


@pytest.mark.parametrize("complaint", [COMPLAINT, PUBLIC_COMPLAINT], ids=["phone", "public"])
def test_a_resolved_case_asks_for_feedback_with_a_way_back_in(complaint: cr.Complaint) -> None:
    """After an accepted resolution, the owner sends "five stars, or call us first"."""
    case = _resolved(complaint)
    assert case.state == "resolved"
    assert _desk().follow_ups(case) == (
        cr.FollowUpAction(
            "owner",
            "send a feedback request: we expect five stars; if not, call us first",
            "end every contact on a concrete next step, and keep the private channel the easiest",
        ),
    )


def test_no_feedback_request_before_the_resolution_is_accepted() -> None:
    """An open, unresolved case gets no feedback request."""
    desk = _desk()
    case = desk.record(COMPLAINT, by=ALICE, at=T0)
    assert not any("five stars" in a.action for a in desk.follow_ups(case))


def test_desk_without_defaults_has_no_builtin_plugin() -> None:
    """``Desk(defaults=None)`` registers no plugin: no policies, strategies or follow-ups."""
    desk = _desk(defaults=None)
    assert desk.plugins.names == ()
    assert desk.follow_ups(desk.record(PUBLIC_COMPLAINT, by=ALICE, at=T0)) == ()
    decision = desk.decide_goodwill(EUR_FACTS, requested_by=ALICE)
    assert decision.compensation.proposals == ()
    boundary = desk.decide_boundary(_rejections(5), as_of=T0)
    assert boundary.action is BoundaryAction.CONTINUE
    assert boundary.explanations == ()


def test_denying_the_defaults_by_name_drops_them() -> None:
    """``deny=["custrecovery.defaults"]`` leaves only the plugins given."""
    desk = _desk(Suggests("mine"), deny=["custrecovery.defaults"])
    assert desk.plugins.names == ("mine",)


def test_each_desk_owns_its_plugins() -> None:
    """Two desks with different plugins do not affect each other, in either order."""
    strict = _desk(VetoPlugin("no acknowledgements here"))
    lenient = _desk()
    also_strict = _desk(VetoPlugin("no acknowledgements here"))
    case = lenient.record(COMPLAINT, by=ALICE, at=T0)
    assert lenient.apply(case, Acknowledge(by=ALICE, at=T0)).state == "acknowledged"
    for desk in (strict, also_strict):
        with pytest.raises(cr.OperationRefused, match="no acknowledgements here"):
            desk.apply(case, Acknowledge(by=ALICE, at=T0))
    assert lenient.plugins.names == ("custrecovery.defaults",)
    assert strict.plugins.names == ("custrecovery.defaults", "broken")


def test_follow_ups_come_in_pluggy_order() -> None:
    """Follow-ups are collected last-registered first, the built-in plugin last."""
    desk = _desk(Suggests("first"), Suggests("second"))
    actions = desk.follow_ups(desk.record(PUBLIC_COMPLAINT, by=ALICE, at=T0))
    assert [a.action for a in actions] == [
        "do what second says",
        "do what first says",
        "monitor and answer the public social_media post about case C-1",
        "invite the customer to a private channel (phone, email) to continue",
    ]


def test_replay_notifies_nobody() -> None:
    """``Desk.replay`` sends no notifications; ``record`` and ``apply`` send one each."""
    counter = Counter()
    desk = _desk(counter)
    case = desk.record(COMPLAINT, by=ALICE, at=T0)
    case = desk.apply_all(
        case,
        [
            OfferHandoff(by=ALICE, at=minutes(1), to=BOB, reason="technical fault"),
            AcceptHandoff(by=BOB, at=minutes(2)),
            Acknowledge(by=BOB, at=minutes(3)),
        ],
    )
    assert len(counter.events) == 4
    assert counter.events[-1] == case.history[-1]
    assert desk.replay(case.history) == case
    assert len(counter.events) == 4


def test_replay_skips_vetoes_added_since() -> None:
    """A veto added after the fact does not break replaying an accepted history."""
    desk = _desk()
    case = desk.apply(desk.record(COMPLAINT, by=CAROL, at=T0), Acknowledge(by=CAROL, at=T0))
    assert _desk(VetoPlugin("not any more")).replay(case.history) == case
