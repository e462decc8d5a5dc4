"""Resolving ``module:attribute`` names given on a command line or in a configuration."""

from __future__ import annotations

import importlib
from typing import Any

from custrecovery.errors import InvalidValue

__all__ = ["resolve"]


def resolve(spec: str, *, what: str = "an object") -> Any:
    """The object ``spec`` (``"module:attribute.path"``) names; ``InvalidValue`` when the
    name is malformed or cannot be imported, naming ``what`` was asked for."""
    module_name, _, attribute = spec.partition(":")
    if not module_name or not attribute:
        raise InvalidValue(f"{what} is given as 'module:attribute', got {spec!r}")
    try:
        value: Any = importlib.import_module(module_name)
        for part in attribute.split("."):
            value = getattr(value, part)
    except (ImportError, AttributeError) as error:
        raise InvalidValue(f"cannot load {what} {spec!r}: {error}") from None
    return value
