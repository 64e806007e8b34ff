"""`outbound-core call-results`: the table of the 54 Genesys call results."""

from __future__ import annotations

import argparse
import json

from outbound_core.codes import CallResult

__all__ = ["call_result_rows", "register", "run"]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `call-results` parser."""
    parser = subparsers.add_parser(
        "call-results",
        help="print the call result codes",
        description="Print every Genesys call result: number, name, label, and whether the "
        "Service Client's getListOfCallResults offers it.",
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument(
        "--offered", action="store_true", help="only the results the Service Client offers"
    )
    parser.set_defaults(run=run)


def call_result_rows(*, offered_only: bool = False) -> list[dict[str, object]]:
    """One row per call result, in number order: number, name, label, offered."""
    return [
        {"number": int(r), "name": r.name, "label": r.label, "offered": r.offered}
        for r in CallResult
        if r.offered or not offered_only
    ]


def run(args: argparse.Namespace) -> int:
    """Print the table (or JSON) and return 0."""
    rows = call_result_rows(offered_only=args.offered)
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    name_width = max(len(str(row["name"])) for row in rows)
    label_width = max(len(str(row["label"])) for row in rows)
    print(f"{'#':>2}  {'name':<{name_width}}  {'label':<{label_width}}  offered")
    for row in rows:
        offered = "yes" if row["offered"] else "no"
        print(
            f"{row['number']:>2}  {row['name']:<{name_width}}  {row['label']:<{label_width}}  {offered}"
        )
    return 0
