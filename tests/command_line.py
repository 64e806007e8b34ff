"""Running `outbound-core` in the test's own process, its output captured."""

from __future__ import annotations

import contextlib
import io

from outbound_core.cli import main


def run(*argv: str) -> tuple[int, str, str]:
    """Run the command line: (exit status, stdout, stderr); argparse's own exits count as exit
    statuses."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = main(list(argv))
        except SystemExit as leaving:
            status = int(leaving.code or 0)
    return status, out.getvalue(), err.getvalue()
