"""The public API: a small, sorted, documented ``__all__`` without pluggy in its signatures."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import subprocess
import sys
from collections.abc import Callable
from collections.abc import Iterator

import pytest

import custrecovery

FRONT_DOOR_LIMIT = 40
"""At most this many names at the top level: what a newcomer needs on day one."""

SNAPSHOT: dict[str, list[str]] = {
    "custrecovery": [
        "Actor",
        "Case",
        "Channel",
        "Complaint",
        "ConflictError",
        "CustRecoveryError",
        "Customer",
        "DataError",
        "Desk",
        "EscalationRequired",
        "Event",
        "Explanation",
        "FollowUpAction",
        "InvalidValue",
        "Money",
        "NotMyResponsibility",
        "OperationRefused",
        "PluginError",
        "case_from_dict",
        "case_to_dict",
        "from_json",
        "hookimpl",
        "to_json",
    ],
    "custrecovery.boundaries": [
        "Assessment",
        "BendsRules",
        "BoundaryAction",
        "BoundaryDecision",
        "BoundaryPolicy",
        "ComplainsRegardless",
        "ContactRecord",
        "CustomerHistory",
        "DEFAULT_NOTICE_TEMPLATE",
        "MAX_REVIEW_MONTHS",
        "NeverSatisfied",
        "NoticeFactory",
        "NoticeTemplate",
        "PolicyFailure",
        "RestrictionNotice",
        "combine_assessments",
        "decide",
        "default_policies",
    ],
    "custrecovery.boundaries.decisions": [
        "Assessment",
        "BoundaryAction",
        "BoundaryDecision",
        "MAX_REVIEW_MONTHS",
        "PolicyFailure",
        "RestrictionNotice",
    ],
    "custrecovery.cases": [
        "Case",
        "CaseDetails",
        "CustomerNotice",
        "Event",
        "HandoffOffer",
        "History",
        "Recourse",
        "Referral",
        "format_history",
    ],
    "custrecovery.cli": [
        "EXIT_CODES",
        "build_parser",
        "command_help",
        "main",
    ],
    "custrecovery.clocks": [
        "ActionKind",
        "BusinessCalendar",
        "Clock",
        "ClockAction",
        "ClockSet",
        "ClockStatus",
        "CollectedClockSets",
        "DEFAULT_SERVICE_LEVELS",
        "Duration",
        "Extension",
        "FOS_WEBSITE",
        "HOLDING_REPLY_EVENTS",
        "Pause",
        "Phase",
        "ServiceLevel",
        "Trigger",
        "UPDATE_EVENTS",
        "Unit",
        "acknowledgement_text",
        "actions_for",
        "cfpb_clocks",
        "clock_set_status",
        "clock_status",
        "collect_clock_sets",
        "deadline",
        "delay_text",
        "describe_due",
        "fca_disp_clocks",
        "fca_disp_payment_services_clocks",
        "final_response_text",
        "service_level_clocks",
        "service_level_sets",
        "severity_of",
        "summary_resolution_text",
        "sweep",
    ],
    "custrecovery.complaints": [
        "Channel",
        "Complaint",
    ],
    "custrecovery.desk": [
        "Defaults",
        "Desk",
        "MinimumReferralDegree",
    ],
    "custrecovery.directory": [
        "Directory",
        "Person",
        "StaticDirectory",
    ],
    "custrecovery.errors": [
        "ApprovalRefused",
        "ClosingRefused",
        "ConflictError",
        "CurrencyMismatch",
        "CustRecoveryError",
        "DataError",
        "EscalationRequired",
        "InvalidLifecycle",
        "InvalidValue",
        "NotMyResponsibility",
        "OperationRefused",
        "PluginError",
        "PluginWarning",
        "ReferralRefused",
        "ReopenRefused",
        "RightsRefused",
        "UntrustedCase",
    ],
    "custrecovery.explanations": [
        "Explanation",
    ],
    "custrecovery.followups": [
        "FollowUpAction",
    ],
    "custrecovery.goodwill": [
        "Apology",
        "AuthorityDecision",
        "AuthorityLimits",
        "CategoryTable",
        "CombinationRule",
        "Compensation",
        "CompensationFacts",
        "CompensationStrategy",
        "FailureKind",
        "GoodwillDecision",
        "GoodwillRules",
        "MatchedRemedy",
        "Proposal",
        "Remedy",
        "ScheduleRow",
        "ScheduleTable",
        "ShareOfLoss",
        "TimeLost",
        "approve_goodwill",
        "combine",
        "compensate",
        "decide_goodwill",
        "goodwill_refusal",
    ],
    "custrecovery.goodwill.decisions": [
        "AuthorityDecision",
        "CombinationRule",
        "Compensation",
        "CompensationFacts",
        "FailureKind",
        "GoodwillDecision",
        "Proposal",
        "Remedy",
    ],
    "custrecovery.hookspecs": [
        "hookimpl",
        "hookspec",
        "on_operation_accepted",
        "register_boundary_policies",
        "register_clock_sets",
        "register_compensation_strategies",
        "register_directory",
        "suggest_follow_ups",
        "veto_operation",
    ],
    "custrecovery.lifecycle": [
        "ComplaintLifecycle",
        "LifecycleRules",
        "RIGHTS",
        "RightSpec",
        "STATES",
        "StateSpec",
        "TRANSITIONS",
        "TransitionSpec",
        "Validator",
        "build_lifecycle",
        "check_lifecycle",
        "lifecycle_mermaid",
        "lifecycle_rights",
        "lifecycle_table",
        "merge_target_recorded",
        "no_open_handoff",
        "outcome_recorded",
        "records_outcome",
        "referral_customer_told",
        "referral_degree_sufficient",
        "referral_follow_up_later",
        "rights_of",
        "verify_lifecycle",
        "within_reopen_window",
    ],
    "custrecovery.money": [
        "DECIMAL_PATTERN",
        "FRACTION_DIGITS",
        "INTEGER_DIGITS",
        "MINOR_UNITS",
        "Money",
        "minor_units",
    ],
    "custrecovery.operations": [
        "AbsorbDuplicate",
        "AcceptHandoff",
        "AcceptResolution",
        "Acknowledge",
        "Archive",
        "Assess",
        "AssignWork",
        "AwaitCustomer",
        "ClearWork",
        "Close",
        "ColdTransfer",
        "ConfirmReferral",
        "CustomerReplied",
        "DeclineHandoff",
        "DeclineReferral",
        "Disclaim",
        "Dismiss",
        "ExpireHandoff",
        "GiveRecourse",
        "Investigate",
        "MergeInto",
        "OPERATION_TYPES",
        "OfferGoodwill",
        "OfferHandoff",
        "OfferOnBehalf",
        "OfferReferral",
        "Operation",
        "ProposeResolution",
        "Record",
        "RecordBoundaryDecision",
        "RecordFollowUp",
        "Refer",
        "ReferralDegree",
        "ReferralNotice",
        "RejectResolution",
        "Reopen",
        "ReopenAfterClose",
        "Severity",
        "SplitFrom",
        "SplitInto",
        "TakeOver",
        "Unassign",
        "WithdrawHandoff",
        "WithdrawReferral",
    ],
    "custrecovery.packs": [
        "PACK_GROUP",
        "available_packs",
        "load_pack",
    ],
    "custrecovery.packs.airline": [
        "AirlinePack",
        "Band",
        "Cancellation",
        "Care",
        "Claim",
        "DISRUPTION_CATEGORIES",
        "Delay",
        "DeniedBoarding",
        "Disruption",
        "Downgrade",
        "EU261",
        "Entitlement",
        "Flight",
        "Regime",
        "Reroute",
        "UK261",
        "entitlement",
        "eu261_compensation",
        "flight_between",
        "great_circle_km",
    ],
    "custrecovery.packs.finance_uk": [
        "FinanceUkPack",
        "Forwarding",
        "JOINTLY",
        "SOLELY",
    ],
    "custrecovery.packs.finance_us": [
        "FinanceUsPack",
    ],
    "custrecovery.packs.garage": [
        "GARAGE",
    ],
    "custrecovery.packs.hotel": [
        "Guest",
        "GuestKind",
        "HotelPack",
        "WALKED_GUEST",
        "WALK_OBLIGATIONS",
        "WalkCost",
    ],
    "custrecovery.packs.legal": [
        "LEGAL",
    ],
    "custrecovery.packs.rail": [
        "GB_RAIL_DELAY_REPAY",
        "RailPack",
        "delay_repay_compensation",
    ],
    "custrecovery.packs.referrals": [
        "ReferralPolicy",
        "SEED_000",
        "Situation",
    ],
    "custrecovery.packs.restaurant": [
        "RESTAURANT",
    ],
    "custrecovery.packs.retail": [
        "RETAIL",
    ],
    "custrecovery.packs.telecoms_uk": [
        "Failure",
        "OFCOM_RATES",
        "OfcomRates",
        "TelecomsUkPack",
        "ofcom_compensation",
        "rates_on",
    ],
    "custrecovery.parties": [
        "Actor",
        "Customer",
    ],
    "custrecovery.replay": [
        "CLOCK_SETS",
        "CfpbReplaySummary",
        "ClockRow",
        "ClockSummary",
        "DEFAULT_PARTITION_BYTES",
        "GoodwillTotal",
        "Partition",
        "RefusalCount",
        "ReplayConfig",
        "ReplayProblem",
        "ReplayProgress",
        "ReplayReport",
        "desk_for",
        "kind_of",
        "plan_partitions",
        "replay",
        "replay_cfpb",
        "report_html",
        "report_json",
        "report_text",
        "synthetic_cfpb",
    ],
    "custrecovery.replay.dask": [
        "dask_executor",
    ],
    "custrecovery.sources": [
        "COLUMNS",
        "CfpbComplaint",
        "CfpbReadResult",
        "RowProblem",
        "cfpb_sample",
        "load_cfpb",
        "read_cfpb",
    ],
    "custrecovery.storage": [
        "FORMAT_VERSION",
        "LoadingLimits",
        "VerifiedDocument",
        "case_from_dict",
        "case_schema",
        "case_to_dict",
        "from_dict",
        "from_json",
        "to_dict",
        "to_json",
        "verify_document",
    ],
    "custrecovery.testing": [
        "ACTOR_POOL",
        "BUILTIN_STAGES",
        "CaseModel",
        "ConformanceDirectory",
        "DirectoryConformance",
        "Expectation",
        "LifecycleConformance",
        "StageTable",
        "actors",
        "assessments",
        "aware_datetimes",
        "cases",
        "compensation_facts",
        "complaints",
        "conformance_tests",
        "contact_records",
        "currencies",
        "customer_histories",
        "customers",
        "expect",
        "money",
        "operation_kinds",
        "operations",
    ],
}
"""Every public module's ``__all__`` as agreed: change it here, deliberately, with the API.

A module is public when no part of its dotted name starts with ``_``.
"""

PUBLIC = tuple(custrecovery.__all__)
MODULES = tuple(SNAPSHOT)


def _public_module_names() -> list[str]:
    names = ["custrecovery"] + [
        info.name
        for info in pkgutil.walk_packages(custrecovery.__path__, "custrecovery.")
        if not any(part.startswith("_") for part in info.name.split("."))
    ]
    return sorted(names)


HEAVY = ("hypothesis", "jsonschema", "pytest", "sphinx", "sqlalchemy", "transitions")
"""Test, docs and benchmark dependencies that ``import custrecovery`` must not load."""

UNDOCUMENTED: dict[str, str] = {}
"""Known gaps in the docstrings, reported as bugs; each is a strict xfail."""


def _public_objects() -> list[tuple[str, object]]:
    objects = []
    for module_name, names in SNAPSHOT.items():
        module = importlib.import_module(module_name)
        objects += [(f"{module_name}.{name}", getattr(module, name)) for name in names]
    return objects


def _own_doc(obj: object) -> str:
    # A class's own docstring only: inspect.getdoc() would borrow a base class's.
    doc = vars(obj).get("__doc__") if inspect.isclass(obj) else getattr(obj, "__doc__", None)
    return doc.strip() if isinstance(doc, str) else ""


def _callables_of(name: str, obj: object) -> Iterator[tuple[str, Callable[..., object]]]:
    """Every function whose signature a user sees through ``obj``."""
    if inspect.isfunction(obj):
        yield name, obj
        return
    if not inspect.isclass(obj):
        return
    for klass in obj.__mro__:
        if not klass.__module__.startswith("custrecovery"):
            continue
        for attr, value in vars(klass).items():
            if attr.startswith("_") and attr not in ("__init__", "__call__"):
                continue
            if isinstance(value, (staticmethod, classmethod)):
                value = value.__func__
            elif isinstance(value, property):
                value = value.fget
            if inspect.isfunction(value):
                yield f"{name}.{attr}", value


def annotations_mentioning(word: str, func: Callable[..., object]) -> list[str]:
    """The annotations of ``func`` that mention ``word``, as written and as resolved."""
    found = [
        f"{arg}: {ann}" for arg, ann in inspect.get_annotations(func).items() if word in str(ann)
    ]
    try:
        resolved = inspect.get_annotations(func, eval_str=True)
    except NameError:  # names imported only under TYPE_CHECKING: the text was checked above
        return found
    return found + [
        f"{arg}: {ann!r}"
        for arg, ann in resolved.items()
        if word in repr(ann) or word in getattr(ann, "__module__", "")
    ]


def test_every_public_module_is_in_the_snapshot() -> None:
    """The snapshot covers exactly the package's public modules."""
    assert list(MODULES) == _public_module_names()


@pytest.mark.parametrize("module_name", MODULES)
def test_all_is_sorted(module_name: str) -> None:
    """Each public module's ``__all__`` is in plain ``sorted()`` order, without duplicates."""
    names = importlib.import_module(module_name).__all__
    assert list(names) == sorted(names)
    assert len(set(names)) == len(names)


@pytest.mark.parametrize("module_name", MODULES)
def test_all_matches_snapshot(module_name: str) -> None:
    """Each public module's ``__all__`` changes only together with this snapshot."""
    assert list(importlib.import_module(module_name).__all__) == SNAPSHOT[module_name]


def test_front_door_is_small() -> None:
    """The top level re-exports at most 40 names."""
    assert len(PUBLIC) <= FRONT_DOOR_LIMIT


@pytest.mark.parametrize(
    ("module_name", "name"), [(m, n) for m, names in SNAPSHOT.items() for n in names]
)
def test_name_is_importable(module_name: str, name: str) -> None:
    """Each name in a public module's ``__all__`` can be imported from that module."""
    module = importlib.import_module(module_name)
    assert hasattr(module, name)
    namespace: dict[str, object] = {}
    exec(f"from {module_name} import {name}", namespace)
    assert namespace[name] is getattr(module, name)


@pytest.mark.parametrize(
    ("old", "new_home"),
    [
        ("OfferHandoff", "custrecovery.operations"),
        ("GoodwillRules", "custrecovery.goodwill"),
        ("read_cfpb", "custrecovery.sources"),
        ("ComplaintLifecycle", "custrecovery.lifecycle"),
    ],
)
def test_a_moved_name_says_where_it_lives_now(old: str, new_home: str) -> None:
    """A 0.1.0 top-level name raises AttributeError naming its new module."""
    with pytest.raises(AttributeError, match=rf"from {new_home} import {old}"):
        getattr(custrecovery, old)
    assert hasattr(importlib.import_module(new_home), old)


def test_an_unknown_name_is_a_plain_attribute_error() -> None:
    """A name that never existed raises the usual AttributeError."""
    with pytest.raises(AttributeError, match="has no attribute 'NoSuchThing'"):
        _ = importlib.import_module("custrecovery").NoSuchThing


@pytest.mark.parametrize("module_name", MODULES)
def test_public_module_is_documented(module_name: str) -> None:
    """Every public module has a docstring."""
    assert _own_doc(importlib.import_module(module_name))


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(
            name,
            marks=pytest.mark.xfail(strict=True, reason=UNDOCUMENTED[name])
            if name in UNDOCUMENTED
            else (),
        )
        for name, obj in _public_objects()
        if inspect.isclass(obj) or inspect.isfunction(obj)
    ],
)
def test_public_class_or_function_has_a_docstring(name: str) -> None:
    """Every public class and function has its own docstring."""
    assert _own_doc(dict(_public_objects())[name]), f"{name} has no docstring"


def test_pluggy_is_in_no_public_signature() -> None:
    """No public function, constructor or method mentions pluggy in its annotations."""
    offenders = [
        f"{where}: {found}"
        for name, obj in _public_objects()
        for where, func in _callables_of(name, obj)
        for found in annotations_mentioning("pluggy", func)
    ]
    assert offenders == []


def test_signature_check_finds_pluggy() -> None:
    """The signature check reports pluggy named in an annotation, as text or as a type."""
    import pluggy

    def by_text(pm: pluggy.PluginManager) -> None:
        """Takes a plugin manager."""

    def by_type(pm: object) -> None:
        """Takes a plugin manager."""

    by_type.__annotations__ = {"pm": pluggy.PluginManager, "return": None}
    assert annotations_mentioning("pluggy", by_text) == ["pm: pluggy.PluginManager"]
    found = annotations_mentioning("pluggy", by_type)
    assert found
    assert all(f.startswith("pm: ") and "PluginManager" in f for f in found)


def test_signature_check_walks_desk() -> None:
    """The walk over public callables reaches ``Desk.__init__`` and ``Desk.apply``."""
    seen = {where for where, _ in _callables_of("Desk", custrecovery.Desk)}
    assert {"Desk.__init__", "Desk.apply", "Desk.decide_goodwill"} <= seen


def test_import_loads_no_heavy_dependency() -> None:
    """``import custrecovery`` loads none of the test, docs or benchmark dependencies."""
    code = (
        "import custrecovery, sys; "
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {set(HEAVY)!r}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


LAZY = (
    "cattrs",
    "holidays",
    "custrecovery.storage",
    "custrecovery.sources",
    "custrecovery.replay",
    "custrecovery.packs",
    "custrecovery.cli",
    "custrecovery.testing",
)
"""What ``import custrecovery`` leaves for first use."""


def test_import_loads_no_lazy_module() -> None:
    """``import custrecovery`` loads no storage, source, replay, pack, CLI or testing module."""
    code = (
        f"import custrecovery, sys; print(sorted(m for m in sys.modules if m.startswith({LAZY!r})))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_lazy_front_door_name_loads_storage_on_first_use() -> None:
    """``custrecovery.to_json`` imports storage when first used, and is storage's function."""
    code = (
        "import custrecovery, sys; before = 'custrecovery.storage' in sys.modules; "
        "f = custrecovery.to_json; import custrecovery.storage as s; "
        "print(before, f is s.to_json, 'to_json' in dir(custrecovery))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["False", "True", "True"]
