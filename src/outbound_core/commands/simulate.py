"""`outbound-core simulate`: a working day of every campaign type, checked and summarized."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from outbound_core import scale
from outbound_core.commands._collector import collector_paused
from outbound_core.commands._engine_args import add_engine, check_engine_flags
from outbound_core.commands._stored_day import run_stored_day
from outbound_core.errors import ErrorCode, InvalidValue, shorten
from outbound_core.simulation import MODES, simulate
from outbound_core.simulation.day import PACING, DayParameters
from outbound_core.simulation.limits import MAX_AGENTS, MAX_RECORDS, check_day
from outbound_core.simulation.progress import PHASES
from outbound_core.simulation.summary import Summary
from outbound_core.trace import TraceEvent, TraceSink

__all__ = ["ProgressLine", "register", "run"]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `simulate` to the command line."""
    parser = subparsers.add_parser(
        "simulate",
        help="simulate a working day of outbound campaigns and web callbacks",
        description="Run a simulated working day against an in-memory outbound server: "
        "Preview, Push Preview, Direct Push Preview, Progressive and Predictive campaigns "
        "and web callbacks, worked by scripted agents. Prints records by final status and "
        "call result, callbacks, the scripted agents' refused actions by error code, and the "
        "checked accounting (no lost or double-delivered record). Exit 0 when the accounting "
        "holds, 1 when it does not, 2 for unusable arguments.",
    )
    parser.add_argument(
        "--records",
        type=int,
        default=None,
        metavar="N",
        help=f"records to load, 1 to {MAX_RECORDS:,} (default: the shipped calling list)",
    )
    parser.add_argument(
        "--agents",
        type=int,
        default=10,
        metavar="N",
        help=f"agents, 1 to {MAX_AGENTS:,} (default 10)",
    )
    parser.add_argument(
        "--mode", choices=sorted(MODES), default="all", help="campaign types to run (default all)"
    )
    parser.add_argument(
        "--seed", type=int, default=None, metavar="N", help="random seed (default 0)"
    )
    parser.add_argument(
        "--abandon-target",
        type=float,
        default=3.0,
        metavar="PCT",
        help="the Predictive controller's goal: percent of live answers abandoned, 0.01 to 100 "
        "(default 3, the TSR and Ofcom limit)",
    )
    parser.add_argument(
        "--pacing",
        choices=PACING,
        default=None,
        help="pace every system-dialed campaign with this controller (default: each by its "
        "own mode), to compare the two on the same list and seed",
    )
    parser.add_argument(
        "--trace", metavar="FILE.jsonl", help="write every event as one JSON object per line"
    )
    parser.add_argument(
        "--store",
        type=Path,
        metavar="DAY.sqlite",
        help="keep the day in this SQLite file, one transaction per 20-second step (a new "
        "file, or an empty one; see docs/concepts/storage.md)",
    )
    parser.add_argument(
        "--resume",
        action="store_true",
        help="go on with the day --store holds, from its last committed step (repeat the "
        "first command line); starts it when the file holds none yet",
    )
    parser.add_argument(
        "--synchronous",
        choices=("full", "normal"),
        default=None,
        help="--store's durability: full (default) syncs every step to the disk; normal "
        "survives a crash of the process but may lose the last steps on a power loss",
    )
    parser.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="show progress on stderr (default: when stderr is a terminal)",
    )
    parser.add_argument(
        "--json", action="store_true", help="print the summary as JSON (schema in docs/cli.md)"
    )
    parser.add_argument(
        "--seeds",
        metavar="LIST",
        help="many days, one per seed (0-99, 1,5,9, 0-9,20-29): each day as --seed N runs "
        "it, then their totals; with --engine dask the days run in parallel",
    )
    add_engine(parser)
    parser.set_defaults(run=run)  # fmt: skip


class ProgressLine:
    """Progress on a stream: one line rewritten in place on a terminal; elsewhere (a log, with
    `--progress`) a line per phase and per tenth of it."""

    def __init__(self, stream: TextIO, in_place: bool) -> None:
        self.stream = stream
        self.in_place = in_place
        self.shown: tuple[str, int] | None = None

    def __call__(self, phase: str, done: float) -> None:
        percent = int(done * 100)
        step = PHASES.index(phase) + 1 if phase in PHASES else 0
        if self.in_place:
            if self.shown != (phase, percent):
                text = f"simulating ({step}/{len(PHASES)}): {phase} {percent:3d}%"
                print(f"\r{text:<60}", end="", file=self.stream, flush=True)
        elif self.shown is None or self.shown[0] != phase or percent // 10 > self.shown[1] // 10:
            print(f"simulating ({step}/{len(PHASES)}): {phase} {percent}%", file=self.stream)
        self.shown = (phase, percent)

    def done(self) -> None:
        """End the progress (a terminal's line is finished)."""
        if self.in_place and self.shown is not None:
            print(f"\r{'simulating: done':<60}", file=self.stream, flush=True)


def _open_trace(path: str) -> TextIO:
    try:
        return open(path, "w", encoding="utf-8", newline="\n")
    except (OSError, ValueError) as error:
        why = getattr(error, "strerror", None) or str(error)
        raise InvalidValue(
            f"--trace {path}: cannot be written: {why}", code=ErrorCode.INVALID_VALUE, path=path
        ) from None


def _days(args: argparse.Namespace) -> int:
    """Run the days of `--seeds`, here or on Dask, and print their totals and each day."""
    for flag, given in (
        ("--seed", args.seed is not None),
        ("--trace", args.trace is not None),
        ("--store", args.store is not None),
    ):
        if given:
            raise InvalidValue(
                f"{flag}: does not go with --seeds (each seed is a day)",
                code=ErrorCode.INVALID_VALUE,
                flag=flag,
            )
    seeds = scale.parse_seeds(args.seeds)
    day: dict[str, Any] = {
        "records": args.records,
        "agents": args.agents,
        "mode": args.mode,
        "abandon_target": args.abandon_target,
        "pacing": args.pacing,
    }
    if args.engine == "dask":
        with scale.engine_client(args.scheduler, args.workers) as client:
            days = scale.simulate_days(client, seeds, **day)
    else:
        days = scale.simulate_seeds(seeds, **day)
    if args.json:
        print(json.dumps(days, indent=2, ensure_ascii=False))
    else:
        print(f"days: {len(days['seeds'])} (seeds {args.seeds}), {args.agents} agents each")
        print("totals over the days:")
        print("\n".join(_total_lines(days["totals"], "  ")))
        print("each day:")
        for one in days["days"]:
            verdict = "FAILED" if one["failed"] else "checked, consistent"
            print(f"  seed {one['seed']}: accounting {verdict}")
    return 1 if days["failed"] else 0


def _total_lines(totals: dict[str, Any], indent: str) -> list[str]:
    out = []
    for name, value in totals.items():
        if isinstance(value, dict):
            out.append(f"{indent}{name}:")
            out.extend(_total_lines(value, indent + "  "))
        else:
            out.append(f"{indent}{name:<{46 - len(indent)}} {value:>10}")
    return out


def run(args: argparse.Namespace) -> int:
    """Run the simulation and print its summary; 0 when the accounting holds, else 1."""
    for flag, value, largest, why in (
        ("--records", args.records, MAX_RECORDS, "a larger calling list takes gigabytes"),
        ("--agents", args.agents, MAX_AGENTS, "more agents take many minutes"),
    ):
        if value is not None and not 1 <= value <= largest:
            raise InvalidValue(
                f"{flag} {shorten(value)} is outside 1 to {largest:,} ({why}; the limits are "
                "in docs/cli.md)",
                code=ErrorCode.INVALID_VALUE,
                value=value,
            )
    seed = 0 if args.seed is None else args.seed
    check_day(args.records, args.agents, args.mode, seed, MODES)
    target = args.abandon_target
    if not 0.01 <= target <= 100.0:  # also refuses nan
        raise InvalidValue(
            f"--abandon-target {shorten(target)} is outside 0.01 to 100 percent",
            code=ErrorCode.INVALID_VALUE,
            value=shorten(target),
        )
    if (args.resume or args.synchronous) and args.store is None:
        flag = "--resume" if args.resume else "--synchronous"
        raise InvalidValue(
            f"{flag} needs --store DAY.sqlite", code=ErrorCode.INVALID_VALUE, flag=flag
        )
    check_engine_flags(args)
    if args.seeds is not None:
        return _days(args)
    if args.engine == "dask":
        raise InvalidValue(
            "--engine dask: runs many days in parallel; name them with --seeds (0-99)",
            code=ErrorCode.INVALID_VALUE,
            flag="--engine",
        )
    sinks: list[TraceSink] = []
    trace_file = _open_trace(args.trace) if args.trace else None
    if trace_file is not None:
        out = trace_file

        def write(event: TraceEvent) -> None:
            out.write(event.to_json() + "\n")

        sinks.append(write)
    terminal = sys.stderr.isatty()
    shown = terminal if args.progress is None else args.progress
    progress = ProgressLine(sys.stderr, in_place=terminal) if shown else None
    try:
        with collector_paused():
            if args.store is None:
                summary = simulate(
                    args.records, args.agents, args.mode, seed, sinks, progress,
                    abandon_target=target, pacing=args.pacing,
                )  # fmt: skip
            else:
                summary = _stored(args, seed, sinks, progress, trace_file)
    finally:
        if trace_file is not None:
            trace_file.close()
        if progress is not None:
            progress.done()
    if args.json:
        print(json.dumps(summary.to_dict(), indent=2))
    else:
        print("\n".join(summary.lines()))
    return 0 if summary.consistent else 1


def _stored(
    args: argparse.Namespace,
    seed: int,
    sinks: list[TraceSink],
    progress: ProgressLine | None,
    trace_file: TextIO | None,
) -> Summary:
    """The day on the store `--store` names (`_stored_day`)."""
    parameters = DayParameters(
        args.records, args.agents, args.mode, seed, args.abandon_target, args.pacing
    )

    def rewrite(events: list[TraceEvent]) -> None:  # a resumed day's trace file, whole again
        if trace_file is not None:
            trace_file.writelines(event.to_json() + "\n" for event in events)

    return run_stored_day(
        args.store, parameters, resume=args.resume, synchronous=args.synchronous or "full",
        sinks=sinks, progress=progress, replay=rewrite,
    )  # fmt: skip
