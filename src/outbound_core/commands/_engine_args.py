"""Arguments shared by the batch commands: which engine runs them, and where.

`--engine local` (the default) runs in this process. `--engine dask` runs on Dask
(`outbound_core.scale`, the `dask` extra): on the scheduler `--scheduler ADDRESS` names, or on
a cluster of `--workers N` processes started on this machine for the command. The engine
changes where the work runs, never what the command prints.
"""

from __future__ import annotations

import argparse

from outbound_core.errors import ErrorCode, InvalidValue, shorten

__all__ = ["ENGINES", "add_engine", "check_engine_flags"]

ENGINES = ("local", "dask")


def add_engine(parser: argparse.ArgumentParser) -> None:
    """Add `--engine`, `--scheduler` and `--workers`."""
    parser.add_argument(
        "--engine",
        choices=ENGINES,
        default="local",
        help="local (this process, the default) or dask (needs outbound-core[dask])",
    )
    parser.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="with --engine dask: a Dask scheduler's address (tcp://host:8786); without it a "
        "cluster is started on this machine for the command",
    )
    parser.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="with --engine dask and no --scheduler: worker processes (default: one per CPU)",
    )


def check_engine_flags(args: argparse.Namespace) -> None:
    """Refuse flags that do not go with the engine chosen.

    Raises:
        InvalidValue: `--scheduler` or `--workers` without `--engine dask`, both at once, or
            `--workers` below 1.
    """
    for flag, value in (("--scheduler", args.scheduler), ("--workers", args.workers)):
        if value is not None and args.engine != "dask":
            raise InvalidValue(
                f"{flag} {shorten(value)}: goes with --engine dask",
                code=ErrorCode.INVALID_VALUE,
                flag=flag,
            )
    if args.scheduler is not None and args.workers is not None:
        raise InvalidValue(
            f"--workers {args.workers}: the cluster at --scheduler has its own workers",
            code=ErrorCode.INVALID_VALUE,
            flag="--workers",
        )
    if args.workers is not None and not 1 <= args.workers <= 1024:
        raise InvalidValue(
            f"--workers {args.workers}: a whole number from 1 to 1024",
            code=ErrorCode.INVALID_VALUE,
            flag="--workers",
        )
