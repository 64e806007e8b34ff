"""`outbound-core diagram NAME`: a lifecycle as a Mermaid state diagram or as its compiled table."""

from __future__ import annotations

import argparse
import json

from outbound_core.errors import ErrorCode, InvalidValue, NotFound, close_matches, shorten
from outbound_core.machines import MACHINES, compile_machine

__all__ = ["mermaid", "register", "run"]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `diagram` parser."""
    parser = subparsers.add_parser(
        "diagram",
        help="draw a lifecycle as a Mermaid state diagram",
        description="Print a lifecycle (state machine) as a Mermaid stateDiagram-v2, drawn by "
        "python-statemachine from its declaration, or with --json as the compiled table the "
        "library runs. Exit 2 for an unknown name.",
    )
    parser.add_argument("name", nargs="?", help="the lifecycle's name (see --list)")
    parser.add_argument("--list", action="store_true", help="list the lifecycle names")
    parser.add_argument(
        "--json",
        action="store_true",
        help="print the compiled table as JSON instead (with --list, the names as a JSON list)",
    )
    parser.set_defaults(run=run)


def mermaid(name: str) -> str:
    """The Mermaid `stateDiagram-v2` text of the lifecycle called `name`.

    Raises:
        NotFound: no lifecycle has that name (the details list the close matches).
    """
    cls = MACHINES.get(name)
    if cls is None:
        raise _unknown(name)
    return format(cls, "mermaid").rstrip("\n")


def _unknown(name: str) -> NotFound:
    matches = close_matches(name, tuple(MACHINES))
    hint = f"; did you mean {' or '.join(matches)}?" if matches else ""
    return NotFound(
        f"no lifecycle named {shorten(name)}{hint} (names: {', '.join(MACHINES)})",
        code=ErrorCode.NOT_FOUND,
        name=name,
        close_matches=list(matches),
    )


def run(args: argparse.Namespace) -> int:
    """Print the list, the diagram or the table; return 0."""
    if args.list:
        if args.json:
            print(json.dumps(list(MACHINES), indent=2))
            return 0
        for name in MACHINES:
            print(name)
        return 0
    if args.name is None:
        raise InvalidValue(
            "give a lifecycle NAME, or --list to see the names", code=ErrorCode.INVALID_VALUE
        )
    if args.json:
        cls = MACHINES.get(args.name)
        if cls is None:
            raise _unknown(args.name)
        print(json.dumps(compile_machine(cls).to_dict(), indent=2))
        return 0
    print(mermaid(args.name))
    return 0
