"""The public API: explicit, importable, typed, versioned."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
from pathlib import Path

import pytest

import outbound_core


def test_all_is_explicit_sorted_and_importable() -> None:
    names = outbound_core.__all__
    assert len(names) == len(set(names))
    for name in names:
        assert getattr(outbound_core, name) is not None


def test_public_names_have_docstrings() -> None:
    for name in outbound_core.__all__:
        value = getattr(outbound_core, name)
        if callable(value) and not name.startswith("_"):
            assert value.__doc__, name


def test_version_matches_the_installed_metadata() -> None:
    assert outbound_core.__version__ == importlib.metadata.version("outbound-core")


def test_package_is_typed() -> None:
    assert (Path(outbound_core.__file__).parent / "py.typed").exists()


def test_importing_the_package_does_not_load_the_lifecycle_layer() -> None:
    code = (
        "import sys, outbound_core\n"
        "assert 'statemachine' not in sys.modules, 'eager'\n"
        "outbound_core.Interaction\n"
        "assert 'statemachine' in sys.modules, 'lazy name did not load'\n"
        "assert 'Interaction' in dir(outbound_core)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_unknown_attributes_raise_attribute_error() -> None:
    with pytest.raises(AttributeError):
        outbound_core.NoSuchThing
