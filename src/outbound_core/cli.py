"""The `outbound-core` command line.

Each subcommand lives in its own module under `outbound_core.commands` and registers itself
with `register(subparsers)`. Exit status: 0 on success, 1 when the command's answer is "no"
(an invalid update, an illegal trace), 2 when the input cannot be used at all.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import io
import os
import sys
from collections.abc import Iterator, Sequence

from outbound_core import __version__
from outbound_core.commands import COMMANDS
from outbound_core.errors import OutboundError, shorten

__all__ = ["INTERNAL_ERROR", "build_parser", "main"]

#: The exit status of a failure of the program itself (sysexits' EX_SOFTWARE).
INTERNAL_ERROR = 70


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


@functools.cache
def _parser() -> argparse.ArgumentParser:
    # Built once: a parser keeps no state between parse_args calls, and building one costs
    # more than most commands take to run.
    return build_parser()


@contextlib.contextmanager
def _escaped_output() -> Iterator[None]:
    """Write what UTF-8 cannot hold (a lone surrogate from a file name in `argv`) as a
    backslash escape instead of failing, for the time of one command."""
    changed = []
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.errors == "strict":
            stream.reconfigure(errors="backslashreplace")
            changed.append(stream)
    try:
        yield
    finally:
        for stream in changed:
            with contextlib.suppress(ValueError, OSError):  # closed, or its reader went away
                stream.reconfigure(errors="strict")


def _one_line(message: str) -> str:
    """The message on one line: line breaks and other control characters as escapes."""
    if message.isprintable():
        return message
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in message)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with `argv` (default: `sys.argv[1:]`); return the exit status.

    0 success, 1 a negative verdict, 2 unusable input (a usage error exits 2 through
    `SystemExit`, as argparse does), 130 interrupted; a failure of the program itself prints one
    line asking for a report and returns 70, never a traceback.
    """
    with _escaped_output():
        args = _parser().parse_args(argv)
        try:
            status: int = args.run(args)
        except OutboundError as error:
            print(f"outbound-core: {error.code}: {_one_line(str(error))}", file=sys.stderr)
            return 2
        except BrokenPipeError:
            # The reader (`| head`) went away: stop quietly, as Unix tools do.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 0
        except KeyboardInterrupt:
            print("outbound-core: interrupted", file=sys.stderr)
            return 130
        except Exception as error:  # a bug: one line, and how to report it
            print(
                f"outbound-core: internal error: {type(error).__name__}: {shorten(str(error))}; "
                "please report it with the command line that caused it",
                file=sys.stderr,
            )
            return INTERNAL_ERROR
        return status
