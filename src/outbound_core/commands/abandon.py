"""`outbound-core abandon TRACE.jsonl --rules tsr|ofcom [--json]`: abandon rates per campaign."""

from __future__ import annotations

import argparse
import json

from outbound_core.commands._files import file_path
from outbound_core.errors import OutboundError, WireFormatError
from outbound_core.pacing import PRESETS, AbandonLedger, abandon_ledger, read_call_events
from outbound_core.pacing.events import instant_text

__all__ = ["register", "run"]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `abandon` parser."""
    parser = subparsers.add_parser(
        "abandon",
        help="abandon rates of a recorded trace under the TSR or Ofcom rules",
        description="Read the call events (kind pacing) of a recorded trace (JSON Lines of "
        "the library's trace; lines of other kinds are skipped) and report, per campaign: "
        "dials, live answers, abandoned calls, the rate and the limit per period, a verdict, "
        "and the numbers that may not be called again yet. Exit 0 when every campaign is "
        "within its limit, 1 when one is over it (or, within it, abandoned calls got no "
        "recorded message), 2 when the trace cannot be read.",
    )
    parser.add_argument(
        "trace", type=file_path, metavar="TRACE.jsonl", help="the trace, one JSON object per line"
    )
    parser.add_argument(
        "--rules",
        required=True,
        choices=sorted(PRESETS),
        help="tsr: US Telemarketing Sales Rule (3 %% of live answers per 30 days); "
        "ofcom: UK Ofcom (3 %% per 24 hours, no re-call for 72 hours)",
    )
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON")
    parser.set_defaults(run=run)


_OVER = {
    "all-dials": "all dials",
    "live-answered": "live-answered calls",
    "reached-queue": "calls that reached the queue",
}
_FROM = {
    "connected": "the live answer",
    "greeting-start": "the greeting starts",
    "greeting-end": "the greeting ends",
}


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f} %"


def _print_text(ledger: AbandonLedger) -> None:
    rules = ledger.rules
    window = {"campaign": "the campaign", "24-hours": "24 hours", "30-days": "30 days"}
    print(
        f"rules: {rules.name}: at most {rules.limit_percent:g} % of "
        f"{_OVER[rules.denominator.value]} per {window[rules.window.value]}; a call is "
        f"abandoned {rules.threshold.total_seconds():g} s after {_FROM[rules.start_point.value]}"
    )
    if not ledger.campaigns:
        print("no call events in the trace")
    for campaign in ledger.campaigns.values():
        worst = campaign.worst_period
        print(
            f"{campaign.campaign}: {campaign.dials:,} dials, {campaign.live_answers:,} live "
            f"answers, {campaign.abandoned:,} abandoned ({campaign.silent:,} silent), rate "
            f"{_percent(campaign.rate_percent)}, worst period "
            f"{_percent(None if worst is None else worst.rate_percent)}, limit "
            f"{rules.limit_percent:g} %: {campaign.verdict}"
        )
        for period in campaign.periods:
            if period.over_limit:
                print(
                    f"  over the limit from {instant_text(period.start)}: "
                    f"{period.abandoned} of {period.denominator} ({_percent(period.rate_percent)})"
                )
        if campaign.no_recall_until:
            print("  not to be called again before:")
            for phone, until in campaign.no_recall_until.items():
                print(f"    {phone}  {instant_text(until)}")
    print("compliant" if ledger.compliant else "not compliant")


def run(args: argparse.Namespace) -> int:
    """Report the trace's abandon rates; 0 compliant, 1 not (a bad file: `WireFormatError`)."""
    rules = PRESETS[args.rules]
    try:
        with open(args.trace, encoding="utf-8") as lines:
            ledger = abandon_ledger(read_call_events(lines), rules)
    except (OSError, UnicodeDecodeError) as error:
        raise WireFormatError(
            f"TRACE.jsonl {args.trace}: cannot be read ({error.__class__.__name__})",
            path=str(args.trace),
        ) from None
    except WireFormatError as error:
        raise WireFormatError(
            f"TRACE.jsonl {args.trace}: {error.message}", **error.details
        ) from None
    except OutboundError:
        raise
    except ValueError:  # a NUL in the path
        raise WireFormatError(
            f"TRACE.jsonl {args.trace}: cannot be read (no file name holds a NUL character)",
            path=str(args.trace),
        ) from None
    if args.json:
        print(json.dumps(ledger.to_dict(), indent=2, ensure_ascii=False))
    else:
        _print_text(ledger)
    return 0 if ledger.compliant else 1
