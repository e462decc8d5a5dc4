"""Sphinx configuration: MyST Markdown pages, furo theme, API from docstrings."""

from __future__ import annotations

import importlib.metadata

project = "custrecovery"
author = "custrecovery maintainers"
copyright = "2026, custrecovery maintainers"
release = importlib.metadata.version("custrecovery")

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinxcontrib.mermaid",
]
myst_enable_extensions = ["colon_fence"]
myst_fence_as_directive = ["mermaid"]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build"]
html_theme = "furo"
html_title = "custrecovery"

autodoc_member_order = "bysource"
autodoc_typehints = "description"
# The public API is re-exported from private modules; document it where users
# import it from.
autodoc_default_options = {"members": True, "undoc-members": False}
suppress_warnings = ["myst.xref_missing"]
