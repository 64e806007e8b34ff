"""`outbound-core list import|export|show`: Genesys calling lists in and out of a store.

`import FILE.csv --store X.sqlite` stores a calling list exported from Genesys (the CSV `plan`
reads) as a table in the Genesys column layout, named after the file's stem unless `--name`;
`export --store X.sqlite --list NAME` writes it back as CSV (to standard output, or
`--output`); `show --store X.sqlite` lists the store's calling lists.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from outbound_core.commands._zone_args import zones_from
from outbound_core.errors import ErrorCode, InvalidValue, OutboundError, WireFormatError
from outbound_core.storage import ListInfo, SqliteStore, Synchronous
from outbound_core.wire.calling_list_csv import read_calling_list_csv, write_calling_list_csv

__all__ = ["register", "run_export", "run_import", "run_show"]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `list` and its actions."""
    parser = subparsers.add_parser(
        "list",
        help="move Genesys calling lists in and out of a store",
        description="Keep Genesys calling lists in an SQLite store, as tables in the Genesys "
        "column layout with one column per custom field (docs/concepts/storage.md). "
        "Exit 0, or 2 when an input or the store cannot be used.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    importing = actions.add_parser(
        "import",
        help="store a calling list from CSV",
        description="Read a Genesys calling list in CSV (the columns of reference §1, zones as "
        "tz_name or tz_dbid; every other column a custom field) and store it as a table. "
        "The list is named after the file's stem unless --name says otherwise.",
    )
    importing.add_argument("file", type=Path, metavar="FILE.csv", help="the calling list")
    _store_argument(importing)
    importing.add_argument("--name", metavar="NAME", help="the list's name (default: the stem)")
    importing.add_argument(
        "--zones",
        nargs="+",
        default=[],
        metavar="DBID=NAME",
        help="zone names for the CSV's tz_dbid numbers, e.g. 104=EST 105=Europe/London",
    )
    importing.add_argument("--replace", action="store_true", help="replace a list of the same name")
    importing.add_argument(
        "--synchronous",
        default="full",
        metavar="full|normal",
        help="how hard the commit waits for the disk (default full)",
    )
    importing.add_argument("--json", action="store_true", help="print JSON (docs/cli.md)")
    importing.set_defaults(run=run_import)
    exporting = actions.add_parser(
        "export",
        help="write a stored calling list as CSV",
        description="Write a stored calling list as Genesys CSV, rows in list order, zones as "
        "they were imported (tz_name or tz_dbid).",
    )
    _store_argument(exporting)
    exporting.add_argument("--list", required=True, metavar="NAME", help="the list to write")
    exporting.add_argument(
        "--output", type=Path, metavar="FILE.csv", help="write here (default: standard output)"
    )
    exporting.set_defaults(run=run_export)
    showing = actions.add_parser(
        "show",
        help="the store's calling lists",
        description="Each calling list of the store: its name, table, records, chains, the "
        "campaign whose list it is, and its custom fields.",
    )
    _store_argument(showing)
    showing.add_argument("--json", action="store_true", help="print JSON (docs/cli.md)")
    showing.set_defaults(run=run_show)


def _store_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--store", required=True, type=Path, metavar="X.sqlite", help="the SQLite store"
    )


def _flagged(flag: str, error: OutboundError) -> OutboundError:
    """The error with the flag the user gave in front of its message."""
    kind = type(error)
    again = kind.__new__(kind)
    OutboundError.__init__(again, f"{flag}: {error.message}", code=error.code, **error.details)
    return again


def _open(path: Path, *, create: bool, synchronous: str = "full") -> SqliteStore:
    try:
        mode = Synchronous.parse(synchronous)
    except InvalidValue as error:
        raise _flagged("--synchronous", error) from None
    try:
        return SqliteStore(path, synchronous=mode, create=create, read_only=not create)
    except OutboundError as error:
        raise _flagged("--store", error) from None


def _read_csv(path: Path, zones: dict[int, str]) -> tuple[list[Any], str]:
    """The rows of a calling list in CSV and its zone column."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as source:
            text = source.read()
    except (OSError, UnicodeDecodeError) as error:
        raise WireFormatError(
            f"FILE {path}: cannot be read ({error.__class__.__name__})", path=str(path)
        ) from None
    try:
        rows = list(read_calling_list_csv(io.StringIO(text, newline=""), zones=zones))
        header = next((fields for fields in csv.reader(io.StringIO(text)) if fields), [])
    except OutboundError as error:
        raise WireFormatError(f"FILE {path}: {error.message}", **error.details) from None
    except csv.Error as error:  # pragma: no cover - the reader refuses bad CSV first
        raise WireFormatError(f"FILE {path}: not CSV ({error})", path=str(path)) from None
    column = "tz_dbid" if "tz_dbid" in (name.strip() for name in header) else "tz_name"
    return rows, column


def _info_line(info: ListInfo) -> str:
    owner = f", campaign {info.campaign}" if info.campaign is not None else ""
    return (
        f"{info.name}: {info.records} records in {info.chains} chains (table {info.table}"
        f"{owner}); custom fields: {', '.join(info.fields) or '-'}"
    )


def run_import(args: argparse.Namespace) -> int:
    """Store the list; print what was stored. Exit 0 (2: bad input)."""
    name = args.name if args.name is not None else args.file.stem
    if not name.strip():
        raise InvalidValue("--name: a list needs a non-blank name", flag="--name")
    zones = zones_from(args.zones)
    rows, column = _read_csv(args.file, zones)
    with _open(args.store, create=True, synchronous=args.synchronous) as store:
        try:
            info = store.import_list(
                name, rows, tz_column=column, zones=zones, replace=args.replace
            )
        except InvalidValue as error:
            raise _flagged("--name" if args.name is not None else "FILE", error) from None
        except OutboundError as error:
            raise _flagged("--store", error) from None
    if args.json:
        print(json.dumps({"store": str(args.store), **info.to_dict()}, ensure_ascii=False))
    else:
        print(f"imported into {args.store}: {_info_line(info)}")
    return 0


def run_export(args: argparse.Namespace) -> int:
    """Write the list as CSV. Exit 0 (2: no such list, or the store cannot be read)."""
    with _open(args.store, create=False) as store:
        try:
            info = store.list_info(args.list)
            rows = store.list_records(args.list)
        except OutboundError as error:
            raise _flagged(
                "--list" if error.code == ErrorCode.NOT_FOUND else "--store", error
            ) from None
    out: TextIO
    buffer = io.StringIO(newline="")
    write_calling_list_csv(rows, buffer, tz_column=info.tz_column, zones=info.zones)
    if args.output is None:
        out = sys.stdout
        out.write(buffer.getvalue())
        return 0
    try:
        with args.output.open("w", encoding="utf-8", newline="") as out:
            out.write(buffer.getvalue())
    except OSError as error:
        raise InvalidValue(
            f"--output {args.output}: cannot be written ({error.__class__.__name__})",
            flag="--output",
        ) from None
    return 0


def run_show(args: argparse.Namespace) -> int:
    """Print the store's calling lists. Exit 0 (2: the store cannot be read)."""
    with _open(args.store, create=False) as store:
        try:
            infos = store.lists()
        except OutboundError as error:
            raise _flagged("--store", error) from None
    if args.json:
        print(
            json.dumps(
                {"store": str(args.store), "lists": [i.to_dict() for i in infos]},
                ensure_ascii=False,
            )
        )
        return 0
    if not infos:
        print(f"{args.store}: no calling lists")
    for info in infos:
        print(_info_line(info))
    return 0
