"""Record field lists: what getRecordFields describes and the rules updateRecordFields enforces.

`validate_update` checks a whole update against the record's field specs (`field_spec`):
either every field passes and the normalized values come back, or one
`FieldValidationError` lists every problem and nothing is applied. `FieldSet` builds each
field's check once (`field_checks`), so that updates are checked quickly.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from typing import Any

import attrs

from outbound_core.errors import (
    ErrorCode,
    FieldValidationError,
    InvalidValue,
    close_matches,
    shorten,
)
from outbound_core.records.field_checks import Check, Problem, compile_check
from outbound_core.records.field_spec import (
    COMPATIBLE_VALUE_TYPES,
    EDITABLE_SYSTEM_FIELDS,
    FieldSpec,
    FieldType,
    OptionKey,
    ValueType,
    is_read_only_system_field,
)

__all__ = [
    "COMPATIBLE_VALUE_TYPES",
    "EDITABLE_SYSTEM_FIELDS",
    "FieldSet",
    "FieldSpec",
    "FieldType",
    "OptionKey",
    "ValueType",
    "is_read_only_system_field",
    "validate_update",
]


#: How many field problems an error message lists; `details["problems"]` has them all.
_LISTED_PROBLEMS = 5


def _name(field: object) -> str:
    return field if isinstance(field, str) and len(field) <= 60 else shorten(field)


def _names_of(specs: Iterable[FieldSpec]) -> tuple[FieldSpec, ...]:
    if isinstance(specs, str | bytes | Mapping) or not isinstance(specs, Iterable):
        raise InvalidValue(
            f"a field list is a sequence of FieldSpec values, not {type(specs).__name__}",
            code=ErrorCode.WRONG_TYPE,
            value=shorten(specs),
        )
    collected = tuple(specs)
    seen: set[str] = set()
    for spec in collected:
        if not isinstance(spec, FieldSpec):
            raise InvalidValue(
                f"a field list holds FieldSpec values, not {type(spec).__name__}",
                code=ErrorCode.WRONG_TYPE,
                value=shorten(spec),
            )
        if spec.name in seen:
            raise InvalidValue(f"the field list names {shorten(spec.name)} twice", field=spec.name)
        seen.add(spec.name)
    return collected


@attrs.define(frozen=True, slots=True)
class FieldSet:
    """The field list of one record, ready to check updates quickly (one check per field, built once)."""

    specs: tuple[FieldSpec, ...] = attrs.field(converter=_names_of)
    _checks: dict[str, Check] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_checks", {spec.name: compile_check(spec) for spec in self.specs})

    def __reduce__(self) -> tuple[Any, ...]:
        return (FieldSet, (self.specs,))

    def __getitem__(self, name: str) -> FieldSpec:
        for spec in self.specs:
            if spec.name == name:
                return spec
        raise KeyError(name)

    def __contains__(self, name: object) -> bool:
        return name in self._checks

    def __len__(self) -> int:
        return len(self.specs)

    def validate(self, update: Mapping[str, Any]) -> dict[str, Any]:
        """Check a whole update [`recordData` of updateRecordFields]; see `validate_update`."""
        if not isinstance(update, Mapping):
            raise InvalidValue(
                f"an update is a mapping of field names to values, not {type(update).__name__}",
                code=ErrorCode.WRONG_TYPE,
                value=shorten(update),
            )
        checks = self._checks
        try:  # the common case: every field known and good
            return {name: checks[name](value) for name, value in update.items()}
        except (KeyError, TypeError, Problem):
            pass  # find every problem, below
        normalized: dict[str, Any] = {}
        problems: list[dict[str, Any]] = []
        for name, value in update.items():
            check = checks.get(name) if isinstance(name, Hashable) else None
            if check is None:
                problems.append(self._unknown(name, value))
                continue
            try:
                normalized[name] = check(value)
            except Problem as problem:
                problems.append(
                    {
                        "field": name,
                        "code": str(problem.code),
                        "message": problem.message,
                        "value": value,
                    }
                )
        if problems:
            listed = "; ".join(
                f"{_name(p['field'])}: {p['message']}" for p in problems[:_LISTED_PROBLEMS]
            )
            if len(problems) > _LISTED_PROBLEMS:
                listed += f"; and {len(problems) - _LISTED_PROBLEMS} more"
            count = "1 field" if len(problems) == 1 else f"{len(problems)} fields"
            raise FieldValidationError(
                f"the update was refused, nothing applied ({count}): {listed}",
                problems=problems,
                fields=[p["field"] for p in problems],
            )
        return normalized

    def _unknown(self, name: object, value: object) -> dict[str, Any]:
        message = f"{shorten(name)} is not in the record's field list"
        hints = close_matches(name, self._checks) if isinstance(name, str) else ()
        if hints:
            message += f" (did you mean {', '.join(hints)}?)"
        return {
            "field": name,
            "code": str(ErrorCode.UNKNOWN_FIELD),
            "message": message,
            "value": value,
        }

    def to_dict(self) -> dict[str, Any]:
        """The field list as plain data."""
        return {"specs": [spec.to_dict() for spec in self.specs]}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FieldSet:
        """The field list `to_dict` wrote.

        Raises:
            InvalidValue: a spec that cannot be read.
        """
        specs = data.get("specs") if isinstance(data, Mapping) else None
        if not isinstance(specs, list):
            raise InvalidValue("a field set is {'specs': [...]}", code=ErrorCode.WRONG_TYPE)
        return cls(tuple(FieldSpec.from_dict(item) for item in specs))


def validate_update(
    specs: FieldSet | Iterable[FieldSpec], update: Mapping[str, Any]
) -> dict[str, Any]:
    """Check an updateRecordFields update against the record's field specs, all or nothing.

    The update fails if any field is unknown, not editable (its spec, or a read-only system
    field), breaks its value type or field type, or is mandatory and set to null, an empty
    string or whitespace. A non-mandatory field may be set to None (cleared).

    Args:
        specs: the record's field list (a `FieldSet` is checked fastest).
        update: field name -> new value, as the update request carries them.

    Returns:
        The normalized values, in the update's order: times as `HH:MM` ("10.15" -> "10:15"),
        whole numbers written in strings without "+" or leading zeros ("+042" -> "42"),
        float numbers as Python floats, enum keys as the option key; all else as given.

    Raises:
        FieldValidationError: with `details["problems"]`, one entry per bad field (`field`,
            `code`, `message`, `value`); nothing is applied.
        InvalidValue: `wrong-type` when `update` is not a mapping or `specs` holds no specs.
    """
    field_set = specs if isinstance(specs, FieldSet) else FieldSet(specs)
    return field_set.validate(update)
