"""The layout stays what DESIGN.md says: layers that are folders, dependencies that point down.

`lint-imports` (import-linter, configured in pyproject.toml) checks the layers, cycles at every
depth (function-level and TYPE_CHECKING imports included), private modules and where
python-statemachine is imported; the checks below cover what it cannot see: private *names*
imported across folders, imports hidden inside functions or TYPE_CHECKING blocks, and the
number of modules at the top of the package.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "outbound_core"
ROOT = PACKAGE.parent.parent
#: The lazy public faces import what they load on first use for type checkers only
#: (DESIGN.md): the package's lifecycles, and scale/'s modules that need Dask.
LAZY_FACES = frozenset({PACKAGE / "__init__.py", PACKAGE / "scale" / "__init__.py"})


def _modules() -> Iterator[tuple[Path, ast.Module]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        yield path, ast.parse(path.read_text(encoding="utf-8"), str(path))


def _folder_of(module: str) -> str:
    """The package a dotted module name lives in (its folder)."""
    return module.rsplit(".", 1)[0]


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def test_the_import_contracts_hold() -> None:
    linter = Path(sys.executable).with_name("lint-imports")
    if not linter.exists():
        pytest.skip("import-linter is not installed (the dev extra brings it)")
    done = subprocess.run(
        [str(linter), "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout[-3000:]


def test_no_private_name_is_imported_from_another_folder() -> None:
    found = []
    for path, tree in _modules():
        here = _module_name(path)
        folder = here if path.name == "__init__.py" else _folder_of(here)
        for node in ast.walk(tree):
            if not isinstance(node, ast.ImportFrom) or not node.module:
                continue
            if not node.module.startswith("outbound_core"):
                continue
            source_folder = (
                node.module if (PACKAGE.parent / node.module.replace(".", "/")).is_dir()
                else _folder_of(node.module)
            )  # fmt: skip
            for alias in node.names:
                if alias.name.startswith("_") and source_folder != folder:
                    found.append(f"{here}: {node.module}.{alias.name}")
    assert found == []


def test_no_import_hides_in_a_function_or_a_type_checking_block() -> None:
    found = []
    for path, tree in _modules():
        if path in LAZY_FACES:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                found.append(f"{path.name}:{node.lineno}: TYPE_CHECKING block")
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                for inner in ast.walk(node):
                    if isinstance(inner, ast.Import | ast.ImportFrom):
                        found.append(f"{path.name}:{inner.lineno}: import inside {node.name}")
    assert found == []


def test_at_most_sixteen_modules_stay_at_the_top() -> None:
    top = sorted(path.name for path in PACKAGE.glob("*.py"))
    assert len(top) <= 16, top
