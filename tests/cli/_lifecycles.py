"""Lifecycle classes for the ``verify`` command's tests."""

from __future__ import annotations

import attrs

from custrecovery.lifecycle import STATES
from custrecovery.lifecycle import build_lifecycle

Unowned = build_lifecycle(
    "Unowned",
    states=[attrs.evolve(s, owned=False) if s.id == "assessed" else s for s in STATES],
)
"""The built-in lifecycle with ``assessed`` ownerless: a case there has no owner."""
