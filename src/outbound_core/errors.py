"""Errors: one hierarchy under `OutboundError`, each error with a stable code.

Every public function of the library raises only these for bad input. An error carries
a `code` (a kebab-case string that never changes between releases), a message a person
can act on, and `details`: the structured facts behind the message (the offending value,
the field, the state, the missing privilege, ...). Errors subclass the matching built-in
exception where one fits, so `except ValueError` keeps working for callers who do not
know this library.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import Any

__all__ = [
    "ERROR_CODE_MEANINGS",
    "AmbiguousLocalTime",
    "ErrorCode",
    "FieldValidationError",
    "InvalidValue",
    "NonexistentLocalTime",
    "NotFound",
    "OutboundError",
    "PrivilegeMissing",
    "ScheduleError",
    "StorageError",
    "TransitionNotAllowed",
    "WireFormatError",
    "close_matches",
    "shorten",
]


class ErrorCode(StrEnum):
    """The stable codes carried by `OutboundError.code`."""

    WRONG_TYPE = "wrong-type"
    INVALID_VALUE = "invalid-value"
    INVALID_DATE_TIME = "invalid-date-time"
    UNKNOWN_CALL_RESULT = "unknown-call-result"
    UNKNOWN_PHONE_TYPE = "unknown-phone-type"
    UNKNOWN_RECORD_STATUS = "unknown-record-status"
    UNKNOWN_RECORD_TYPE = "unknown-record-type"
    UNKNOWN_CALLBACK_TYPE = "unknown-callback-type"
    UNKNOWN_CHAIN_SCOPE = "unknown-chain-scope"
    UNKNOWN_DIALING_MODE = "unknown-dialing-mode"
    UNKNOWN_PRIVILEGE = "unknown-privilege"
    INVALID_OPTION = "invalid-option"
    PRIVILEGE_MISSING = "privilege-missing"
    PRIVILEGE_INACTIVE = "privilege-inactive"
    TRANSITION_NOT_ALLOWED = "transition-not-allowed"
    NOT_FOUND = "not-found"
    FIELD_VALIDATION = "field-validation"
    SCHEDULE = "schedule"
    NONEXISTENT_LOCAL_TIME = "nonexistent-local-time"
    AMBIGUOUS_LOCAL_TIME = "ambiguous-local-time"
    UNKNOWN_ZONE = "unknown-zone"
    NAIVE_DATE_TIME = "naive-date-time"
    INVALID_DURATION = "invalid-duration"
    INVALID_WINDOW = "invalid-window"
    UNKNOWN_CALLING_HOURS = "unknown-calling-hours"
    CALLBACK_IN_PAST = "callback-in-past"
    CALLBACK_BEYOND_HORIZON = "callback-beyond-horizon"
    CALLBACK_OUTSIDE_WINDOW = "callback-outside-window"
    WIRE_FORMAT = "wire-format"
    UNKNOWN_FIELD = "unknown-field"
    FIELD_NOT_EDITABLE = "field-not-editable"
    FIELD_MANDATORY = "field-mandatory"
    FIELD_VALUE_TYPE = "field-value-type"
    FIELD_TYPE = "field-type"
    FIELD_NOT_OPTION = "field-not-option"
    UNKNOWN_ABANDON_RULES = "unknown-abandon-rules"
    INVALID_TREATMENT = "invalid-treatment"
    UNKNOWN_TREATMENT_ACTION = "unknown-treatment-action"
    STORE_LOCKED = "store-locked"
    STORE_READ_ONLY = "store-read-only"
    STORE_CORRUPT = "store-corrupt"
    STORE_NOT_A_DATABASE = "store-not-a-database"
    STORE_NEWER_SCHEMA = "store-newer-schema"
    STORE_FULL = "store-full"
    STORE_CANNOT_OPEN = "store-cannot-open"
    STORE_IO = "store-io"
    STORE_BEHIND = "store-behind"


#: What each code means, in one sentence; `docs/errors.md` lists the same table.
ERROR_CODE_MEANINGS: Mapping[ErrorCode, str] = MappingProxyType(
    {
        ErrorCode.WRONG_TYPE: "A value has the wrong Python type (for example a bool where a number is expected).",
        ErrorCode.INVALID_VALUE: "A value has the right type but is outside what the domain allows.",
        ErrorCode.INVALID_DATE_TIME: "Text that is not a real date and time in MM/DD/YYYY HH:MM, or clock time in HH:MM.",
        ErrorCode.UNKNOWN_CALL_RESULT: "Not one of the 54 Genesys call results, by number, name, label or Workspace spelling.",
        ErrorCode.UNKNOWN_PHONE_TYPE: "Not one of the 12 phone (contact info) types.",
        ErrorCode.UNKNOWN_RECORD_STATUS: "Not one of the 10 record statuses.",
        ErrorCode.UNKNOWN_RECORD_TYPE: "Not one of the 8 record types.",
        ErrorCode.UNKNOWN_CALLBACK_TYPE: "Not a callback type (CAMPAIGN or PERSONAL).",
        ErrorCode.UNKNOWN_CHAIN_SCOPE: "Not a chain scope (AllChain or RecordOnly).",
        ErrorCode.UNKNOWN_DIALING_MODE: "Not a known dialing mode.",
        ErrorCode.UNKNOWN_PRIVILEGE: "Not a known outbound privilege key.",
        ErrorCode.INVALID_OPTION: "A Workspace option value that cannot be read (the option, the value and what is allowed are in the details).",
        ErrorCode.PRIVILEGE_MISSING: "The action needs a privilege the agent was not granted.",
        ErrorCode.PRIVILEGE_INACTIVE: "The privilege is granted but inactive because a privilege it depends on is missing.",
        ErrorCode.TRANSITION_NOT_ALLOWED: "The event is not allowed in the lifecycle's current state, or its guard failed.",
        ErrorCode.NOT_FOUND: "A record, chain, interaction or other named thing does not exist.",
        ErrorCode.FIELD_VALIDATION: "An update of record fields broke one or more field rules; nothing was applied.",
        ErrorCode.SCHEDULE: "A reschedule date or calling-window request cannot be honoured.",
        ErrorCode.NONEXISTENT_LOCAL_TIME: "A wall-clock time that does not exist in the zone (a daylight-saving gap).",
        ErrorCode.AMBIGUOUS_LOCAL_TIME: "A wall-clock time that happens twice in the zone (a daylight-saving fold).",
        ErrorCode.UNKNOWN_ZONE: "Neither a Genesys time-zone object name (ACT, AET, ...) nor an IANA zone key, nor a usable offset; names are case-sensitive.",
        ErrorCode.NAIVE_DATE_TIME: "A datetime without a time zone where an instant (an aware datetime) is needed.",
        ErrorCode.INVALID_DURATION: "Text that is not an elapsed time such as 90m, 1h30m, 2d or PT1H.",
        ErrorCode.INVALID_WINDOW: "A calling window or calling-hours rule that cannot be used (seconds after midnight outside 0 to 86399, a bad weekday or date).",
        ErrorCode.UNKNOWN_CALLING_HOURS: "Not the name of a calling-hours preset.",
        ErrorCode.CALLBACK_IN_PAST: "A reschedule date before the current minute.",
        ErrorCode.CALLBACK_BEYOND_HORIZON: "A reschedule date later than the horizon the caller allows.",
        ErrorCode.CALLBACK_OUTSIDE_WINDOW: "A reschedule date at which the record's calling window or the calling-hours rules forbid a call.",
        ErrorCode.WIRE_FORMAT: "A message on the wire cannot be read; the details say where.",
        ErrorCode.UNKNOWN_FIELD: "An update names a field the record's field list does not have.",
        ErrorCode.FIELD_NOT_EDITABLE: "An update sets a field that is read-only (its spec says so, or it is a system field other than Call From, Call Until, Phone and Phone Type).",
        ErrorCode.FIELD_MANDATORY: "An update sets a mandatory field to null, an empty string or whitespace.",
        ErrorCode.FIELD_VALUE_TYPE: "An update value is not of the field's value type (string, number or boolean).",
        ErrorCode.FIELD_TYPE: "An update value does not fit the field's type (int range, finite float, one character, length, date or time format).",
        ErrorCode.FIELD_NOT_OPTION: "An update value for an enum field is not one of the field's option keys.",
        ErrorCode.UNKNOWN_ABANDON_RULES: "Not the name of an abandon-rate preset (tsr or ofcom).",
        ErrorCode.INVALID_TREATMENT: "A treatment of a calling list's treatment table cannot be used (the details name the treatment by its index and call result, and the parameter).",
        ErrorCode.UNKNOWN_TREATMENT_ACTION: "Not a treatment action (Redial, Retry In, Next In Chain, ... for a record; Drop or Connect for a call).",
        ErrorCode.STORE_LOCKED: "Another connection holds the durable store's write lock past the busy timeout; nothing was written, try again.",
        ErrorCode.STORE_READ_ONLY: "The durable store's file or folder cannot be written (permissions, a read-only mount, or a store opened read-only); nothing was written.",
        ErrorCode.STORE_CORRUPT: "The durable store's file is damaged (a malformed page, a truncated file, or rows the library did not write); nothing was written.",
        ErrorCode.STORE_NOT_A_DATABASE: "The file given as the durable store is not an SQLite database.",
        ErrorCode.STORE_NEWER_SCHEMA: "The durable store was written by a newer version of the library (its schema version is beyond the one this version knows); nothing was written.",
        ErrorCode.STORE_FULL: "The disk (or the store's size limit) is full; the transaction was rolled back and nothing was written.",
        ErrorCode.STORE_CANNOT_OPEN: "The durable store cannot be opened: its folder does not exist, or the file does not exist where an existing store is required.",
        ErrorCode.STORE_IO: "The operating system reported an input/output error while reading or writing the durable store; nothing was written.",
        ErrorCode.STORE_BEHIND: "An earlier write of changes to the durable store failed, so the in-memory server is ahead of it; rebuild the server from the store.",
    }
)


def shorten(value: object, width: int = 60) -> str:
    """`repr(value)`, cut to `width` characters so a huge input never floods a message."""
    try:
        text = repr(value)
    except RecursionError:  # a value nested deeper than the interpreter's stack
        text = f"<{type(value).__name__} nested too deep to show>"
    return text if len(text) <= width else text[: width - 3] + "..."


def close_matches(value: object, candidates: Iterable[str], limit: int = 3) -> tuple[str, ...]:
    """The candidates that look most like `value`, best first, for "did you mean" hints."""
    text = str(value)[:200]
    pool = list(candidates)
    by_case = {c.casefold(): c for c in pool}
    found = difflib.get_close_matches(text.casefold(), list(by_case), n=limit, cutoff=0.6)
    return tuple(by_case[f] for f in found)


def _rebuild(
    cls: type[OutboundError], message: str, code: str, details: dict[str, Any]
) -> OutboundError:
    error = cls.__new__(cls)
    OutboundError.__init__(error, message, code=code, **details)
    return error


class OutboundError(Exception):
    """Base of every error this library raises for bad input or a refused action.

    Attributes:
        code: a stable kebab-case string, one of `ErrorCode`.
        message: what went wrong and, where possible, what to do instead.
        details: the structured facts behind the message.
    """

    default_code: ErrorCode = ErrorCode.INVALID_VALUE

    def __init__(self, message: str, *, code: str | None = None, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.code: str = str(ErrorCode(code) if code is not None else self.default_code)
        self.details: dict[str, Any] = details

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r}, code={self.code!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.message, self.code, dict(self.details)))

    def to_dict(self) -> dict[str, Any]:
        """The error as plain data: its type, code, message and details."""
        return {
            "error": type(self).__name__,
            "code": self.code,
            "message": self.message,
            "details": dict(self.details),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> OutboundError:
        """The error `to_dict` wrote, of its own class (an unknown class name gives the base)."""
        kinds = {kind.__name__: kind for kind in _error_classes(OutboundError)}
        kind = kinds.get(str(data.get("error")), OutboundError)
        return _rebuild(kind, str(data["message"]), str(data["code"]), dict(data["details"]))


def _error_classes(base: type[OutboundError]) -> list[type[OutboundError]]:
    found = [base]
    for sub in base.__subclasses__():
        found.extend(_error_classes(sub))
    return found


class InvalidValue(OutboundError, ValueError):
    """A value the domain does not allow: unknown names, bad formats, out-of-range numbers."""

    default_code = ErrorCode.INVALID_VALUE


class TransitionNotAllowed(OutboundError):
    """An event the lifecycle refuses in its current state; nothing changed."""

    default_code = ErrorCode.TRANSITION_NOT_ALLOWED


class PrivilegeMissing(OutboundError, PermissionError):
    """The agent lacks, or cannot use, a privilege the action needs."""

    default_code = ErrorCode.PRIVILEGE_MISSING


class FieldValidationError(InvalidValue):
    """An update of record fields broke field rules; every problem is in `details["problems"]`."""

    default_code = ErrorCode.FIELD_VALIDATION


class NotFound(OutboundError, LookupError):
    """A record, chain, interaction or other named thing does not exist."""

    default_code = ErrorCode.NOT_FOUND


class ScheduleError(InvalidValue):
    """A reschedule or calling-window request that cannot be honoured."""

    default_code = ErrorCode.SCHEDULE


class NonexistentLocalTime(ScheduleError):
    """A wall-clock time skipped by a daylight-saving gap in the zone."""

    default_code = ErrorCode.NONEXISTENT_LOCAL_TIME


class AmbiguousLocalTime(ScheduleError):
    """A wall-clock time that a daylight-saving fold makes happen twice in the zone."""

    default_code = ErrorCode.AMBIGUOUS_LOCAL_TIME


class WireFormatError(InvalidValue):
    """A wire message that cannot be read; `details` says where (path, or line and column)."""

    default_code = ErrorCode.WIRE_FORMAT


class StorageError(OutboundError, OSError):
    """The durable store cannot do what was asked (locked, read-only, damaged, full, from a
    newer library, ...); nothing was written. `details` names the store's `path` and the
    SQLite error (`sqlite_error`) where there is one."""

    default_code = ErrorCode.STORE_IO
