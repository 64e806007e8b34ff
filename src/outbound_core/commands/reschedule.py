"""`outbound-core reschedule`: the reschedule date of a callback in the record's zone."""

from __future__ import annotations

import argparse
import json
from datetime import datetime

import attrs

from outbound_core.commands._time_args import (
    add_now,
    add_zone,
    given,
    now_from,
    window_from,
    zone_from,
)
from outbound_core.errors import (
    AmbiguousLocalTime,
    ErrorCode,
    InvalidValue,
    NonexistentLocalTime,
    OutboundError,
)
from outbound_core.timing.durations import parse_duration
from outbound_core.timing.reschedule import (
    FOLD_POLICIES,
    GAP_POLICIES,
    Reschedule,
    callback_at,
    callback_in,
)
from outbound_core.timing.window import check_callable
from outbound_core.timing.zones import RecordZone

__all__ = ["Computed", "compute", "register", "run", "warnings_for"]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `reschedule` parser."""
    parser = subparsers.add_parser(
        "reschedule",
        help="compute a reschedule date in the record's time zone",
        description="Print the MM/DD/YYYY HH:MM reschedule date in the record's zone, the "
        "UTC instant, and warnings. DURATION: 90m, 1h30m, 2d, 45s or ISO 8601 PT1H. A time "
        "that a daylight-saving gap skips or a fold repeats, in the record's zone or in "
        "--agent-zone, is warned about, or refused with --gap reject / --fold reject. Exit 0 "
        "(warnings included), 2 when the input cannot be used or a policy refuses it.",
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
        help="a --at time skipped by a daylight-saving gap: move it later by the gap (and "
        "warn), or refuse",
    )
    parser.add_argument(
        "--fold",
        choices=FOLD_POLICIES,
        default="earlier",
        help="a time that happens twice: take the earlier or later instant (and warn), or "
        "refuse; reject also refuses a reschedule date that is ambiguous in the record's zone",
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


@attrs.define(frozen=True, slots=True)
class Computed:
    """A reschedule as the command computed it: the result in the record's zone, and the
    wall-clock time `--at` named, read in the zone it was given in.

    Attributes:
        result: the callback in the record's zone.
        asked_zone: the zone `--at` is in (the agent's or the record's), or None for `--in`.
        asked: the callback in `asked_zone` (the same instant), or None for `--in`.
    """

    result: Reschedule
    asked_zone: RecordZone | None = None
    asked: Reschedule | None = None


def _whose(args: argparse.Namespace) -> str:
    return "the agent's zone" if args.agent_zone is not None else "the record's zone"


def _at(args: argparse.Namespace, zone: RecordZone) -> Reschedule:
    """`--at` read in `zone`, errors naming the flags."""
    try:
        with given(("--at", args.at)):
            return callback_at(args.at, zone, gap=args.gap, fold=args.fold)
    except NonexistentLocalTime as error:
        details = error.details
        raise NonexistentLocalTime(
            f"--at {args.at!r} does not exist in {zone.label} ({_whose(args)}): a "
            f"daylight-saving gap, the clock goes from {details['last_before']} to "
            f"{details['first_after']}; give another --at, or --gap shift-forward to take "
            f"{details['shifted']}",
            **details,
        ) from None
    except AmbiguousLocalTime as error:
        details = error.details
        raise AmbiguousLocalTime(
            f"--at {args.at!r} happens twice in {zone.label} ({_whose(args)}): at "
            f"{details['earlier']} and at {details['later']}; choose --fold earlier or "
            "--fold later",
            **details,
        ) from None


def compute(args: argparse.Namespace, now: datetime) -> Computed:
    """The reschedule the arguments ask for, `now` being the `--now` instant.

    Raises:
        OutboundError: naming the flag whose value cannot be used, or the policy that
            refuses it (`--gap reject`, `--fold reject`).
    """
    zone = zone_from(args.zone, args.offset, args.legacy_us)
    if args.delta is not None:
        if args.agent_zone is not None:
            raise InvalidValue(
                "--agent-zone goes with --at (the zone the wall-clock time is in); --in is "
                "elapsed time and needs no zone",
                code=ErrorCode.INVALID_VALUE,
                value=args.agent_zone,
            )
        with given(("--in", args.delta)):
            delta = parse_duration(args.delta)
        with given(("--now", args.now or now.isoformat()), ("--in", args.delta)):
            computed = Computed(callback_in(now, delta, zone))
    elif args.agent_zone is not None:
        agent = zone_from(args.agent_zone, None, args.legacy_us, flag="--agent-zone")
        asked = _at(args, agent)
        record_flag = ("--zone", args.zone) if args.zone else ("--offset", args.offset)
        with given(("--at", args.at), record_flag):
            computed = Computed(asked.in_zone(zone), agent, asked)
    else:
        asked = _at(args, zone)
        computed = Computed(asked, zone, asked)
    result = computed.result
    if args.fold == "reject" and result.ambiguous:
        raise AmbiguousLocalTime(
            f"the reschedule date {result.text} happens twice in {result.zone.label} (the "
            "record's zone): OCS may read it as the other instant; --fold reject refuses it "
            "(give another time, or leave --fold reject out to accept it with a warning)",
            zone=result.zone.name,
            text=result.text,
        )
    return computed


def warnings_for(
    computed: Computed | Reschedule, args: argparse.Namespace, now_text: str | None = None
) -> list[str]:
    """The warnings about a computed reschedule: past, gaps and folds (in the zone `--at` was
    given in, and in the record's), offset, window."""
    if isinstance(computed, Reschedule):
        computed = Computed(computed)
    result = computed.result
    now = now_from(now_text)
    found = []
    if result.instant < now.replace(second=0, microsecond=0):
        found.append(f"in the past: now is {now.isoformat()}")
    asked, asked_zone = computed.asked, computed.asked_zone
    if asked is not None and asked_zone is not None:
        if asked.text != args.at:
            found.append(
                f"{args.at} does not exist in {asked_zone.label} ({_whose(args)}, a "
                f"daylight-saving gap); moved to {asked.text} (--gap shift-forward)"
            )
        if asked.ambiguous and asked_zone is not result.zone:
            found.append(
                f"ambiguous in the agent's zone: {args.at} happens twice in {asked_zone.label}; "
                f"took the {args.fold} (--fold {args.fold})"
            )
    if result.ambiguous:
        took = f"; took the {args.fold} (--fold {args.fold})" if asked is result else ""
        found.append(
            f"ambiguous: {result.text} happens twice in {result.zone.label}; OCS may read the "
            f"other occurrence{took}"
        )
    if args.offset is not None and args.zone and not result.zone.check_offset(args.offset, now):
        found.append(
            f"offset {args.offset} disagrees with {result.zone.label} "
            f"({result.zone.offset_at(now)} s now): check the record's zone"
        )
    window = window_from(args.daily_from, args.daily_till)
    if window is not None or args.rules:
        try:
            decision = check_callable(result, result.zone, window, rules=args.rules)
        except OutboundError as error:  # a date at the calendar's end: say so, do not fail
            found.append(f"not checked against the calling window or rules: {error.message}")
            return found
        if not decision.allowed:
            opens = decision.next_open
            then = "none within a year" if opens is None else _text(opens, result.zone)
            found.extend(f"not callable: {r.sentence}" for r in decision.reasons)
            found.append(f"next allowed: {then}")
    return found


def _text(instant: datetime, zone: RecordZone) -> str:
    try:
        return Reschedule(instant, zone).text
    except InvalidValue:  # beyond the calendar in that zone
        return instant.isoformat()


def run(args: argparse.Namespace) -> int:
    """Compute and print the reschedule; return 0 (warnings do not change the status)."""
    now = now_from(args.now)
    window_from(args.daily_from, args.daily_till)  # a bad window is refused before anything
    computed = compute(args, now)
    result = computed.result
    warnings = warnings_for(computed, args, now.isoformat())
    if args.json:
        print(json.dumps({**result.to_dict(), "warnings": warnings}, indent=2))
        return 0
    print(f"reschedule date: {result.text} ({result.zone.label})")
    print(f"instant (UTC):   {result.instant.isoformat()}")
    for warning in warnings:
        print(f"warning: {warning}")
    return 0
