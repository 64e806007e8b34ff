"""The README's first lines and its example stay true."""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def test_the_first_lines_are_the_two_commands() -> None:
    text = README.read_text(encoding="utf-8")
    block = re.search(r"```sh\n(.*?)```", text, re.S)
    assert block is not None
    install_and_run, install_and_test = block.group(1).strip().splitlines()
    assert install_and_run.endswith("outbound-core simulate")
    assert "pip install -e '.[test]'" in install_and_test
    assert install_and_test.endswith("python -m pytest")


def test_the_example_runs_and_says_what_its_comments_say() -> None:
    text = README.read_text(encoding="utf-8")
    block = re.search(r"```python\n(.*?)```", text, re.S)
    assert block is not None
    lines = block.group(1).splitlines()
    assert len([line for line in lines if line.strip()]) <= 12
    namespace: dict[str, object] = {}
    exec(block.group(1), namespace)
    checked = 0
    for line in lines:
        expression, _, comment = line.partition("#")
        expected = re.match(r"\s*(CallResult\.[A-Z_]+|'[^']*'|False|True)", comment)
        if expected and expression.strip() and "=" not in expression.split("(")[0]:
            assert eval(expression, namespace) == eval(expected.group(1), namespace), line
            checked += 1
    assert checked == 3
