"""`outbound-core reschedule`: the reschedule date of a callback in the record's zone."""

from __future__ import annotations

import argparse
import json

from outbound_core.commands._time_args import add_now, add_zone, now_from, zone_from
from outbound_core.errors import ErrorCode, InvalidValue
from outbound_core.timing.durations import parse_duration
from outbound_core.timing.reschedule import (
    FOLD_POLICIES,
    GAP_POLICIES,
    Reschedule,
    callback_at,
    callback_in,
)
from outbound_core.timing.window import CallingWindow, check_callable
from outbound_core.timing.zones import resolve_zone

__all__ = ["register", "run", "warnings_for"]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `reschedule` parser."""
    parser = subparsers.add_parser(
        "reschedule",
        help="compute a reschedule date in the record's time zone",
        description="Print the MM/DD/YYYY HH:MM reschedule date in the record's zone, the "
        "UTC instant, and warnings. DURATION: 90m, 1h30m, 2d, 45s or ISO 8601 PT1H.",
    )
    add_zone(parser)
    when = parser.add_mutually_exclusive_group(required=True)
    when.add_argument("--in", dest="delta", metavar="DURATION", help="elapsed time from now")
    when.add_argument("--at", metavar="MM/DD/YYYY HH:MM", help="a wall-clock date and time")
    parser.add_argument(
        "--agent-zone", metavar="ZONE", help="the zone --at is in (default: the record's)"
    )
    parser.add_argument(
        "--gap",
        choices=GAP_POLICIES,
        default="shift-forward",
        help="a time skipped by a daylight-saving gap: move it later by the gap, or refuse",
    )
    parser.add_argument(
        "--fold",
        choices=FOLD_POLICIES,
        default="earlier",
        help="a time that happens twice: take the earlier or later instant, or refuse",
    )
    parser.add_argument(
        "--from",
        dest="daily_from",
        type=int,
        metavar="SECONDS",
        help="GSW_FROM: calling window start, seconds after local midnight",
    )
    parser.add_argument(
        "--till",
        dest="daily_till",
        type=int,
        metavar="SECONDS",
        help="GSW_UNTIL: calling window end (inclusive), seconds after local midnight",
    )
    add_now(parser)
    parser.set_defaults(run=run)


def warnings_for(
    result: Reschedule, args: argparse.Namespace, now_text: str | None = None
) -> list[str]:
    """The warnings about a computed reschedule: past, ambiguous, shifted, offset, window."""
    now = now_from(now_text)
    found = []
    if result.instant < now.replace(second=0, microsecond=0):
        found.append(f"in the past: now is {now.isoformat()}")
    if result.ambiguous:
        found.append(
            f"ambiguous: {result.text} happens twice in {result.zone.label}; OCS may read the "
            "other occurrence"
        )
    if args.at is not None and args.agent_zone is None and result.text != args.at:
        found.append(f"{args.at} does not exist in {result.zone.label}; moved to {result.text}")
    if args.offset is not None and args.zone and not result.zone.check_offset(args.offset, now):
        found.append(
            f"offset {args.offset} disagrees with {result.zone.label} "
            f"({result.zone.offset_at(now)} s now): check the record's zone"
        )
    window = None
    if args.daily_from is not None or args.daily_till is not None:
        window = CallingWindow(
            0 if args.daily_from is None else args.daily_from,
            86399 if args.daily_till is None else args.daily_till,
        )
    if window is not None or args.rules:
        decision = check_callable(result, result.zone, window, rules=args.rules)
        if not decision.allowed:
            opens = decision.next_open
            then = "none within a year" if opens is None else Reschedule(opens, result.zone).text
            found.extend(f"not callable: {r.sentence}" for r in decision.reasons)
            found.append(f"next allowed: {then}")
    return found


def run(args: argparse.Namespace) -> int:
    """Compute and print the reschedule; return 0 (warnings do not change the status)."""
    zone = zone_from(args.zone, args.offset, args.legacy_us)
    now = now_from(args.now)
    if args.delta is not None:
        if args.agent_zone is not None:
            raise InvalidValue(
                "--agent-zone goes with --at", code=ErrorCode.INVALID_VALUE, value=args.agent_zone
            )
        result = callback_in(now, parse_duration(args.delta), zone)
    elif args.agent_zone is not None:
        agent = resolve_zone(args.agent_zone, legacy_us=args.legacy_us)
        result = callback_at(args.at, agent, gap=args.gap, fold=args.fold).in_zone(zone)
    else:
        result = callback_at(args.at, zone, gap=args.gap, fold=args.fold)
    warnings = warnings_for(result, args, now.isoformat())
    if args.json:
        print(json.dumps({**result.to_dict(), "warnings": warnings}, indent=2))
        return 0
    print(f"reschedule date: {result.text} ({result.zone.label})")
    print(f"instant (UTC):   {result.instant.isoformat()}")
    for warning in warnings:
        print(f"warning: {warning}")
    return 0
