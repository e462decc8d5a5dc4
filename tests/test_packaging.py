"""Packaging metadata: the PEP 639 license fields and the build backend that writes them."""

from __future__ import annotations

import importlib.metadata
from pathlib import Path
from typing import Any

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

tomllib = pytest.importorskip("tomllib", reason="tomllib is in the standard library from 3.11")

PYPROJECT: dict[str, Any] = tomllib.loads(
    (Path(__file__).resolve().parent.parent / "pyproject.toml").read_text(encoding="utf-8")
)


def test_license_is_an_spdx_expression_with_files() -> None:
    """pyproject declares the license in the PEP 639 form: an SPDX string and file globs."""
    project = PYPROJECT["project"]
    assert project["license"] == "MIT"
    assert project["license-files"] == ["LICENSE"]


def test_build_backend_is_new_enough_for_pep_639() -> None:
    """The build requirement asks for hatchling 1.27 or later, the first to write PEP 639
    metadata by default."""
    (requirement,) = (Requirement(r) for r in PYPROJECT["build-system"]["requires"])
    assert requirement.name == "hatchling"
    assert not requirement.specifier.contains("1.26.3")
    assert requirement.specifier.contains("1.27.0")
    assert all(Version("1.27") <= Version(spec.version) for spec in requirement.specifier)


def test_installed_metadata_carries_the_license_expression() -> None:
    """The installed distribution's metadata names the license by SPDX expression and file."""
    metadata = importlib.metadata.metadata("custrecovery")
    assert Version(metadata["Metadata-Version"]) >= Version("2.4")
    assert metadata["License-Expression"] == "MIT"
    assert metadata.get_all("License-File") == ["LICENSE"]
