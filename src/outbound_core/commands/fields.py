"""`outbound-core fields validate FIELDS.json UPDATE.json`: check an updateRecordFields update."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from outbound_core.commands._files import file_path, read_text, refuse_lone_surrogates
from outbound_core.errors import FieldValidationError, WireFormatError, shorten
from outbound_core.records.fields import FieldSet, FieldSpec
from outbound_core.wire import read_lenient
from outbound_core.wire.wwe import UpdateRecordFieldsRequest, load_text, read_record_fields

__all__ = ["register", "run"]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `fields` parser and its `validate` subcommand."""
    parser = subparsers.add_parser(
        "fields",
        help="check record field updates",
        description="Record fields as getRecordFields describes them (Service Client API).",
    )
    actions = parser.add_subparsers(dest="fields_command", metavar="ACTION", required=True)
    validate = actions.add_parser(
        "validate",
        help="check an update against a field list",
        description="Check an updateRecordFields update against a getRecordFields field list. "
        "Prints the normalized update (exit 0), or every field problem (exit 1). Exit 2 when a "
        "file cannot be read.",
    )
    validate.add_argument(
        "fields", type=file_path, help="getRecordFields response, or a bare list of Field objects"
    )
    validate.add_argument(
        "update",
        type=file_path,
        help="the recordData object, or an updateRecordFields request (call or object)",
    )
    validate.add_argument("--json", action="store_true", help="print machine-readable JSON")
    validate.add_argument(
        "--lenient",
        action="store_true",
        help="accept console-dump notation (unquoted keys, missing or trailing commas)",
    )
    validate.set_defaults(run=run)


def _load(text: str, lenient: bool) -> Any:
    try:
        return load_text(text, lenient=lenient)
    except WireFormatError as error:
        if lenient:
            raise
        try:
            read_lenient(text)
        except WireFormatError:
            raise error from None
        raise WireFormatError(
            f"{error.message}; the file is console-dump notation (unquoted keys, missing or "
            "trailing commas, as seed 002's samples): add --lenient to read it",
            **error.details,
        ) from None


def _update_of(text: str, lenient: bool) -> dict[str, Any]:
    stripped = text.lstrip()
    if not stripped.startswith("{"):
        return UpdateRecordFieldsRequest.read(text).record_data
    data = _load(text, lenient)
    if type(data) is dict and set(data) == {"interactionId", "recordData"}:
        return UpdateRecordFieldsRequest.read(data).record_data
    if type(data) is not dict:
        raise WireFormatError(
            "an update is an object of field: value, a request object or a call",
            value=shorten(data),
        )
    return data


def _specs_of(text: str, lenient: bool) -> tuple[FieldSpec, ...]:
    data = _load(text, lenient)
    refuse_lone_surrogates(data, "the field list")
    return read_record_fields(data)


def run(args: argparse.Namespace) -> int:
    """Validate; print the normalized update (0) or the problems (1)."""
    try:
        specs = _specs_of(read_text(args.fields), args.lenient)
    except WireFormatError as error:
        raise _in_file(args.fields, error) from None
    try:
        update = _update_of(read_text(args.update), args.lenient)
        refuse_lone_surrogates(update, "the update")
    except WireFormatError as error:
        raise _in_file(args.update, error) from None
    try:
        normalized = FieldSet(specs).validate(update)
    except FieldValidationError as error:
        if args.json:
            print(json.dumps(error.to_dict(), indent=2, ensure_ascii=False))
        else:
            for problem in error.details["problems"]:
                print(f"{problem['field']}: {problem['code']}: {problem['message']}")
        return 1
    print(json.dumps(normalized, indent=2, ensure_ascii=False))
    return 0


def _in_file(path: str | Path, error: WireFormatError) -> WireFormatError:
    message = error.message
    if message.startswith(f"{path}: "):
        return error
    return WireFormatError(f"{path}: {message}", code=error.code, **error.details)
