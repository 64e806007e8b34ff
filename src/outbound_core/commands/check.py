"""`outbound-core check TRACE... [--format webex|ocs|simulate|auto] [--json] [--engine dask]`:
was each trace legal?"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from outbound_core import scale
from outbound_core.commands._collector import collector_paused
from outbound_core.commands._engine_args import add_engine, check_engine_flags
from outbound_core.commands._files import file_path, read_text
from outbound_core.commands._trace_input import TraceInput, frame
from outbound_core.errors import OutboundError, WireFormatError
from outbound_core.replay.check import TraceReport
from outbound_core.replay.lines import check_lines
from outbound_core.replay.readers import TraceFormat

__all__ = ["check_trace", "register", "run"]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `check` parser."""
    parser = subparsers.add_parser(
        "check",
        help="check recorded traces against the lifecycles",
        description="Replay recorded traces through the lifecycles and report, per "
        "interaction, the first illegal step with its line and why, plus the duplicates and "
        "reorderings seen. A trace is JSON Lines (one message per line), one JSON document, "
        "or a JSON array of messages; the report says which it read. Several traces are each "
        "checked alone. Exit 0 when every trace is legal, 1 when one is not, 2 when one "
        "cannot be read or holds nothing to check. With --engine dask each trace is cut into "
        "parts by the instances its lines name and checked in parallel on Dask: the report "
        "is the same.",
    )
    parser.add_argument(
        "traces",
        type=file_path,
        nargs="+",
        metavar="TRACE",
        help="a trace: JSON Lines, one JSON document, or a JSON array of messages (several: "
        "each is checked alone)",
    )
    parser.add_argument(
        "--format",
        choices=[f.value for f in TraceFormat],
        default=TraceFormat.AUTO.value,
        help="webex (Webex task notifications: native, seed 004 wrappers, or mixed), ocs "
        "(desktop-protocol key-value messages), simulate (the library's trace steps); auto "
        "(the default) decides from each trace's first message",
    )
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON")
    add_engine(parser)
    parser.set_defaults(run=run)


def _text_lines(report: TraceReport) -> list[str]:
    out = []
    for interaction in report.interactions:
        illegal = interaction.first_illegal
        if illegal is not None:
            out.append(
                f"{interaction.interaction_id}: illegal at line {illegal.line}: "
                f"{illegal.event} in state {illegal.state}: {illegal.reason}"
            )
        out.extend(
            f"{interaction.interaction_id}: duplicate at line {finding.line}: {finding.event}"
            for finding in interaction.duplicates
        )
        out.extend(
            f"{interaction.interaction_id}: reordered at line {finding.line}: "
            f"{finding.event} in state {finding.state}: {finding.reason}"
            for finding in interaction.reordered
        )
    illegal_count = sum(1 for i in report.interactions if i.first_illegal is not None)
    verdict = "legal" if report.legal else "illegal"
    out.append(
        f"{verdict}: {report.steps} steps, {len(report.interactions)} interactions, "
        f"{illegal_count} with an illegal step, "
        f"{sum(len(i.duplicates) for i in report.interactions)} duplicates, "
        f"{sum(len(i.reordered) for i in report.interactions)} reordered"
    )
    return out


def check_trace(lines: Iterable[str], trace_format: str = "auto") -> TraceReport:
    """Judge a trace read line by line. The replay keeps many small objects alive (one
    position per interaction), so the cycle collector, which would rescan them over and over,
    is paused meanwhile: this is the command's business, not the library's.

    Raises:
        WireFormatError: a line that cannot be read.
    """
    with collector_paused():
        return check_lines(lines, trace_format)


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


def _read(path: str, trace_format: str, client: Any = None) -> tuple[TraceInput, TraceReport]:
    forced = "" if trace_format == TraceFormat.AUTO else f" (read as --format {trace_format})"
    try:
        with Path(path).open(encoding="utf-8") as lines:
            framed = frame(lines, trace_format)
            if client is None:
                return framed, check_trace(framed.lines, framed.trace_format)
            whole = list(framed.lines)
        (report,) = scale.check_traces(client, [whole], framed.trace_format)
        return framed, report
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


def _checked(args: argparse.Namespace) -> list[tuple[TraceInput, TraceReport]]:
    if args.engine != "dask":
        return [_read(path, args.format) for path in args.traces]
    with scale.engine_client(args.scheduler, args.workers) as client:
        return [_read(path, args.format, client) for path in args.traces]


def _input(path: str, framed: TraceInput) -> dict[str, Any]:
    return {
        "path": str(path),
        "framing": str(framed.framing),
        "format": str(framed.trace_format),
        "messages": framed.messages,
    }


def _json(paths: Sequence[str], checked: Sequence[tuple[TraceInput, TraceReport]]) -> Any:
    if len(checked) == 1:
        ((framed, report),) = checked
        return {**report.to_dict(), "input": _input(paths[0], framed)}
    return {
        "legal": all(report.legal for _, report in checked),
        "steps": sum(report.steps for _, report in checked),
        "traces": [
            {"trace": str(path), **report.to_dict(), "input": _input(path, framed)}
            for path, (framed, report) in zip(paths, checked, strict=True)
        ],
    }


def _read_line(path: str, framed: TraceInput) -> str:
    count = framed.messages
    words = _FORMAT_WORDS if count != 1 else _ONE
    return f"read {path}: {framed.framing.description}, {count} {words[framed.trace_format]}"


def run(args: argparse.Namespace) -> int:
    """Check the traces; 0 all legal, 1 one illegal (an unreadable trace raises
    `WireFormatError` naming it and its line: exit 2)."""
    check_engine_flags(args)
    checked = _checked(args)
    if args.json:
        print(json.dumps(_json(args.traces, checked), indent=2, ensure_ascii=False))
    elif len(checked) == 1:
        ((framed, report),) = checked
        # The verdict and findings first, as before files were framed: a script that reads
        # the first line of a legal trace's report still finds the verdict there.
        print("\n".join([*_text_lines(report), _read_line(args.traces[0], framed)]))
    else:
        for path, (framed, report) in zip(args.traces, checked, strict=True):
            print("\n".join(f"{path}: {line}" for line in _text_lines(report)))
            print(_read_line(path, framed))
    return 0 if all(report.legal for _, report in checked) else 1
