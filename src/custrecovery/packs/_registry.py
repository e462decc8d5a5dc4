"""Finding industry packs by name: the ``custrecovery.packs`` entry-point group.

Rules
-----
* A pack is an ordinary plugin (it implements hooks of :mod:`custrecovery.hookspecs`)
  published under the ``custrecovery.packs`` entry-point group, built-in or
  third-party alike: custrecovery's own packs are entry points of its own
  distribution, found the same way.
* Packs are never enabled by being installed: a desk enables them by name
  (``Desk(packs=["airline"])``), so a hotel's desk does not get airline rules.
  (Plugins under the ``custrecovery`` group, by contrast, join every desk.)
* An entry point resolves to the plugin object, or to a class or function
  taking no arguments that returns it. A pack that is not installed, fails to
  load, or builds into something implementing no hook raises
  :class:`~custrecovery.PluginError` naming it: a desk is never built with a
  pack silently missing.

Theory of operation: :func:`available_packs` reads the entry points once per
call (``importlib.metadata``, imported here and only here); :func:`load_pack`
loads one and builds it.
"""

from __future__ import annotations

import inspect
from typing import Final

from custrecovery.errors import PluginError

__all__ = ["PACK_GROUP", "available_packs", "load_pack"]

PACK_GROUP: Final = "custrecovery.packs"
"""The entry-point group industry packs are published under."""


def available_packs() -> dict[str, str]:
    """Installed packs: name -> entry point (``module:attribute``), sorted by name."""
    import importlib.metadata

    entries = importlib.metadata.entry_points(group=PACK_GROUP)
    return {entry.name: entry.value for entry in sorted(entries, key=lambda e: e.name)}


def load_pack(name: str) -> object:
    """The plugin object of the installed pack ``name`` (see the module's rules)."""
    import importlib.metadata

    if not isinstance(name, str) or not name.strip():
        raise PluginError(f"a pack name must be non-empty text, got {name!r}", plugin="?", hook="?")
    found = [e for e in importlib.metadata.entry_points(group=PACK_GROUP) if e.name == name]
    if not found:
        known = ", ".join(available_packs()) or "none"
        raise PluginError(
            f"no pack named {name!r} is installed (installed packs: {known})",
            plugin=name,
            hook="?",
        )
    entry = found[0]
    try:
        target = entry.load()
        plugin = target() if inspect.isclass(target) or inspect.isfunction(target) else target
    except Exception as error:  # a pack that cannot load: no desk without it
        raise PluginError(
            f"pack entry point {entry.name} = {entry.value} failed to load "
            f"({type(error).__name__}: {error})",
            plugin=name,
            hook="?",
        ) from error
    return plugin
