"""`outbound-core plan LIST --treatments T.json --now ISO`: who may be called now, and next."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TextIO, cast

from outbound_core import scale
from outbound_core.codes import CallResult
from outbound_core.commands._engine_args import add_engine, check_engine_flags
from outbound_core.commands._files import file_path
from outbound_core.commands._zone_args import zones_from
from outbound_core.errors import ErrorCode, InvalidValue, OutboundError, WireFormatError, shorten
from outbound_core.records import CallingListRecord
from outbound_core.timing.calling_hours import PRESETS
from outbound_core.timing.durations import parse_duration
from outbound_core.timing.zones import require_instant
from outbound_core.treatments import (
    ChainTimeline,
    PlanEntry,
    PlanReason,
    PlanSummary,
    TreatmentRules,
    TreatmentTable,
    plan_records,
    plan_timelines,
)
from outbound_core.wire.calling_list_csv import read_calling_list_csv
from outbound_core.wire.calling_list_json import load_calling_list_json

__all__ = ["read_list", "register", "run"]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `plan` parser."""
    parser = subparsers.add_parser(
        "plan",
        help="which records may be called now, why not, and when next",
        description="For each record of a calling list: whether it may be called at --now, "
        "every reason it may not (finalized, do-not-call, max-attempts, in-progress, "
        "missed-callback, chain-order, scheduled, recall-delay, outside-window, legal-hours), "
        "and when it may next be called; then a summary. With --assume RESULT, each chain's "
        "timeline of attempts if every one ended with RESULT, until it is finalized or the "
        "horizon ends. LIST is the package's calling-list JSON or a Genesys calling list in "
        "CSV. Exit 0, or 2 when an input cannot be used. With --engine dask the chains are "
        "planned in runs on Dask: the output is the same.",
    )
    parser.add_argument("list", type=file_path, metavar="LIST", help="calling list: .json or .csv")
    parser.add_argument(
        "--treatments",
        required=True,
        type=file_path,
        metavar="T.json",
        help="the calling list's treatment table (a JSON list of treatments)",
    )
    parser.add_argument(
        "--now", required=True, metavar="ISO-8601", help="the instant to plan for, with its offset"
    )
    parser.add_argument(
        "--max-attempts", type=int, metavar="N", help="the calling list's Maximum Attempts"
    )
    parser.add_argument(
        "--rules",
        nargs="+",
        default=[],
        choices=sorted(PRESETS),
        metavar="PRESET",
        help=f"legal calling hours: {', '.join(PRESETS)}",
    )
    parser.add_argument(
        "--assume", metavar="RESULT", help="a call result (name or number) for the timelines"
    )
    parser.add_argument(
        "--horizon",
        default="7d",
        metavar="DURATION",
        help="how far the timelines look ahead (default 7d; 90m, 1h30m, 2d, PT1H)",
    )
    parser.add_argument(
        "--abandoned-recall-delay",
        metavar="DURATION",
        help="how long a number whose call was abandoned is not dialed again (e.g. 72h)",
    )
    parser.add_argument(
        "--zones",
        nargs="+",
        default=[],
        metavar="DBID=NAME",
        help="zone names for a CSV's tz_dbid numbers, e.g. 104=EST 105=Europe/London",
    )
    parser.add_argument("--json", action="store_true", help="print JSON (schema in docs/cli.md)")
    add_engine(parser)
    parser.set_defaults(run=run)


def _flag_error(flag: str, value: object, error: OutboundError | str) -> InvalidValue:
    message = error if isinstance(error, str) else error.message
    code = ErrorCode.INVALID_VALUE if isinstance(error, str) else error.code
    return InvalidValue(f"{flag} {shorten(value)}: {message}", code=code, flag=flag)


def _now(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidValue(
            f"--now {shorten(text)} is not ISO 8601 (e.g. 2026-06-15T14:30:00+01:00)",
            code=ErrorCode.INVALID_DATE_TIME,
            flag="--now",
        ) from None
    try:
        return require_instant(value, "--now").astimezone(UTC)
    except OutboundError as error:
        raise _flag_error("--now", text, error) from None


def _duration(flag: str, text: str) -> timedelta:
    try:
        return parse_duration(text)
    except OutboundError as error:
        raise _flag_error(flag, text, error) from None


def read_list(path: str | Path, zones: dict[int, str]) -> list[CallingListRecord]:
    """The records of a calling-list file: JSON when it ends in .json or starts with `{`,
    else CSV.

    Raises:
        WireFormatError: the file cannot be read, or names its first bad row or path.
    """
    try:
        with Path(path).open(encoding="utf-8-sig", newline="") as source:
            head = source.read(4096)
            suffix = Path(path).suffix.lower()
            json_file = suffix == ".json" or (suffix != ".csv" and head.lstrip().startswith("{"))
            if json_file:
                return list(load_calling_list_json(head + source.read()))
            source.seek(0)
            return list(read_calling_list_csv(source, zones=zones))
    except (OSError, UnicodeDecodeError) as error:
        raise WireFormatError(
            f"LIST {path}: cannot be read ({error.__class__.__name__})", path=str(path)
        ) from None
    except WireFormatError as error:
        raise WireFormatError(f"LIST {path}: {error.message}", **error.details) from None
    except InvalidValue as error:
        raise WireFormatError(f"LIST {path}: {error.message}", path=str(path)) from None
    except ValueError:  # a NUL in the path
        raise WireFormatError(
            f"LIST {path}: cannot be read (no file name holds a NUL character)", path=str(path)
        ) from None


def _treatments(path: str | Path) -> TreatmentTable:
    try:
        text = Path(path).read_bytes()
    except (OSError, ValueError) as error:  # ValueError: a NUL in the path
        raise WireFormatError(
            f"--treatments {path}: cannot be read ({error.__class__.__name__})", path=str(path)
        ) from None
    try:
        return TreatmentTable.from_json(text)
    except OutboundError as error:
        raise InvalidValue(
            f"--treatments {path}: {error.message}",
            code=error.code,
            **{**error.details, "path": str(path)},
        ) from None


def _chains(rows: list[CallingListRecord]) -> list[tuple[CallingListRecord, ...]]:
    grouped: dict[int, list[CallingListRecord]] = {}
    for row in rows:
        grouped.setdefault(row.chain_id, []).append(row)
    return [
        tuple(members)
        if len(members) == 1
        else tuple(sorted(members, key=lambda r: (r.chain_n, r.record_id)))
        for members in grouped.values()
    ]


def _iso(value: datetime) -> str:
    return value.isoformat().replace("+00:00", "Z")


def _counted(entries: Iterator[PlanEntry], tally: list[PlanSummary]) -> Iterator[PlanEntry]:
    """The entries, passed on as they come; their summary lands in `tally` at the end."""
    records = callable_now = 0
    blocked: dict[PlanReason, int] = {}
    for entry in entries:
        records += 1
        if entry.reasons:
            for reason in entry.reasons:
                blocked[reason] = blocked.get(reason, 0) + 1
        else:
            callable_now += 1
        yield entry
    tally.append(PlanSummary(records, callable_now, blocked))


def _text_line(entry: PlanEntry) -> str:
    when = "-" if entry.next_attempt is None else _iso(entry.next_attempt)
    local = entry.next_attempt_local or "-"
    callable_now = "yes" if entry.callable_now else "no"
    reasons = ", ".join(reason.value for reason in entry.reasons) or "-"
    return (
        f"{entry.record_id:>9}  {entry.chain_id:>9}  {callable_now:<8}  {when:<20}  "
        f"{local:<16}  {reasons}"
    )


def _write_text(out: TextIO, entries: Iterable[PlanEntry]) -> None:
    out.write(
        f"{'record':>9}  {'chain':>9}  {'callable':<8}  {'next attempt (UTC)':<20}  "
        f"{'local':<16}  reasons\n"
    )
    for entry in entries:
        out.write(_text_line(entry) + "\n")


def run(args: argparse.Namespace) -> int:
    """Plan the list; print the records, the timelines and the summary. Exit 0 (2: bad input)."""
    check_engine_flags(args)
    now = _now(args.now)
    horizon = _duration("--horizon", args.horizon)
    delay = (
        None
        if args.abandoned_recall_delay is None
        else _duration("--abandoned-recall-delay", args.abandoned_recall_delay)
    )
    if args.max_attempts is not None and not 1 <= args.max_attempts <= 2**31 - 1:
        raise _flag_error("--max-attempts", args.max_attempts, "a whole number from 1")
    assume: CallResult | None = None
    if args.assume is not None:
        try:
            assume = CallResult.parse(args.assume)
        except OutboundError as error:
            raise _flag_error("--assume", args.assume, error) from None
    zones = zones_from(args.zones)
    table = _treatments(args.treatments)
    rules = TreatmentRules(
        max_attempts=args.max_attempts,
        calling_hours=tuple(args.rules),
        abandoned_recall_delay=delay,
    )
    chains = _chains(read_list(args.list, zones))
    out = sys.stdout
    tally: list[PlanSummary] = []
    entries: Iterable[PlanEntry]
    timelines: Callable[[], Iterable[ChainTimeline]]
    if args.engine == "dask":
        with scale.engine_client(args.scheduler, args.workers) as client:
            planned, summary = scale.plan_list(client, chains, rules, now)
            swept = (
                []
                if assume is None
                else scale.plan_list_timelines(client, chains, table, rules, now, assume, horizon)
            )
        entries, tally = planned, [summary]
        timelines = lambda: swept  # noqa: E731
    else:
        entries = _counted(plan_records(chains, rules, now), tally)
        timelines = lambda: plan_timelines(  # noqa: E731
            chains, table, rules, now, cast("CallResult", assume), horizon
        )
    if args.json:
        header: dict[str, Any] = {
            "now": _iso(now),
            "treatments": str(args.treatments),
            "max_attempts": args.max_attempts,
            "rules": list(dict.fromkeys(args.rules)),
            "assume": None if assume is None else assume.name,
            "horizon_seconds": int(horizon.total_seconds()),
            "abandoned_recall_delay_seconds": None if delay is None else int(delay.total_seconds()),
        }
        out.write(json.dumps(header, ensure_ascii=False)[:-1] + ', "records": [')
        for index, entry in enumerate(entries):
            out.write(("," if index else "") + "\n  " + json.dumps(entry.to_dict()))
        out.write("\n]")
        if assume is not None:
            out.write(', "chains": [')
            for index, timeline in enumerate(timelines()):
                out.write(("," if index else "") + "\n  " + json.dumps(timeline.to_dict()))
            out.write("\n]")
        out.write(', "summary": ' + json.dumps(tally[0].to_dict()) + "}\n")
        return 0
    _write_text(out, entries)
    if assume is not None:
        out.write(f"\ntimelines if every attempt ends with {assume.label} ({int(assume)}):\n")
        for timeline in timelines():
            out.write(
                f"chain {timeline.chain_id}: {len(timeline.steps)} attempts, "
                f"ends: {timeline.end.value}\n"
            )
            for step in timeline.steps:
                out.write(
                    f"  {step.attempt:>4}  {_iso(step.at)}  {step.at_local}  "
                    f"record {step.record_id}  {step.action.value}\n"
                )
    out.write(tally[0].sentence() + "\n")
    return 0
