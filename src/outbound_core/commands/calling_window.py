"""`outbound-core callable`: may a record be called now, and if not, when?"""

from __future__ import annotations

import argparse
import json

from outbound_core.commands._time_args import (
    add_now,
    add_zone,
    given,
    now_from,
    window_from,
    zone_from,
)
from outbound_core.timing.reschedule import Reschedule
from outbound_core.timing.window import CallingWindow, check_callable
from outbound_core.timing.zones import RecordZone

__all__ = ["register", "run"]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `callable` parser."""
    parser = subparsers.add_parser(
        "callable",
        help="check a calling window and legal calling hours",
        description="Whether a call is allowed at --now in every candidate zone; exit 0 when "
        "allowed, 1 when not.",
    )
    add_zone(parser, many=True)
    parser.add_argument(
        "--from",
        dest="daily_from",
        type=int,
        metavar="SECONDS",
        help="GSW_FROM: calling window start, seconds after local midnight (default 0)",
    )
    parser.add_argument(
        "--till",
        dest="daily_till",
        type=int,
        metavar="SECONDS",
        help="GSW_UNTIL: calling window end, inclusive (default 86399)",
    )
    add_now(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print the decision, its reasons and the next open instant; 0 if allowed, else 1."""
    names = args.zone or [None]
    zones: list[RecordZone] = [
        zone_from(names[0], args.offset, args.legacy_us),
        *(zone_from(name, None, args.legacy_us) for name in names[1:]),
    ]
    now = now_from(args.now)
    window = window_from(args.daily_from, args.daily_till) or CallingWindow()
    with given(("--now", args.now or now.isoformat())):
        decision = check_callable(now, zones, window, rules=args.rules)
    if args.json:
        print(json.dumps(decision.to_dict(), indent=2))
        return 0 if decision.allowed else 1
    print(f"allowed: {'yes' if decision.allowed else 'no'}")
    for reason in decision.reasons:
        print(f"reason: {reason.code}: {reason.sentence}")
    opens = decision.next_open
    if opens is None:
        print("next open: none within a year")
    elif not decision.allowed:
        local = ", ".join(f"{Reschedule(opens, z).text} {z.label}" for z in zones)
        print(f"next open: {opens.isoformat()} ({local})")
    return 0 if decision.allowed else 1
