"""Checks shared by the controllers' settings: numbers in a range, known keys only."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from outbound_core.errors import ErrorCode, InvalidValue, require_whole, shorten

__all__ = ["check_number", "check_whole", "settings_values"]


def check_number(name: str, value: object, low: float, high: float) -> None:
    """Refuse `value` unless it is an int or a float from `low` to `high` (not a bool, not NaN).

    Raises:
        InvalidValue: `wrong-type` or `invalid-value`, naming the setting.
    """
    if type(value) not in (int, float):
        raise InvalidValue(
            f"{name} is a number, not {type(value).__name__}",
            code=ErrorCode.WRONG_TYPE,
            field=name,
            value=shorten(value),
        )
    if not low <= value <= high:  # type: ignore[operator]  # NaN fails too
        raise InvalidValue(
            f"{name} {shorten(value)} is outside {low:g} to {high:g}",
            field=name,
            value=shorten(value),
        )


def check_whole(name: str, value: object, low: int, high: int) -> None:
    """Refuse `value` unless it is a whole number (not a bool) from `low` to `high`.

    Raises:
        InvalidValue: `wrong-type` or `invalid-value`, naming the setting.
    """
    require_whole(name, value, low, high)


def settings_values(data: Mapping[str, Any], mode: str, names: tuple[str, ...]) -> dict[str, Any]:
    """The values of `data` named in `names`, refusing other keys and another `mode`."""
    if not isinstance(data, Mapping):
        raise InvalidValue(
            f"pacing settings are an object, not {type(data).__name__}",
            code=ErrorCode.WRONG_TYPE,
            value=shorten(data),
        )
    unknown = sorted(str(k) for k in data if k not in (*names, "mode"))
    if unknown or data.get("mode", mode) != mode:
        raise InvalidValue(
            f"{mode} settings take {', '.join(names)}; not {', '.join(unknown) or 'mode ' + shorten(data.get('mode'))}",
            field=unknown[0] if unknown else "mode",
            value=shorten(unknown or data.get("mode")),
        )
    return {k: data[k] for k in names if k in data}
