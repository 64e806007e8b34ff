"""The `outbound-core` command line.

Each subcommand lives in its own module under `outbound_core.commands` and registers itself
with `register(subparsers)`. Exit status: 0 on success, 1 when the command's answer is "no"
(an invalid update, an illegal trace), 2 when the input cannot be used at all.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from outbound_core import __version__
from outbound_core.commands import COMMANDS
from outbound_core.errors import OutboundError

__all__ = ["build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand registered."""
    parser = argparse.ArgumentParser(
        prog="outbound-core",
        description="Outbound call-campaign semantics: codes, records, callbacks, lifecycles.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in COMMANDS:
        command.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with `argv` (default: `sys.argv[1:]`); return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        status: int = args.run(args)
    except OutboundError as error:
        print(f"outbound-core: {error.code}: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader (`| head`) went away: stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    return status
