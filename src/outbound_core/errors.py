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
import functools
import reprlib
from collections.abc import Iterable, Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import Any

import attrs

__all__ = [
    "ERROR_CODE_MEANINGS",
    "AmbiguousLocalTime",
    "ErrorCode",
    "FieldProblem",
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
    "require_whole",
    "shorten",
]


class ErrorCode(StrEnum):
    """The stable codes carried by `OutboundError.code`."""

    WRONG_TYPE = "wrong-type"
    INVALID_VALUE = "invalid-value"
    INVALID_DATE_TIME = "invalid-date-time"
    DATE_OUT_OF_RANGE = "date-out-of-range"
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
    EMPTY_INPUT = "empty-input"
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
    ENGINE_UNAVAILABLE = "engine-unavailable"
    STORE_NOT_EMPTY = "store-not-empty"
    STORE_NOT_A_DAY = "store-not-a-day"
    RESUME_MISMATCH = "resume-mismatch"


#: What each code means, in one sentence; `docs/errors.md` lists the same table.
ERROR_CODE_MEANINGS: Mapping[ErrorCode, str] = MappingProxyType(
    {
        ErrorCode.WRONG_TYPE: "A value has the wrong Python type (for example a bool where a number is expected).",
        ErrorCode.INVALID_VALUE: "A value has the right type but is outside what the domain allows.",
        ErrorCode.INVALID_DATE_TIME: "Text that is not a real date and time in MM/DD/YYYY HH:MM, or clock time in HH:MM.",
        ErrorCode.DATE_OUT_OF_RANGE: "An instant or wall-clock time beyond what a datetime holds (years 1 to 9999), in UTC or in the zone it is written in.",
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
        ErrorCode.EMPTY_INPUT: "An input with nothing in it where something is needed (a trace file with no message).",
        ErrorCode.UNKNOWN_FIELD: "An update names a field the record's field list does not have.",
        ErrorCode.FIELD_NOT_EDITABLE: "An update sets a field that is read-only (its spec says so, or it is a system field other than Call From, Call Until, Phone and Phone Type).",
        ErrorCode.FIELD_MANDATORY: "An update sets a mandatory field to null, an empty string or whitespace.",
        ErrorCode.FIELD_VALUE_TYPE: "An update value is not of the field's value type (string, number or boolean).",
        ErrorCode.FIELD_TYPE: "An update value does not fit the field's type (int range, finite float, one character, length, date or time format).",
        ErrorCode.FIELD_NOT_OPTION: "An update value for an enum field is not one of the field's option keys.",
        ErrorCode.UNKNOWN_ABANDON_RULES: "Not the name of an abandon-rate preset (tsr or ofcom).",
        ErrorCode.INVALID_TREATMENT: "A treatment of a calling list's treatment table cannot be used (the details name the treatment by its index and call result, and the parameter).",
        ErrorCode.UNKNOWN_TREATMENT_ACTION: "Not a treatment action (Redial, Retry In, Next In Chain, ... for a record; Drop or Connect for a call).",
        ErrorCode.STORE_LOCKED: "Another connection holds the durable store's write lock past the busy timeout, or another process has claimed the store as its writer (a running simulate --store); nothing was written, try again.",
        ErrorCode.STORE_READ_ONLY: "The durable store's file or folder cannot be written (permissions, a read-only mount, or a store opened read-only); nothing was written.",
        ErrorCode.STORE_CORRUPT: "The durable store's file is damaged (a malformed page, a truncated file, or rows the library did not write); nothing was written.",
        ErrorCode.STORE_NOT_A_DATABASE: "The file given as the durable store is not an SQLite database.",
        ErrorCode.STORE_NEWER_SCHEMA: "The durable store was written by a newer version of the library (its schema version is beyond the one this version knows); nothing was written.",
        ErrorCode.STORE_FULL: "The disk (or the store's size limit) is full; the transaction was rolled back and nothing was written.",
        ErrorCode.STORE_CANNOT_OPEN: "The durable store cannot be opened: its folder does not exist, or the file does not exist where an existing store is required.",
        ErrorCode.STORE_IO: "The operating system reported an input/output error while reading or writing the durable store; nothing was written.",
        ErrorCode.STORE_BEHIND: "An earlier write of changes to the durable store failed, so the in-memory server is ahead of it; rebuild the server from the store.",
        ErrorCode.ENGINE_UNAVAILABLE: "The distributed engine asked for cannot be used: its extra (outbound-core[dask]) is not installed, or its scheduler cannot be reached.",
        ErrorCode.STORE_NOT_EMPTY: "A new simulated day was asked for on a durable store that already holds one (or another server); add --resume to go on with it, or name a new file.",
        ErrorCode.STORE_NOT_A_DAY: "The durable store holds a server or calling lists but no simulated day, so there is no day to resume.",
        ErrorCode.RESUME_MISMATCH: "A simulated day was resumed with arguments (records, agents, mode, seed, ...) other than the ones it was started with; repeat the first command line with --resume.",
    }
)


class _Short(reprlib.Repr):
    """`repr` with limits: containers shown a few levels and items deep, ints Python will not
    write in decimal shown by their size, any `repr` that raises shown by its type."""

    def __init__(self, width: int) -> None:
        super().__init__()
        self.maxlevel = 4
        self.maxtuple = self.maxlist = self.maxdict = self.maxset = self.maxfrozenset = 8
        self.maxstring = self.maxlong = self.maxother = max(width, 12)

    def repr_str(self, x: str, level: int) -> str:
        return repr(x[: self.maxstring + 1])[: self.maxstring + 2]

    def repr_int(self, x: int, level: int) -> str:
        if x.bit_length() > 14_000:  # more digits than Python writes (4300 by default)
            return f"<int of about {x.bit_length() * 30103 // 100000 + 1} digits>"
        return super().repr_int(x, level)

    def repr_instance(self, x: object, level: int) -> str:
        try:
            text = repr(x)
        except RecursionError:
            return f"<{type(x).__name__} nested too deep to show>"
        except Exception:  # a repr may raise anything; the message must still be built
            return f"<{type(x).__name__} that cannot be shown>"
        return text if len(text) <= self.maxother else text[: self.maxother - 3] + "..."


_SHORT = {width: _Short(width) for width in (20, 30, 40, 60, 80, 120, 200)}


def _plainly_short(value: object, width: int) -> bool:
    """Whether `repr(value)` is cheap and safe: short text, a small int, a float, None."""
    if type(value) is str:
        return len(value) <= width
    if type(value) is int:
        return value.bit_length() <= 64
    return value is None or type(value) in (float, bool)


def shorten(value: object, width: int = 60) -> str:
    """`repr(value)`, cut to `width` characters so a huge input never floods a message.

    Never fails, and costs little whatever the value: containers are shown a few levels and
    items deep, an int with more digits than Python writes (4300 by default) by its size, an
    object whose `repr` raises by its type.
    """
    if _plainly_short(value, width):
        text = repr(value)
    else:
        short = _SHORT.get(width) or _Short(width)
        try:
            text = short.repr(value)
        except RecursionError:
            text = f"<{type(value).__name__} nested too deep to show>"
        except Exception:  # a repr may raise anything; the message must still be built
            text = f"<{type(value).__name__} that cannot be shown>"
    return text if len(text) <= width else text[: width - 3] + "..."


def close_matches(value: object, candidates: Iterable[str], limit: int = 3) -> tuple[str, ...]:
    """The candidates that look most like `value`, best first, for "did you mean" hints.

    Only text is compared, without regard to case; any other value has no close match. Pass
    the candidates as a tuple to have the answers remembered (a bounded cache): the same bad
    name costs its comparisons once.
    """
    if not isinstance(value, str):
        return ()
    if isinstance(candidates, tuple):
        return _remembered_matches(value[:200], candidates, limit)
    return _matches(value[:200], tuple(candidates), limit)


def _matches(text: str, candidates: tuple[str, ...], limit: int) -> tuple[str, ...]:
    by_case = {c.casefold(): c for c in candidates}
    longest = max(map(len, by_case), default=0)
    # difflib's cutoff 0.6 needs 2 * min(len) / (sum of lens) >= 0.6: a longer text matches nothing.
    if len(text) > longest * 7 // 3 + 1:
        return ()
    found = difflib.get_close_matches(text.casefold(), list(by_case), n=limit, cutoff=0.6)
    return tuple(by_case[f] for f in found)


@functools.lru_cache(maxsize=2048)
def _remembered_matches(text: str, candidates: tuple[str, ...], limit: int) -> tuple[str, ...]:
    return _matches(text, candidates, limit)


_DETAIL_DEPTH = 6
_DETAIL_ITEMS = 200
# Ints up to this many bits stay ints: Python writes them in decimal (4300 digits at most).
_DETAIL_INT_BITS = 14_000


_PLAIN_SCALARS = frozenset({str, bool, float, type(None)})
_CONTAINERS = (list, tuple, dict)


def _plain(value: object, depth: int = 0) -> Any:
    """`value` as an error detail: itself when it is plain data a person or a program can
    read back (text, numbers, booleans, None, and small lists, tuples and dicts of them), its
    shortened repr otherwise (an int Python will not write, a structure too deep or too big,
    any other object), so that every error pickles and its `to_dict` is JSON."""
    kind = type(value)
    if kind in _PLAIN_SCALARS:
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return value if value.bit_length() <= _DETAIL_INT_BITS else shorten(value)
    if isinstance(value, str | bool | float):  # StrEnum and other subclasses
        return value
    if isinstance(value, _CONTAINERS) and depth < _DETAIL_DEPTH and len(value) <= _DETAIL_ITEMS:
        if isinstance(value, dict):
            return {
                key if type(key) is str else _plain_key(key): item
                if type(item) in _PLAIN_SCALARS
                else _plain(item, depth + 1)
                for key, item in value.items()
            }
        items = [
            item if type(item) in _PLAIN_SCALARS else _plain(item, depth + 1) for item in value
        ]
        return tuple(items) if isinstance(value, tuple) else items
    return shorten(value)


def _plain_key(key: object) -> Any:
    plain = _plain(key, _DETAIL_DEPTH)
    return plain if isinstance(plain, str | int | float | bool) or plain is None else str(plain)


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
        details: the structured facts behind the message, as plain data: a value that is
            not (an int Python will not write, a structure nested too deep, any other
            object) is kept as its shortened repr, so every error pickles and its
            `to_dict()` can be written as JSON.
    """

    default_code: ErrorCode = ErrorCode.INVALID_VALUE

    def __init__(self, message: str, *, code: str | None = None, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.code: str = str(ErrorCode(code) if code is not None else self.default_code)
        self.details: dict[str, Any] = {
            key: value if type(value) in _PLAIN_SCALARS else _plain(value)
            for key, value in details.items()
        }

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


@attrs.define(frozen=True, slots=True)
class FieldProblem:
    """One field's problem in a refused update of record fields [`updateRecordFields`].

    Attributes:
        field: the field as the update named it (a string, unless the update's key was not).
        code: the problem's code: `unknown-field`, `field-not-editable`, `field-mandatory`,
            `field-value-type`, `field-type` or `field-not-option`.
        message: what is wrong, for people.
        value: the value the update gave (as plain data: see `OutboundError.details`).
    """

    field: Any
    code: str
    message: str
    value: Any

    def to_dict(self) -> dict[str, Any]:
        """The problem as plain data, as `details["problems"]` holds it."""
        return {
            "field": self.field,
            "code": self.code,
            "message": self.message,
            "value": self.value,
        }


class FieldValidationError(InvalidValue):
    """An update of record fields broke field rules; nothing was applied.

    Every problem is in `problems` (typed) and in `details["problems"]` (plain data, the same
    facts as `{"field", "code", "message", "value"}` objects).
    """

    default_code = ErrorCode.FIELD_VALIDATION

    @property
    def problems(self) -> tuple[FieldProblem, ...]:
        """Every field's problem, in the update's order."""
        return tuple(
            FieldProblem(p.get("field"), str(p.get("code")), str(p.get("message")), p.get("value"))
            for p in self.details.get("problems", ())
            if isinstance(p, dict)
        )


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


def require_whole(name: str, value: object, low: int, high: int | None = None) -> int:
    """`value`, if it is a whole number (not a bool) from `low` to `high` (no upper bound when
    `high` is None).

    Raises:
        InvalidValue: `wrong-type` (not an int), or `invalid-value` (out of range), naming
            `name` in its message and `details["field"]`.
    """
    if type(value) is not int:
        raise InvalidValue(
            f"{name} is a whole number, not {type(value).__name__}",
            code=ErrorCode.WRONG_TYPE,
            field=name,
            value=shorten(value),
        )
    if value < low or (high is not None and value > high):
        bounds = f"outside {low} to {high}" if high is not None else f"below {low}"
        raise InvalidValue(f"{name} {value} is {bounds}", field=name, value=value)
    return value
