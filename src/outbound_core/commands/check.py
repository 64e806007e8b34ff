"""`outbound-core check TRACE.jsonl [--format webex|ocs|simulate|auto] [--json]`: was it legal?"""

from __future__ import annotations

import argparse
import gc
import json
from collections.abc import Iterable
from pathlib import Path

from outbound_core.commands._files import file_path, read_text
from outbound_core.commands._trace_input import TraceInput, frame
from outbound_core.errors import OutboundError, WireFormatError
from outbound_core.replay.check import TraceReport, check_steps
from outbound_core.replay.readers import TraceFormat, read_steps

__all__ = ["check_trace", "register", "run"]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `check` parser."""
    parser = subparsers.add_parser(
        "check",
        help="check a recorded trace against the lifecycles",
        description="Replay a recorded trace through the lifecycles and report, per "
        "interaction, the first illegal step with its line and why, plus the duplicates and "
        "reorderings seen. The trace is JSON Lines (one message per line), one JSON document, "
        "or a JSON array of messages; the report says which it read. Exit 0 when the trace is "
        "legal, 1 when not, 2 when it cannot be read or holds nothing to check.",
    )
    parser.add_argument(
        "trace",
        type=file_path,
        help="the trace: JSON Lines, one JSON document, or a JSON array of messages",
    )
    parser.add_argument(
        "--format",
        choices=[f.value for f in TraceFormat],
        default=TraceFormat.AUTO.value,
        help="webex (Webex task notifications: native, seed 004 wrappers, or mixed), ocs "
        "(desktop-protocol key-value messages), simulate (the library's trace steps); auto "
        "(the default) decides from the first message",
    )
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON")
    parser.set_defaults(run=run)


def _print_text(report: TraceReport) -> None:
    for interaction in report.interactions:
        illegal = interaction.first_illegal
        if illegal is not None:
            print(
                f"{interaction.interaction_id}: illegal at line {illegal.line}: "
                f"{illegal.event} in state {illegal.state}: {illegal.reason}"
            )
        for finding in interaction.duplicates:
            print(
                f"{interaction.interaction_id}: duplicate at line {finding.line}: {finding.event}"
            )
        for finding in interaction.reordered:
            print(
                f"{interaction.interaction_id}: reordered at line {finding.line}: "
                f"{finding.event} in state {finding.state}: {finding.reason}"
            )
    illegal_count = sum(1 for i in report.interactions if i.first_illegal is not None)
    verdict = "legal" if report.legal else "illegal"
    print(
        f"{verdict}: {report.steps} steps, {len(report.interactions)} interactions, "
        f"{illegal_count} with an illegal step, "
        f"{sum(len(i.duplicates) for i in report.interactions)} duplicates, "
        f"{sum(len(i.reordered) for i in report.interactions)} reordered"
    )


def check_trace(lines: Iterable[str], trace_format: str = "auto") -> TraceReport:
    """Judge a trace read line by line. The replay keeps many small objects alive (one
    position per interaction), so the cycle collector, which would rescan them over and over,
    is paused meanwhile: this is the command's business, not the library's.

    Raises:
        WireFormatError: a line that cannot be read.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        return check_steps(read_steps(lines, trace_format))
    finally:
        if collecting:
            gc.enable()


_ONE = {
    TraceFormat.WEBEX: "Webex task notification",
    TraceFormat.OCS: "desktop-protocol message",
    TraceFormat.SIMULATE: "simulation step",
}
_FORMAT_WORDS = {
    TraceFormat.WEBEX: "Webex task notifications",
    TraceFormat.OCS: "desktop-protocol messages",
    TraceFormat.SIMULATE: "simulation steps",
}


def _read(path: str, trace_format: str) -> tuple[TraceInput, TraceReport]:
    forced = "" if trace_format == TraceFormat.AUTO else f" (read as --format {trace_format})"
    try:
        with Path(path).open(encoding="utf-8") as lines:
            framed = frame(lines, trace_format)
            return framed, check_trace(framed.lines, framed.trace_format)
    except (OSError, UnicodeDecodeError):
        read_text(path)  # says why the file cannot be read
        raise
    except WireFormatError as error:
        raise WireFormatError(
            f"{path}: {error.message}{forced}", code=error.code, **error.details
        ) from None
    except OutboundError:
        raise
    except ValueError:  # a NUL in the path: read_text says so
        read_text(path)
        raise


def run(args: argparse.Namespace) -> int:
    """Check the trace; 0 legal, 1 illegal (a bad file raises `WireFormatError`: exit 2)."""
    framed, report = _read(args.trace, args.format)
    read = {
        "path": str(args.trace),
        "framing": str(framed.framing),
        "format": str(framed.trace_format),
        "messages": framed.messages,
    }
    if args.json:
        print(json.dumps({**report.to_dict(), "input": read}, indent=2, ensure_ascii=False))
    else:
        count = framed.messages
        print(
            f"read {args.trace}: {framed.framing.description}, {count} "
            f"{_FORMAT_WORDS[framed.trace_format] if count != 1 else _ONE[framed.trace_format]}"
        )
        _print_text(report)
    return 0 if report.legal else 1
