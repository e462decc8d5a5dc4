"""A replay's configuration: the policy a what-if replay runs under, as a frozen value.

Rules:

* A :class:`ReplayConfig` names everything a desk is built from: packs and
  plugins by name (``"module:attribute"``), built-in clock sets by name, the
  lifecycle rules, the goodwill rules and authority limits, and the ``as_of``
  instant at which clocks are read. It holds only strings, numbers and tuples,
  so it is hashable and pickles small: a worker process receives the
  configuration, never a desk, and builds its desk once (:func:`desk_for`).
* Installed plugins (the ``custrecovery`` entry-point group) join only when
  ``entry_points = true``: a replay's result must not depend on what happens
  to be installed. Packs join by name, as on a :class:`~custrecovery.Desk`.
* :meth:`ReplayConfig.from_toml` reads the TOML file a team keeps under version
  control; an unknown key, a wrong type or a bad value raises
  :class:`~custrecovery.InvalidValue` naming the key, so two policies are
  compared by running the same data twice with two files.

The TOML layout (every key optional)::

    packs = ["rail"]                    # industry packs, by name
    plugins = ["my_firm.plugins:desk"]  # module:attribute; a class is instantiated
    clocks = ["cfpb"]                   # cfpb, fca-disp, fca-disp-payment-services
    entry_points = false                # also load installed plugins
    check_duplicates = true             # a repeated complaint id is a bad row
    as_of = 2026-01-01T00:00:00Z        # when clocks are read (default: the run's start)

    [rules]
    min_referral_degree = "CONFIRMED_RECEIVER"
    reopen_window_days = 28

    [goodwill]
    rule = "largest"                    # largest, sum or first
    caps = ["250.00 GBP"]

    [goodwill.authority]                # role = "limit": an empowered representative's limit
    agent = "50.00 GBP"
    team_lead = "200.00 GBP"
"""

from __future__ import annotations

import functools
import importlib
import sys
from collections.abc import Mapping
from datetime import datetime
from datetime import timedelta
from datetime import timezone
from decimal import Decimal
from decimal import InvalidOperation
from pathlib import Path
from typing import Any
from typing import Final
from typing import final

import attrs

from custrecovery._imports import resolve
from custrecovery.clocks import ClockSet
from custrecovery.clocks import cfpb_clocks
from custrecovery.clocks import fca_disp_clocks
from custrecovery.clocks import fca_disp_payment_services_clocks
from custrecovery.desk import Desk
from custrecovery.errors import InvalidValue
from custrecovery.goodwill import AuthorityLimits
from custrecovery.goodwill import GoodwillRules
from custrecovery.hookspecs import hookimpl
from custrecovery.lifecycle import LifecycleRules
from custrecovery.money import Money
from custrecovery.operations import ReferralDegree

__all__ = ["CLOCK_SETS", "ReplayConfig", "desk_for"]

CLOCK_SETS: Final = {
    "cfpb": cfpb_clocks,
    "fca-disp": fca_disp_clocks,
    "fca-disp-payment-services": fca_disp_payment_services_clocks,
}
"""Built-in clock sets a configuration names, each built once per desk."""

_RULES: Final = ("largest", "sum", "first")
_TOP: Final = frozenset(
    {"packs", "plugins", "clocks", "entry_points", "check_duplicates", "as_of", "rules", "goodwill"}
)


def _strings(value: Any) -> tuple[str, ...]:
    if isinstance(value, str) or not all(isinstance(v, str) for v in value):
        raise InvalidValue(f"expected a list of strings, got {value!r}")
    return tuple(value)


def _clock_names(value: Any) -> tuple[str, ...]:
    names = _strings(value)
    unknown = [name for name in names if name not in CLOCK_SETS]
    if unknown:
        raise InvalidValue(f"unknown clock set(s) {unknown} (known: {', '.join(CLOCK_SETS)})")
    return names


def _money_text(value: Any) -> str:
    """Normalise ``"50 GBP"`` to the text of a valid Money (raises InvalidValue)."""
    return _str_of_money(_money(value))


def _money(text: Any) -> Money:
    if not isinstance(text, str) or len(text.split()) != 2:
        raise InvalidValue(f"expected money as 'AMOUNT CURRENCY' (e.g. '50.00 GBP'), got {text!r}")
    amount, currency = text.split()
    try:
        return Money(Decimal(amount), currency)
    except InvalidOperation:
        raise InvalidValue(f"{amount!r} is not an amount (in {text!r})") from None


def _str_of_money(money: Money) -> str:
    return f"{money.amount} {money.currency}"


def _caps(value: Any) -> tuple[str, ...]:
    return tuple(_money_text(v) for v in _strings(value))


def _authority(value: Any) -> tuple[tuple[str, str], ...]:
    if isinstance(value, Mapping):
        value = value.items()
    return tuple(sorted((str(role), _money_text(limit)) for role, limit in value))


def _aware(value: datetime | None) -> datetime | None:
    if value is not None and (not isinstance(value, datetime) or value.utcoffset() is None):
        raise InvalidValue(f"as_of must be a datetime with a time zone, got {value!r}")
    return value.astimezone(timezone.utc) if value is not None else None


def _degree(value: str) -> str:
    if value not in ReferralDegree.__members__:
        known = ", ".join(ReferralDegree.__members__)
        raise InvalidValue(f"unknown min_referral_degree {value!r} (known: {known})")
    return value


def _rule(value: str) -> str:
    if value not in _RULES:
        raise InvalidValue(f"unknown goodwill rule {value!r} (known: {', '.join(_RULES)})")
    return value


# A reopen window longer than this is a mistake, and a timedelta past it overflows.
_MAX_WINDOW_DAYS = 3_660


def _window(value: float | None) -> float | None:
    if value is not None and (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or not 0 <= value <= _MAX_WINDOW_DAYS
    ):
        raise InvalidValue(
            f"reopen_window_days must be a number of days from 0 to {_MAX_WINDOW_DAYS}, "
            f"got {value!r}"
        )
    return value


def _v(check: Any) -> Any:
    """An attrs validator calling ``check(value)`` (which raises InvalidValue)."""

    def validate(instance: object, attribute: object, value: Any) -> None:
        check(value)

    return validate


@final
@attrs.frozen(kw_only=True)
class ReplayConfig:
    """The policy a replay runs under: what the desk is built from, and when clocks are read.

    Build one in code, or read a TOML file with :meth:`from_toml` (the module
    docs give the layout). Hashable and small: it is what a worker receives.
    """

    packs: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    """Industry packs to enable, by name (see :mod:`custrecovery.packs`)."""
    plugins: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    """Plugins as ``"module:attribute"``; an attribute that is a class is instantiated."""
    clocks: tuple[str, ...] = attrs.field(default=("cfpb",), converter=_clock_names)
    """Built-in clock sets, by name (keys of :data:`CLOCK_SETS`)."""
    entry_points: bool = False
    """Also load the plugins installed under the ``custrecovery`` entry-point group."""
    check_duplicates: bool = True
    """A complaint id seen on an earlier row makes the later row a bad row."""
    as_of: datetime | None = attrs.field(default=None, converter=_aware)
    """When clocks are read; ``None``: the start of the run (fixed once for all workers)."""
    min_referral_degree: str = attrs.field(default="CONFIRMED_RECEIVER", validator=_v(_degree))
    """:class:`~custrecovery.operations.ReferralDegree` name a referral must reach."""
    reopen_window_days: float | None = attrs.field(default=None, validator=_v(_window))
    """Days after closing in which a reply reopens a case; ``None``: never."""
    goodwill_rule: str = attrs.field(default="largest", validator=_v(_rule))
    """How goodwill proposals combine: ``largest``, ``sum`` or ``first``."""
    goodwill_caps: tuple[str, ...] = attrs.field(default=(), converter=_caps)
    """Caps as ``"AMOUNT CURRENCY"`` texts, at most one per currency."""
    authority: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_authority)
    """(role, ``"AMOUNT CURRENCY"``) goodwill limits; empty: no authority check."""

    @classmethod
    def from_toml(cls, path: Path | str) -> ReplayConfig:
        """Read a configuration file (raises InvalidValue naming the file and key)."""
        # tomllib is in the standard library from Python 3.11; on 3.10 the
        # ``cli`` extra installs tomli, the same parser.
        tomllib = importlib.import_module("tomllib" if sys.version_info >= (3, 11) else "tomli")
        path = Path(path)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except OSError as error:
            raise InvalidValue(f"cannot read {path}: {error.strerror}") from None
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            raise InvalidValue(f"{path} is not TOML: {error}") from None
        try:
            return cls.from_mapping(data)
        except InvalidValue as error:
            raise InvalidValue(f"{path}: {error}") from None

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> ReplayConfig:
        """Build a configuration from the parsed TOML layout (see the module docs)."""
        unknown = sorted(set(data) - _TOP)
        if unknown:
            raise InvalidValue(f"unknown key(s) {unknown} (known: {', '.join(sorted(_TOP))})")
        rules = _table(data, "rules", {"min_referral_degree", "reopen_window_days"})
        goodwill = _table(data, "goodwill", {"rule", "caps", "authority"})
        kwargs: dict[str, Any] = {
            key: data[key]
            for key in ("packs", "plugins", "clocks", "entry_points", "check_duplicates", "as_of")
            if key in data
        }
        for key in ("entry_points", "check_duplicates"):
            if key in kwargs and not isinstance(kwargs[key], bool):
                raise InvalidValue(f"{key} must be true or false, got {kwargs[key]!r}")
        kwargs.update(rules)
        if "rule" in goodwill:
            kwargs["goodwill_rule"] = goodwill["rule"]
        if "caps" in goodwill:
            kwargs["goodwill_caps"] = goodwill["caps"]
        if "authority" in goodwill:
            if not isinstance(goodwill["authority"], Mapping):
                raise InvalidValue("[goodwill.authority] must be a table of role = 'limit'")
            kwargs["authority"] = goodwill["authority"]
        return cls(**kwargs)

    def to_mapping(self) -> dict[str, Any]:
        """The configuration in the TOML layout (JSON-ready: ``as_of`` as ISO text)."""
        return {
            "packs": list(self.packs),
            "plugins": list(self.plugins),
            "clocks": list(self.clocks),
            "entry_points": self.entry_points,
            "check_duplicates": self.check_duplicates,
            "as_of": self.as_of.isoformat() if self.as_of is not None else None,
            "rules": {
                "min_referral_degree": self.min_referral_degree,
                "reopen_window_days": self.reopen_window_days,
            },
            "goodwill": {
                "rule": self.goodwill_rule,
                "caps": list(self.goodwill_caps),
                "authority": dict(self.authority),
            },
        }

    def lifecycle_rules(self) -> LifecycleRules:
        """The :class:`~custrecovery.lifecycle.LifecycleRules` this configuration sets."""
        window = self.reopen_window_days
        return LifecycleRules(
            min_referral_degree=ReferralDegree[self.min_referral_degree],
            reopen_window=timedelta(days=window) if window is not None else None,
        )

    def goodwill_rules(self) -> GoodwillRules:
        """The :class:`~custrecovery.goodwill.GoodwillRules` this configuration sets."""
        authority = (
            AuthorityLimits({role: _money(limit) for role, limit in self.authority})
            if self.authority
            else None
        )
        return GoodwillRules(
            rule=self.goodwill_rule,  # type: ignore[arg-type]  # checked by _rule
            caps=tuple(_money(cap) for cap in self.goodwill_caps),
            authority=authority,
        )

    def build_desk(self) -> Desk:
        """A new desk under this configuration (raises PluginError or InvalidValue)."""
        plugins: list[object] = [_load_plugin(spec) for spec in self.plugins]
        if self.clocks:
            plugins.append(_ClockSets(tuple(CLOCK_SETS[name]() for name in self.clocks)))
        return Desk(
            packs=self.packs,
            plugins=plugins,
            entry_points=self.entry_points,
            rules=self.lifecycle_rules(),
            goodwill=self.goodwill_rules(),
        )


def _table(data: Mapping[str, Any], name: str, keys: set[str]) -> dict[str, Any]:
    table = data.get(name, {})
    if not isinstance(table, Mapping):
        raise InvalidValue(f"[{name}] must be a table, got {table!r}")
    unknown = sorted(set(table) - keys)
    if unknown:
        raise InvalidValue(
            f"unknown key(s) {unknown} in [{name}] (known: {', '.join(sorted(keys))})"
        )
    return dict(table)


def _load_plugin(spec: str) -> object:
    value = resolve(spec, what="plugin")
    return value() if isinstance(value, type) else value


@final
class _ClockSets:
    """The plugin registering the configuration's built-in clock sets."""

    def __init__(self, clock_sets: tuple[ClockSet, ...]) -> None:
        self.plugin_name = "custrecovery.replay.clocks"
        self._clock_sets = clock_sets

    @hookimpl
    def register_clock_sets(self) -> tuple[ClockSet, ...]:
        """The clock sets the configuration names."""
        return self._clock_sets


def desk_for(config: ReplayConfig) -> Desk:
    """The desk for ``config``, built once per process and reused.

    Workers call this for every partition: building a desk (plugins, clock
    calendars) costs far more than a partition's first rows, so it is cached
    per process, keyed by the (hashable, frozen) configuration. A few
    configurations are kept, so comparing two policies in one process does not
    rebuild them.
    """
    if not isinstance(config, ReplayConfig):
        raise InvalidValue(f"expected a ReplayConfig, got {config!r}")
    return _cached_desk(config)


# The one process-wide cache: a worker process has no other place to keep the
# desk between tasks, and it is keyed by the frozen configuration, so it holds
# nothing a caller could change.
@functools.lru_cache(maxsize=4)
def _cached_desk(config: ReplayConfig) -> Desk:
    return config.build_desk()
