"""The field readers behind `wire.webex`: typed reads of one message's parts, each failing
with a `WireFormatError` that names the path."""

from __future__ import annotations

import functools
from datetime import UTC, datetime, timedelta
from typing import Any, Final

from outbound_core.errors import WireFormatError, shorten
from outbound_core.wire.webex_events import LcmKey

#: The channel, topic and subtopic as the seed's table spells them; compared casefolded,
#: without spaces.
CHANNEL: Final = "Webex cc"
TOPIC: Final = "Outbound"
SUBTOPIC: Final = "OutboundCallStateChange"

_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)
#: The latest millisecond a `datetime` can hold (9999-12-31 23:59:59.999 UTC).
_MAX_MILLISECONDS: Final = 253_402_300_799_999
#: The longest ring-no-answer timeout read: a day; anything longer is a corrupt message.
_MAX_RONA_SECONDS: Final = 86_400

_CALL = "message.call"
_ACTUAL = "message.call.ResponseActual"
_DATA = "message.call.ResponseActual.data"
_INTERACTION = "message.call.ResponseActual.data.interaction"
_DETAILS = "message.call.ResponseActual.data.interaction.callProcessingDetails"


def _fail(path: str, message: str, value: object = None) -> WireFormatError:
    return WireFormatError(f"{path}: {message}", path=path, value=shorten(value))


def _object(value: object, path: str) -> dict[str, Any]:
    if type(value) is not dict:
        raise _fail(path, f"expected an object, not {type(value).__name__}", value)
    return value


def _optional_object(parent: dict[str, Any], keys: tuple[str, ...], path: str) -> dict[str, Any]:
    """The first of `keys` present in `parent` as an object; {} when absent or null."""
    for key in keys:
        if key in parent:
            value = parent[key]
            if value is None:
                return {}
            return _object(value, f"{path}.{key}")
    return {}


def _text(parent: dict[str, Any], key: str, path: str) -> str | None:
    """`parent[key]` as a string; None when absent or null."""
    value = parent.get(key)
    if value is None or type(value) is str:
        return value
    raise _fail(f"{path}.{key}", f"expected a string, not {type(value).__name__}", value)


def _flag(parent: dict[str, Any], key: str, path: str) -> bool | None:
    value = parent.get(key)
    if value is None or type(value) is bool:
        return value
    if type(value) is str and value in ("true", "false"):
        return value == "true"
    raise _fail(f"{path}.{key}", "expected true or false", value)


def _pick(*sources: tuple[dict[str, Any], str, str]) -> str | None:
    """The first of `(parent, key, path)` present and not null, as a string; later sources are
    not read once one is found."""
    for parent, key, path in sources:
        value = parent.get(key)
        if value is None:
            continue
        if type(value) is str:
            return value
        raise _fail(f"{path}.{key}", f"expected a string, not {type(value).__name__}", value)
    return None


@functools.lru_cache(maxsize=4096)
def _lcm_key(text: str) -> LcmKey:
    return LcmKey.read(text)


@functools.lru_cache(maxsize=256)
def _seconds(seconds: int) -> timedelta:
    return timedelta(seconds=seconds)


@functools.lru_cache(maxsize=256)
def _squeezed(text: str) -> str:
    return "".join(text.split()).casefold()


def _count(parent: dict[str, Any], key: str, path: str, high: int) -> int | None:
    """A non-negative whole number given as a JSON int or as decimal text; None when absent."""
    value = parent.get(key)
    if value is None:
        return None
    if type(value) is int:
        number = value
    elif type(value) is str and value.isascii() and value.isdecimal() and len(value) <= 18:
        number = int(value)
    else:
        raise _fail(f"{path}.{key}", "expected a whole number (or its decimal text)", value)
    if not 0 <= number <= high:
        raise _fail(f"{path}.{key}", f"expected a number from 0 to {high}", value)
    return number


def _instant(parent: dict[str, Any], key: str, path: str) -> datetime | None:
    """Epoch milliseconds (int or decimal text) as an aware UTC datetime; None when null."""
    milliseconds = _count(parent, key, path, _MAX_MILLISECONDS)
    return None if milliseconds is None else _EPOCH + timedelta(milliseconds=milliseconds)


#: Channel, topic and subtopic spellings already accepted (bounded): most messages repeat one.
_ACCEPTED: set[tuple[str, str, str]] = set()


def _envelope(raw: dict[str, Any]) -> tuple[str, str, str]:
    channel, topic, subtopic = raw.get("channel"), raw.get("topic"), raw.get("subtopic")
    if (
        type(channel) is str
        and type(topic) is str
        and type(subtopic) is str
        and (channel, topic, subtopic) in _ACCEPTED
    ):
        return channel, topic, subtopic
    found = []
    for key, expected in (("channel", CHANNEL), ("topic", TOPIC), ("subtopic", SUBTOPIC)):
        value = raw.get(key)
        if type(value) is not str:
            raise _fail(key, f"expected the string {expected!r}", value)
        if _squeezed(value) != _squeezed(expected):
            raise _fail(key, f"expected {expected!r} (any case, any spacing)", value)
        found.append(value)
    if len(_ACCEPTED) < 64:
        _ACCEPTED.add((found[0], found[1], found[2]))
    return found[0], found[1], found[2]


_TEXT_TYPES: Final = frozenset({str, type(None)})
_FLAG_TYPES: Final = frozenset({bool, str, type(None)})
_FLAGS: Final = frozenset({True, False, "true", "false", None})


def _check_party(key: str, party: dict[str, Any]) -> None:
    get = party.get
    texts = _TEXT_TYPES
    flags = _FLAG_TYPES
    joined, left, wrap_up = get("hasJoined"), get("hasLeft"), get("isWrapUp")
    if not (
        type(get("id")) in texts
        and type(get("pType")) in texts
        and type(get("type")) in texts
        and type(get("name")) in texts
        and type(get("queueId")) in texts
        and type(get("teamId")) in texts
        and type(get("teamName")) in texts
        and type(joined) in flags
        and type(left) in flags
        and type(wrap_up) in flags
        and joined in _FLAGS
        and left in _FLAGS
        and wrap_up in _FLAGS
    ):
        where = f"{_INTERACTION}.participants.{key}"
        for text_key in ("id", "pType", "type", "name", "queueId", "teamId", "teamName"):
            _text(party, text_key, where)
        for flag_key in ("hasJoined", "hasLeft", "isWrapUp"):
            _flag(party, flag_key, where)


def _participants(interaction: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The participant objects by id, each checked; {} when there are none."""
    raw = interaction.get("participants")
    if raw is None:
        return {}
    path = f"{_INTERACTION}.participants"
    parties = _object(raw, path)
    for key, value in parties.items():
        if type(value) is not dict:
            _object(value, f"{path}.{key}")
        _check_party(key, value)
    return parties


def _is_hold(interaction: dict[str, Any], media_resource_id: str | None) -> bool:
    path = f"{_INTERACTION}.media"
    media = _optional_object(interaction, ("media",), _INTERACTION)
    for key, value in media.items():
        where = f"{path}.{key}"
        leg = _object(value, where)
        if key == media_resource_id or leg.get("mType") == "mainCall":
            return _flag(leg, "isHold", where) is True
    return False


def _interaction_id(
    call_id: str, actual: dict[str, Any], data: dict[str, Any], interaction: dict[str, Any]
) -> str:
    found: tuple[tuple[str, str | None], ...] = (
        (f"{_DATA}.interactionId", _text(data, "interactionId", _DATA)),
        (f"{_INTERACTION}.interactionId", _text(interaction, "interactionId", _INTERACTION)),
        (f"{_ACTUAL}.interactionId", _text(actual, "interactionId", _ACTUAL)),
    )
    chosen: str | None = None
    for path, value in found:
        if value is None:
            continue
        if not value:
            raise _fail(path, "an interaction id is a non-empty string", value)
        if chosen is not None and value != chosen:
            raise _fail(path, f"names another interaction than {chosen!r}", value)
        chosen = value
    if chosen is None:
        raise _fail(f"{_DATA}.interactionId", "the message names no interaction", call_id)
    return chosen


def _first_rona(
    details: dict[str, Any], variables: dict[str, Any], actual: dict[str, Any]
) -> int | None:
    for parent, path in (
        (details, _DETAILS),
        (variables, f"{_CALL}.CallVariables"),
        (actual, _ACTUAL),
    ):
        seconds = _count(parent, "ronaTimeout", path, _MAX_RONA_SECONDS)
        if seconds is not None:
            return seconds
    return None
