"""A calling list's treatment table: its treatments, checked as a whole when loaded.

The treatments of one call result form its sequence (reference §4.2, Genesys *Treatment
Sequences*): steps numbered from 1; OCS stops at the first gap, so a step after a gap can
never run and is refused, named. A Next-in-Chain step must be the last of its sequence, and so
must a step that finalizes the chain (No Treatment, Update All Records In Chain, Mark As Agent
Error, Cancel Record): anything after it is unreachable. A call result has at most one
Apply-to-Call treatment, and it is never sequenced.

The table reads from JSON (`TreatmentTable.from_json`): a list of treatment objects (see
`Treatment.from_dict`). However hostile the text, it is read or refused with an
`OutboundError`: `wire-format` when it is not JSON (with line and column), `invalid-treatment`
naming the treatment (index and call result) and the parameter otherwise.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from outbound_core.codes import CallResult
from outbound_core.errors import ErrorCode, InvalidValue, WireFormatError, shorten
from outbound_core.treatments.actions import (
    FINALIZING_ACTIONS,
    NEXT_IN_CHAIN_ACTIONS,
    CallAction,
    RecordAction,
)
from outbound_core.treatments.treatment import Treatment, treatment_error

__all__ = ["TreatmentTable"]

_MAX_TREATMENTS = 10_000


def _treatments(value: object) -> tuple[Treatment, ...]:
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise InvalidValue(
            f"a treatment table is a sequence of treatments, not {type(value).__name__}",
            code=ErrorCode.WRONG_TYPE,
            value=shorten(value),
        )
    found = tuple(value)
    for index, treatment in enumerate(found):
        if type(treatment) is not Treatment:
            raise treatment_error(
                index, None, "treatment", f"expected a Treatment, got {type(treatment).__name__}"
            )
    return found


@attrs.define(frozen=True, slots=True)
class TreatmentTable:
    """The treatments of a calling list [Treatments of the Calling List object].

    Attributes:
        treatments: the treatments in the order given (their index names them in errors).
    """

    treatments: tuple[Treatment, ...] = attrs.field(default=(), converter=_treatments)
    _sequences: Mapping[CallResult, tuple[Treatment, ...]] = attrs.field(
        init=False, eq=False, repr=False
    )
    _calls: Mapping[CallResult, Treatment] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        if len(self.treatments) > _MAX_TREATMENTS:
            raise InvalidValue(
                f"a treatment table holds at most {_MAX_TREATMENTS:,} treatments, "
                f"not {len(self.treatments):,}",
                code=ErrorCode.INVALID_TREATMENT,
                value=len(self.treatments),
            )
        steps: dict[CallResult, dict[int, int]] = {}
        calls: dict[CallResult, int] = {}
        for index, treatment in enumerate(self.treatments):
            result = treatment.call_result
            if type(treatment.action) is CallAction:
                if result in calls:
                    raise treatment_error(
                        index,
                        result,
                        "apply_to",
                        f"a second Apply-to-Call treatment for the result "
                        f"(the first is treatments[{calls[result]}])",
                        "call",
                        first=calls[result],
                    )
                calls[result] = index
                continue
            numbered = steps.setdefault(result, {})
            number = treatment.number_in_sequence
            if number in numbered:
                raise treatment_error(
                    index,
                    result,
                    "number_in_sequence",
                    f"step {number} is already treatments[{numbered[number]}]",
                    number,
                    first=numbered[number],
                )
            numbered[number] = index
        sequences: dict[CallResult, tuple[Treatment, ...]] = {}
        for result, numbered in steps.items():
            sequences[result] = self._check_sequence(result, numbered)
        # Plain dicts, never handed out: a frozen table's lookups (and they pickle).
        object.__setattr__(self, "_sequences", sequences)
        object.__setattr__(
            self, "_calls", {result: self.treatments[i] for result, i in calls.items()}
        )

    def _check_sequence(
        self, result: CallResult, numbered: dict[int, int]
    ) -> tuple[Treatment, ...]:
        reachable: list[Treatment] = []
        number = 1
        while number in numbered:
            reachable.append(self.treatments[numbered[number]])
            number += 1
        unreachable = sorted(i for n, i in numbered.items() if n >= number)
        if unreachable:
            shown = ", ".join(
                f"treatments[{i}] (step {self.treatments[i].number_in_sequence})"
                for i in unreachable
            )
            raise treatment_error(
                unreachable[0],
                result,
                "number_in_sequence",
                f"unreachable: the sequence has no step {number}, so it stops there "
                f"(steps are numbered from 1 without gaps); unreachable: {shown}",
                self.treatments[unreachable[0]].number_in_sequence,
                unreachable=unreachable,
                missing_step=number,
            )
        for position, step in enumerate(reachable[:-1]):
            action = step.action
            if action in NEXT_IN_CHAIN_ACTIONS or action in FINALIZING_ACTIONS:
                later = [numbered[n] for n in range(position + 2, len(reachable) + 1)]
                why = (
                    "a Next-in-Chain step must be the last of its sequence"
                    if action in NEXT_IN_CHAIN_ACTIONS
                    else f"{action.label} finalizes the chain, so nothing after it can run"
                )
                raise treatment_error(
                    later[0],
                    result,
                    "number_in_sequence",
                    f"unreachable after step {step.number_in_sequence} "
                    f"(treatments[{numbered[position + 1]}], {action.label}): {why}; "
                    f"unreachable: {', '.join(f'treatments[{i}]' for i in later)}",
                    self.treatments[later[0]].number_in_sequence,
                    unreachable=later,
                )
        return tuple(reachable)

    def sequence(self, result: CallResult) -> tuple[Treatment, ...]:
        """The Apply-to-Record steps for `result`, step 1 first; empty when there are none."""
        return self._sequences.get(result, ())

    def call_treatment(self, result: CallResult) -> Treatment | None:
        """The Apply-to-Call treatment for `result`, or None."""
        return self._calls.get(result)

    @property
    def call_results(self) -> frozenset[CallResult]:
        """The call results that have a treatment of either kind."""
        return frozenset(self._sequences) | frozenset(self._calls)

    def record_actions(self) -> frozenset[RecordAction]:
        """Every Apply-to-Record action the table uses."""
        return frozenset(
            t.action
            for steps in self._sequences.values()
            for t in steps
            if type(t.action) is RecordAction
        )

    def to_list(self) -> list[dict[str, Any]]:
        """The table as its JSON list of treatment objects (`from_list` reads it back equal)."""
        return [treatment.to_dict() for treatment in self.treatments]

    def to_dict(self) -> dict[str, Any]:
        """Plain data: `{"treatments": [...]}`."""
        return {"treatments": self.to_list()}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TreatmentTable:
        """The table `to_dict` wrote.

        Raises:
            InvalidValue: `invalid-treatment`, or `wrong-type` when it is not such a mapping.
        """
        if not isinstance(data, Mapping) or set(data) != {"treatments"}:
            raise InvalidValue(
                f"not a treatment table: {shorten(data)}",
                code=ErrorCode.WRONG_TYPE,
                value=shorten(data),
            )
        return cls.from_list(data["treatments"])

    @classmethod
    def from_list(cls, data: Sequence[Any]) -> TreatmentTable:
        """Read the JSON table's list of treatment objects (see `Treatment.from_dict`).

        Raises:
            InvalidValue: `invalid-treatment` naming the treatment and the parameter, or
                `wrong-type` when `data` is not a list.
        """
        if not isinstance(data, list | tuple):
            raise InvalidValue(
                f"a treatment table is a JSON list of treatment objects, not {type(data).__name__}",
                code=ErrorCode.WRONG_TYPE,
                value=shorten(data),
            )
        if len(data) > _MAX_TREATMENTS:
            raise InvalidValue(
                f"a treatment table holds at most {_MAX_TREATMENTS:,} treatments",
                code=ErrorCode.INVALID_TREATMENT,
                value=len(data),
            )
        return cls(tuple(Treatment.from_dict(item, index) for index, item in enumerate(data)))

    @classmethod
    def from_json(cls, text: str | bytes) -> TreatmentTable:
        """Read a treatment table from JSON text (a list of treatment objects).

        Raises:
            WireFormatError: the text is not strict JSON (line and column in the details).
            InvalidValue: `invalid-treatment` naming the treatment and the parameter.
        """
        return cls.from_list(_load_json(text))


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _load_json(text: object) -> Any:
    if isinstance(text, bytes | bytearray):
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError as error:
            raise WireFormatError(
                f"the treatment table is not UTF-8 (byte {error.start})", position=error.start
            ) from None
    if not isinstance(text, str):
        raise InvalidValue(
            f"a treatment table is JSON text, not {type(text).__name__}",
            code=ErrorCode.WRONG_TYPE,
            value=shorten(text),
        )
    if text.startswith("\ufeff"):  # a byte-order mark, as some editors write
        text = text[1:]
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        raise WireFormatError(
            f"the treatment table is not JSON: {error.msg} at line {error.lineno}, "
            f"column {error.colno}",
            line=error.lineno,
            column=error.colno,
        ) from None
    except (ValueError, RecursionError) as error:
        # Integers beyond the interpreter's digit limit, NaN and friends, deep nesting.
        raise WireFormatError(
            f"the treatment table cannot be read: {shorten(str(error), 120)}"
        ) from None
