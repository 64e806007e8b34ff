"""Workspace outbound options: the `interaction-workspace` settings of seed 000.

`OutboundOptions.from_mapping` reads the option strings as configuration holds them; any
option missing (or, where the sources allow it, empty) takes its documented default, and
a value that cannot be read raises `InvalidValue` (`invalid-option`) naming the option,
the value and what is allowed. Other keys of the section are not outbound options and
are ignored.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit

import attrs

from outbound_core.codes import SERVICE_CLIENT_CALL_RESULTS, CallResult, TreatmentMode
from outbound_core.codes.treatment_modes import TREATMENT_MODE_OPTION
from outbound_core.errors import ErrorCode, InvalidValue, shorten

__all__ = [
    "CALL_RESULT_AUTOMATICALLY_SELECTED",
    "CALL_RESULT_VALUES",
    "DEFAULT_CALL_RESULT_VALUES",
    "DEFAULT_DISPOSITION_CODES",
    "DISPOSITION_CODES",
    "DISPOSITION_IS_MANDATORY",
    "MAX_SIMULTANEOUS_PREVIEW_RECORD",
    "RINGING_BELL",
    "TREATMENT_MODE",
    "OutboundOptions",
    "RingingBell",
    "TreatmentMode",
]

CALL_RESULT_VALUES = "outbound.call-result-values"
CALL_RESULT_AUTOMATICALLY_SELECTED = "outbound.call-result-automatically-selected"
MAX_SIMULTANEOUS_PREVIEW_RECORD = "outbound.preview.max-simultaneous-preview-record"
RINGING_BELL = "outbound-callback.ringing-bell"
DISPOSITION_IS_MANDATORY = "interaction.disposition.is-mandatory"
#: Workspace takes disposition codes from a Business Attribute (named by
#: `interaction.disposition.value-business-attribute`); this option gives its values directly.
DISPOSITION_CODES = "interaction.disposition.values"

#: The disposition codes offered when `interaction.disposition.values` is not set.
DEFAULT_DISPOSITION_CODES: tuple[str, ...] = (
    "Resolved",
    "No answer",
    "Call back later",
    "Not interested",
    "Wrong number",
)
TREATMENT_MODE = TREATMENT_MODE_OPTION

#: What `outbound.call-result-values` offers when not set: the call results the Service
#: Client's getListOfCallResults lists (seed 002's sample), in that order.
DEFAULT_CALL_RESULT_VALUES: tuple[CallResult, ...] = SERVICE_CLIENT_CALL_RESULTS

_INT32 = (-(2**31), 2**31 - 1)
_INTEGER = re.compile(r"[+-]?[0-9]+", re.ASCII)
_BELL_SOUNDS = ("BELL", "RING", "CHORD", "WARNING")
_PRIORITY = "priority: a whole number from 0 (higher wins)"
_DURATION = "duration: -1 (repeat until stopped), 0 (play once) or milliseconds"


def _bad(option: str, value: object, allowed: str, why: str = "") -> InvalidValue:
    reason = f" ({why})" if why else ""
    return InvalidValue(
        f"option {option} = {shorten(value)} cannot be read{reason}; allowed: {allowed}",
        code=ErrorCode.INVALID_OPTION,
        option=option,
        value=value,
        allowed=allowed,
    )


def _integer(
    option: str, value: object, allowed: str, low: int, high: int, shown: object = None
) -> int:
    shown = value if shown is None else shown
    if isinstance(value, bool):
        raise _bad(option, shown, allowed, "a boolean is not a number")
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and _INTEGER.fullmatch(value.strip()):
        digits = value.strip().lstrip("+-")
        number = int(value.strip()) if len(digits) <= 20 else high + 1
    else:
        raise _bad(option, shown, allowed, f"{shorten(value)} is not a whole number")
    if not low <= number <= high:
        raise _bad(option, shown, allowed, f"{shorten(value)} is outside {low}..{high}")
    return number


@attrs.define(frozen=True, slots=True)
class RingingBell:
    """The sound played when a scheduled callback is pushed as a preview [`name|priority|duration`].

    Attributes:
        sound: BELL, RING, CHORD, WARNING, or an http(s) URL of an MP3 file.
        priority: a whole number; when sounds compete, the higher priority plays.
        duration_ms: -1 repeats until stopped, 0 plays once, a positive value plays that
            many milliseconds.
    """

    sound: str
    priority: int
    duration_ms: int

    def __attrs_post_init__(self) -> None:
        # Shown in errors before the parts are checked: any of them may be hostile.
        shown = "|".join(
            part if isinstance(part, str) else shorten(part, 30)
            for part in (self.sound, self.priority, self.duration_ms)
        )
        _check_sound(self.sound, shown)
        for value, allowed, low in (
            (self.priority, _PRIORITY, 0),
            (self.duration_ms, _DURATION, -1),
        ):
            if isinstance(value, bool) or not isinstance(value, int):
                raise _bad(RINGING_BELL, shown, allowed, f"{shorten(value)} is not a whole number")
            if not low <= value <= _INT32[1]:
                raise _bad(RINGING_BELL, shown, allowed, f"{shorten(value)} is out of range")

    @classmethod
    def parse(cls, text: str) -> RingingBell:
        """Read `name|priority|duration`, e.g. `BELL|7|0`; sound names are read in any case.

        Raises:
            InvalidValue: `invalid-option` naming the part that cannot be read.
        """
        allowed = "name|priority|duration, e.g. BELL|7|0"
        if not isinstance(text, str):
            raise _bad(RINGING_BELL, text, allowed, "not a string")
        parts = [part.strip() for part in text.split("|")]
        if len(parts) != 3:
            raise _bad(RINGING_BELL, text, allowed, f"{len(parts)} parts instead of 3")
        sound, priority, duration = parts
        if sound.upper() in _BELL_SOUNDS:
            sound = sound.upper()
        return cls(
            sound,
            _integer(RINGING_BELL, priority, _PRIORITY, 0, _INT32[1], shown=text),
            _integer(RINGING_BELL, duration, _DURATION, -1, _INT32[1], shown=text),
        )

    @property
    def is_url(self) -> bool:
        """Whether the sound is an MP3 at a URL rather than a built-in sound."""
        return self.sound not in _BELL_SOUNDS

    @property
    def repeats_until_stopped(self) -> bool:
        """Duration -1: the sound repeats until the agent acts."""
        return self.duration_ms == -1

    @property
    def plays_once(self) -> bool:
        """Duration 0: the sound plays once."""
        return self.duration_ms == 0

    def __str__(self) -> str:
        return f"{self.sound}|{self.priority}|{self.duration_ms}"


def _check_sound(sound: object, text: str) -> None:
    allowed = "BELL, RING, CHORD, WARNING or an http(s) URL of an .mp3 file"
    if not isinstance(sound, str) or not sound:
        raise _bad(RINGING_BELL, text, allowed, "no sound name")
    if sound in _BELL_SOUNDS:
        return
    url = urlsplit(sound)
    if url.scheme not in ("http", "https") or not url.netloc:
        raise _bad(
            RINGING_BELL, text, allowed, f"{shorten(sound)} is neither a sound name nor a URL"
        )
    if not url.path.lower().endswith(".mp3"):
        raise _bad(RINGING_BELL, text, allowed, "the URL does not name an .mp3 file")


def _call_results(value: object) -> tuple[CallResult, ...]:
    allowed = "call results separated by commas, e.g. Answered, NoAnswer, Busy"
    if not isinstance(value, str):
        raise _bad(CALL_RESULT_VALUES, value, allowed, "not a string")
    if not value.strip():
        return DEFAULT_CALL_RESULT_VALUES
    names = [name.strip() for name in value.split(",")]
    results: list[CallResult] = []
    unknown: list[str] = []
    for name in names:
        if not name:
            raise _bad(CALL_RESULT_VALUES, value, allowed, "an empty entry between commas")
        found = CallResult.find(name)
        if found is None:
            unknown.append(name)
        else:
            results.append(found)
    if unknown:
        listed = ", ".join(n if len(n) <= 40 else shorten(n, 40) for n in unknown[:5])
        more = f" and {len(unknown) - 5} more" if len(unknown) > 5 else ""
        raise _bad(CALL_RESULT_VALUES, value, allowed, f"unknown: {listed}{more}")
    repeated = sorted({r.camel_name for r in results if results.count(r) > 1})
    if repeated:
        raise _bad(CALL_RESULT_VALUES, value, allowed, f"listed twice: {', '.join(repeated)}")
    return tuple(results)


def _to_call_results(value: object) -> tuple[CallResult, ...]:
    if isinstance(value, str):
        return _call_results(value)
    if type(value) is tuple and all(type(v) is CallResult for v in value):
        return value
    if isinstance(value, bytes | bytearray | Mapping) or not isinstance(value, Iterable):
        raise _bad(
            CALL_RESULT_VALUES,
            value,
            "call results separated by commas, or a sequence of call results",
            f"not a string or a sequence but {type(value).__name__}",
        )
    return tuple(CallResult.parse(v) for v in value)


def _to_treatment_mode(value: object) -> TreatmentMode:
    return TreatmentMode.parse(value)


def _to_optional_call_result(value: object) -> CallResult | None:
    return None if value is None else CallResult.parse(value)


@attrs.define(frozen=True, slots=True)
class OutboundOptions:
    """The outbound options of one agent's Workspace configuration.

    Attributes:
        call_result_values: the call results offered to the agent, in display order.
        call_result_automatically_selected: the call result selected by default, or None
            for "the record's current call result, or Unknown" (see `preselected_call_result`).
        max_simultaneous_preview_records: how many preview records an agent may view at
            once, or None for no limit.
        callback_ringing_bell: the sound of a scheduled callback pushed as a preview, or
            None for no sound.
        disposition_mandatory: whether a disposition code must be set before Mark Done
            ("You might be configured to specify a disposition code before you can click Mark
            Done", seed 003).
        disposition_codes: the disposition codes the agent may assign, in display order.
        treatment_mode: the treatment the desktop asks for at Done (`none`: none).
    """

    call_result_values: tuple[CallResult, ...] = attrs.field(
        default=DEFAULT_CALL_RESULT_VALUES, converter=_to_call_results
    )
    call_result_automatically_selected: CallResult | None = attrs.field(
        default=None, converter=_to_optional_call_result
    )
    max_simultaneous_preview_records: int | None = None
    callback_ringing_bell: RingingBell | None = None
    disposition_mandatory: bool = False
    disposition_codes: tuple[str, ...] = DEFAULT_DISPOSITION_CODES
    treatment_mode: TreatmentMode = attrs.field(
        default=TreatmentMode.NONE, converter=_to_treatment_mode
    )

    def __attrs_post_init__(self) -> None:
        values = self.call_result_values
        if not values:
            raise _bad(CALL_RESULT_VALUES, "", "at least one call result")
        if len(set(values)) != len(values):
            raise _bad(CALL_RESULT_VALUES, _names(values), "each call result once")
        chosen = self.call_result_automatically_selected
        if chosen is not None and chosen not in values:
            raise _bad(
                CALL_RESULT_AUTOMATICALLY_SELECTED,
                chosen.camel_name,
                f"empty, or one of {CALL_RESULT_VALUES}: {_names(values)}",
                "not among the offered call results",
            )
        limit = self.max_simultaneous_preview_records
        if limit is not None and (type(limit) is not int or not 1 <= limit <= _INT32[1]):
            raise _bad(
                MAX_SIMULTANEOUS_PREVIEW_RECORD,
                limit,
                "None for no limit, or a whole number from 1",
            )
        bell = self.callback_ringing_bell
        if bell is not None and not isinstance(bell, RingingBell):
            raise _bad(RINGING_BELL, bell, "a RingingBell or None")
        if type(self.disposition_mandatory) is not bool:
            raise _bad(DISPOSITION_IS_MANDATORY, self.disposition_mandatory, "true or false")
        codes = self.disposition_codes
        if (
            not isinstance(codes, tuple)
            or not codes
            or not all(isinstance(c, str) and c.strip() and "," not in c for c in codes)
            or len(set(codes)) != len(codes)
        ):
            raise _bad(
                DISPOSITION_CODES, codes, "a comma-separated list of distinct, non-blank codes"
            )

    @classmethod
    def from_mapping(cls, mapping: Mapping[str, object]) -> OutboundOptions:
        """Read the outbound options from an `interaction-workspace` section.

        Missing options take their defaults: the 39 call results the Service Client offers,
        no automatic selection, no preview limit (-1), no ringing bell, treatment mode
        `none`. An empty `outbound.call-result-values`, max-simultaneous, ringing-bell or
        treatment-mode value also means the default; an empty automatic selection means
        "current call result, or Unknown".

        Raises:
            InvalidValue: `invalid-option` naming the option, the value and what is allowed;
                `wrong-type` when `mapping` is not a mapping.
        """
        if not isinstance(mapping, Mapping):
            raise InvalidValue(
                f"options are read from a mapping of option names to strings, "
                f"not {type(mapping).__name__}",
                code=ErrorCode.WRONG_TYPE,
                value=shorten(mapping),
            )
        values = _call_results(mapping.get(CALL_RESULT_VALUES, ""))
        return cls(
            call_result_values=values,
            call_result_automatically_selected=_automatic(
                mapping.get(CALL_RESULT_AUTOMATICALLY_SELECTED, ""), values
            ),
            max_simultaneous_preview_records=_preview_limit(
                mapping.get(MAX_SIMULTANEOUS_PREVIEW_RECORD, "")
            ),
            callback_ringing_bell=_ringing_bell(mapping.get(RINGING_BELL, "")),
            disposition_mandatory=_boolean(
                DISPOSITION_IS_MANDATORY, mapping.get(DISPOSITION_IS_MANDATORY, "")
            ),
            disposition_codes=_codes(DISPOSITION_CODES, mapping.get(DISPOSITION_CODES, "")),
            treatment_mode=_treatment_mode(mapping.get(TREATMENT_MODE, "")),
        )

    def to_mapping(self) -> dict[str, str]:
        """The options as configuration strings; `from_mapping` reads them back equal."""
        chosen = self.call_result_automatically_selected
        limit = self.max_simultaneous_preview_records
        return {
            CALL_RESULT_VALUES: _names(self.call_result_values),
            CALL_RESULT_AUTOMATICALLY_SELECTED: "" if chosen is None else chosen.camel_name,
            MAX_SIMULTANEOUS_PREVIEW_RECORD: "-1" if limit is None else str(limit),
            RINGING_BELL: ""
            if self.callback_ringing_bell is None
            else str(self.callback_ringing_bell),
            DISPOSITION_IS_MANDATORY: "true" if self.disposition_mandatory else "false",
            DISPOSITION_CODES: ", ".join(self.disposition_codes),
            TREATMENT_MODE: self.treatment_mode.value,
        }

    def to_dict(self) -> dict[str, Any]:
        """Plain data (the configuration strings), for JSON."""
        return dict(self.to_mapping())

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> OutboundOptions:
        """The options `to_dict` wrote."""
        return cls.from_mapping(data)

    def preselected_call_result(self, current: CallResult | int | str | None) -> CallResult:
        """The call result selected by default for a record whose call result is `current`.

        The configured `outbound.call-result-automatically-selected` when set; otherwise
        the record's current call result, or Unknown when it has none (`None`).
        """
        if self.call_result_automatically_selected is not None:
            return self.call_result_automatically_selected
        return CallResult.UNKNOWN if current is None else CallResult.parse(current)

    def offers(self, result: CallResult | int | str) -> bool:
        """Whether `result` is among the call results offered to the agent."""
        return CallResult.parse(result) in self.call_result_values


@functools.lru_cache(maxsize=64)
def _names(values: tuple[CallResult, ...]) -> str:
    # Cached: options are written with every desk snapshot (a stored day writes them each step).
    return ", ".join(v.camel_name for v in values)


def _automatic(value: object, values: tuple[CallResult, ...]) -> CallResult | None:
    allowed = f"empty, or one of {CALL_RESULT_VALUES}: {_names(values)}"
    if not isinstance(value, str):
        raise _bad(CALL_RESULT_AUTOMATICALLY_SELECTED, value, allowed, "not a string")
    if not value.strip():
        return None
    try:
        chosen = CallResult.parse(value)
    except InvalidValue as error:
        raise _bad(CALL_RESULT_AUTOMATICALLY_SELECTED, value, allowed, str(error)) from None
    if chosen not in values:
        raise _bad(
            CALL_RESULT_AUTOMATICALLY_SELECTED,
            value,
            allowed,
            "not among the offered call results",
        )
    return chosen


def _preview_limit(value: object) -> int | None:
    if isinstance(value, str) and not value.strip():
        return None
    limit = _integer(
        MAX_SIMULTANEOUS_PREVIEW_RECORD,
        value,
        "a whole number; 0 or negative means no limit",
        *_INT32,
    )
    return limit if limit > 0 else None


def _boolean(option: str, value: object) -> bool:
    if isinstance(value, bool):
        return value
    if not isinstance(value, str):
        raise _bad(option, value, "true or false", "not a string")
    text = value.strip().lower()
    if text in ("", "false"):
        return False
    if text == "true":
        return True
    raise _bad(option, value, "true or false")


def _codes(option: str, value: object) -> tuple[str, ...]:
    if not isinstance(value, str):
        raise _bad(option, value, "a comma-separated list of codes", "not a string")
    if not value.strip():
        return DEFAULT_DISPOSITION_CODES
    codes = tuple(code.strip() for code in value.split(","))
    if not all(codes) or len(set(codes)) != len(codes):
        raise _bad(option, value, "a comma-separated list of distinct, non-blank codes")
    return codes


def _ringing_bell(value: object) -> RingingBell | None:
    if isinstance(value, str) and not value.strip():
        return None
    if not isinstance(value, str):
        raise _bad(RINGING_BELL, value, "name|priority|duration, e.g. BELL|7|0", "not a string")
    return RingingBell.parse(value)


def _treatment_mode(value: object) -> TreatmentMode:
    if isinstance(value, str) and not value.strip():
        return TreatmentMode.NONE
    return TreatmentMode.parse(value)
