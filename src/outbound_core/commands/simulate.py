"""`outbound-core simulate`: a working day of every campaign type, checked and summarized."""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from outbound_core.simulation import MODES, simulate
from outbound_core.trace import TraceEvent, TraceSink

__all__ = ["register", "run"]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `simulate` to the command line."""
    parser = subparsers.add_parser(
        "simulate",
        help="simulate a working day of outbound campaigns and web callbacks",
        description="Run a simulated working day against an in-memory outbound server: "
        "Preview, Push Preview, Direct Push Preview, Progressive and Predictive campaigns "
        "and web callbacks, worked by scripted agents. Prints records by final status and "
        "call result, callbacks, refused actions by error code, and the checked accounting "
        "(no lost or double-delivered record). Exit 1 when the accounting fails.",
    )
    parser.add_argument(
        "--records",
        type=int,
        default=None,
        metavar="N",
        help="records to load (default: the shipped calling list)",
    )
    parser.add_argument("--agents", type=int, default=10, metavar="N", help="agents (default 10)")
    parser.add_argument(
        "--mode", choices=sorted(MODES), default="all", help="campaign types to run (default all)"
    )
    parser.add_argument("--seed", type=int, default=0, metavar="N", help="random seed (default 0)")
    parser.add_argument(
        "--trace", metavar="FILE.jsonl", help="write every event as one JSON object per line"
    )
    parser.add_argument(
        "--progress",
        action="store_true",
        help="show progress on stderr even when it is not a terminal",
    )
    parser.set_defaults(run=run)  # fmt: skip


def run(args: argparse.Namespace) -> int:
    """Run the simulation and print its summary."""
    if (args.records is not None and args.records < 1) or args.agents < 1:
        print(
            "outbound-core: invalid-value: --records and --agents are at least 1", file=sys.stderr
        )
        return 2
    trace_file: TextIO | None = None
    sinks: list[TraceSink] = []
    if args.trace:
        try:
            trace_file = open(args.trace, "w", encoding="utf-8", newline="\n")  # noqa: SIM115
        except OSError as error:
            print(f"outbound-core: cannot write {args.trace}: {error.strerror}", file=sys.stderr)
            return 2
        out = trace_file

        def write(event: TraceEvent) -> None:
            out.write(event.to_json() + "\n")

        sinks.append(write)
    show = args.progress or sys.stderr.isatty()

    def progress(done: float) -> None:
        print(f"\rsimulating: {done:4.0%}", end="", file=sys.stderr, flush=True)

    try:
        summary = simulate(
            args.records, args.agents, args.mode, args.seed, sinks, progress if show else None
        )
    finally:
        if trace_file is not None:
            trace_file.close()
    if show:
        print("\rsimulating: done", file=sys.stderr)
    print("\n".join(summary.lines()))
    return 1 if summary.problems or summary.lost or summary.double_delivered else 0
