"""Lifecycles compiled from their python-statemachine declarations into plain tables.

Each lifecycle is declared once, as a python-statemachine `StateMachine` class; that class is
the single source of truth, the reference executor in the differential tests and the source of
the diagrams. The hot path does not run it: `compile_machine` reads the class once into an
immutable table `(state, event) -> (transition, ...)`, and `CompiledMachine.next` moves by
table lookup, asking the caller's `guard(name)` for each guard name, with python-statemachine's
semantics: the first transition (in declaration order) whose guards hold wins.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import Any, cast

import attrs
from statemachine import StateMachine

from outbound_core.errors import ErrorCode, InvalidValue, TransitionNotAllowed, shorten

__all__ = ["CompiledMachine", "Guard", "Transition", "compile_machine"]

#: Answers a guard name: True when the condition holds now.
Guard = Callable[[str], bool]

_GUARD_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _no_guards(name: str) -> bool:
    raise InvalidValue(
        f"the transition has guard {name!r} but no guard function was given",
        code=ErrorCode.INVALID_VALUE,
        guard=name,
    )


@attrs.define(frozen=True, slots=True)
class Transition:
    """One declared transition: `event` moves `source` to `target` when the guards hold.

    Attributes:
        cond: guard names that must all answer True.
        unless: guard names that must all answer False.
    """

    event: str
    source: str
    target: str
    cond: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()

    def first_failing_guard(self, guard: Guard) -> str | None:
        """The first guard that does not hold (`name` or `not name`), or None when all hold."""
        for name in self.cond:
            if not guard(name):
                return name
        for name in self.unless:
            if guard(name):
                return f"not {name}"
        return None


@attrs.define(frozen=True, slots=True)
class CompiledMachine:
    """A lifecycle as an immutable table; a lifecycle value holds only its current state id.

    Attributes:
        name: the declaring class's name.
        initial: the initial state id.
        states: every state id, in declaration order.
        final_states: the states nothing leaves.
        events: every event name, in declaration order.
        guards: every guard name the transitions ask about.
    """

    name: str
    initial: str
    states: tuple[str, ...]
    final_states: frozenset[str]
    events: tuple[str, ...]
    _table: dict[tuple[str, str], tuple[Transition, ...]] = attrs.field(repr=False, alias="table")
    guards: frozenset[str] = attrs.field(repr=False)

    @property
    def table(self) -> Mapping[tuple[str, str], tuple[Transition, ...]]:
        """`(state, event)` to the candidate transitions, in declaration order (read-only)."""
        return MappingProxyType(self._table)

    def next(self, state: str, event: str, guard: Guard = _no_guards) -> str:
        """The state `event` leads to from `state`, given the guard answers.

        Raises:
            TransitionNotAllowed: no transition for `event` leaves `state`, or every candidate's
                guards fail (the details name the first failing guard of each candidate).
            InvalidValue: `state` or `event` is not part of this lifecycle.
        """
        try:
            candidates = self._table.get((state, event))
        except TypeError:
            candidates = None
        if candidates is None:
            self._refuse_unknown(state, event)
            raise TransitionNotAllowed(
                f"{self.name}: {event} is not allowed in state {state}",
                state=state,
                event=event,
                machine=self.name,
                failed_guards=[],
            )
        if len(candidates) == 1 and not candidates[0].cond and not candidates[0].unless:
            return candidates[0].target
        failed: list[str] = []
        for transition in candidates:
            failing = transition.first_failing_guard(guard)
            if failing is None:
                return transition.target
            failed.append(failing)
        raise TransitionNotAllowed(
            f"{self.name}: {event} is not allowed in state {state}: {' / '.join(failed)}",
            state=state,
            event=event,
            machine=self.name,
            failed_guards=failed,
        )

    def allows(self, state: str, event: str, guard: Guard = _no_guards) -> bool:
        """Whether `event` may happen in `state` with these guard answers.

        Raises:
            InvalidValue: `state` or `event` is not a name (`wrong-type`).
        """
        _names(state, event)
        candidates = self._table.get((state, event), ())
        return any(t.first_failing_guard(guard) is None for t in candidates)

    def events_from(self, state: str) -> tuple[str, ...]:
        """The events that have a transition out of `state`, whatever the guards say.

        Raises:
            InvalidValue: `state` is not a name (`wrong-type`).
        """
        _names(state)
        return tuple(e for e in self.events if (state, e) in self._table)

    def is_final(self, state: str) -> bool:
        """Whether `state` is final: nothing happens after it.

        Raises:
            InvalidValue: `state` is not a name (`wrong-type`).
        """
        _names(state)
        return state in self.final_states

    def to_dict(self) -> dict[str, Any]:
        """The table as plain data (for docs, other languages, and diffing versions)."""
        return {
            "name": self.name,
            "initial": self.initial,
            "states": list(self.states),
            "final_states": sorted(self.final_states),
            "events": list(self.events),
            "transitions": [
                attrs.asdict(t) | {"cond": list(t.cond), "unless": list(t.unless)}
                for ts in self._table.values()
                for t in ts
            ],
        }

    def _refuse_unknown(self, state: str, event: str) -> None:
        _names(state, event)
        if state not in self.states:
            raise InvalidValue(
                f"{self.name} has no state {shorten(state)}; states: {', '.join(self.states)}",
                code=ErrorCode.INVALID_VALUE,
                state=state,
                machine=self.name,
            )
        if event not in self.events:
            raise InvalidValue(
                f"{self.name} has no event {shorten(event)}; events: {', '.join(self.events)}",
                code=ErrorCode.INVALID_VALUE,
                event=event,
                machine=self.name,
            )


def _names(*names: object) -> None:
    """Refuse a state or event that is not a name."""
    for name in names:
        if type(name) is not str:
            raise InvalidValue(
                f"states and events are names (strings), not {type(name).__name__}",
                code=ErrorCode.WRONG_TYPE,
                value=shorten(name),
            )


def _guard_names(transition: Any, expected: bool) -> tuple[str, ...]:
    names = []
    for spec in transition.cond.list:
        if spec.expected_value is not expected:
            continue
        name = spec.func
        if not isinstance(name, str) or not _GUARD_NAME.fullmatch(name):
            raise TypeError(
                f"guards must be plain names to compile; {transition.source.id} -> "
                f"{transition.target.id} has {name!r}"
            )
        names.append(name)
    return tuple(names)


_COMPILED: dict[type[StateMachine], CompiledMachine] = {}


def compile_machine(cls: type[StateMachine]) -> CompiledMachine:
    """The compiled table of a python-statemachine class; built once per class and cached."""
    cached = _COMPILED.get(cls)
    if cached is not None:
        return cached
    table: dict[tuple[str, str], list[Transition]] = {}
    for state in cls.states:
        for declared in state.transitions:
            for event in declared.events:
                transition = Transition(
                    event=str(event),
                    source=state.id,
                    target=declared.target.id,
                    cond=_guard_names(declared, True),
                    unless=_guard_names(declared, False),
                )
                table.setdefault((state.id, transition.event), []).append(transition)
    compiled = CompiledMachine(
        name=cls.__name__,
        initial=cls.initial_state.id,
        states=tuple(s.id for s in cls.states),
        final_states=frozenset(s.id for s in cls.states if s.final),
        events=tuple(str(e) for e in cast("Iterable[object]", cls.events)),
        table={k: tuple(v) for k, v in table.items()},
        guards=frozenset(n for ts in table.values() for t in ts for n in (*t.cond, *t.unless)),
    )
    _COMPILED[cls] = compiled
    return compiled
