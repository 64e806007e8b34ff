"""Checking a recorded trace: was this sequence of events legal?

A trace is a stream of `TraceStep`s, whatever format it was recorded in: the readers of
`outbound_core.replay.readers` turn Webex events, desktop-protocol messages or simulation steps
into steps, and `check_steps` replays them all the same way. Each step names the interaction
(the lifecycle instance) it belongs to, where that lifecycle starts, the move it makes, the
progress ranks of the lifecycle's states, an identity (for duplicates) and an ordering key
(for reorderings). Every step is judged by `outbound_core.replay.advance`.

The report gives, per interaction, the first illegal step with its line and why, and every
duplicate and reordering seen. A trace is legal when no step is illegal; duplicates and
reorderings are what Webex documents as normal delivery faults and do not make it illegal.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import Any, NamedTuple

import attrs

from outbound_core.errors import InvalidValue, TransitionNotAllowed, shorten
from outbound_core.machines import CompiledMachine
from outbound_core.replay.advance import Move, Position, StepKind, advance

__all__ = [
    "Finding",
    "InteractionReport",
    "TraceReport",
    "TraceStep",
    "check_steps",
    "machine_move",
]


class TraceStep(NamedTuple):
    """One event of a trace, ready to be judged (an immutable named tuple: a trace has
    millions of them, and a tuple is built ten times faster than a frozen attrs value).

    Attributes:
        line: the line of the trace it was read from (1-based).
        interaction_id: the lifecycle instance it belongs to (an interaction id, `record 12`,
            `reference 7`, ...).
        event: the event's name, for the report.
        start: the state a new instance starts in.
        move: the move the event makes (`replay.Move`).
        ranks: the progress rank of each state of the lifecycle.
        finals: the states in which the instance is finished.
        identity: equal for a repeated delivery of the same event.
        order: the ordering key (an event time, a sequence number), or None.
    """

    line: int
    interaction_id: str
    event: str
    start: str
    move: Move
    ranks: Mapping[str, int]
    finals: frozenset[str]
    identity: Hashable
    order: Any = None


@attrs.define(frozen=True, slots=True)
class Finding:
    """A step worth reporting: where it is, what it was, the state it found, and why."""

    line: int
    event: str
    state: str
    reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The finding as plain data."""
        return attrs.asdict(self)


@attrs.define(frozen=True, slots=True)
class InteractionReport:
    """What the trace did to one lifecycle instance.

    Attributes:
        interaction_id: the instance.
        state: the state it was left in.
        steps: how many steps named it.
        finished: whether it ended in a final state.
        first_illegal: the first illegal step, or None.
        illegal: how many illegal steps in all.
        duplicates: the duplicates seen.
        reordered: the reordered steps seen (reported, not applied).
    """

    interaction_id: str
    state: str
    steps: int
    finished: bool
    first_illegal: Finding | None
    illegal: int
    duplicates: tuple[Finding, ...]
    reordered: tuple[Finding, ...]

    def to_dict(self) -> dict[str, Any]:
        """The report as plain data."""
        return {
            "interaction_id": self.interaction_id,
            "state": self.state,
            "steps": self.steps,
            "finished": self.finished,
            "first_illegal": None if self.first_illegal is None else self.first_illegal.to_dict(),
            "illegal": self.illegal,
            "duplicates": [f.to_dict() for f in self.duplicates],
            "reordered": [f.to_dict() for f in self.reordered],
        }


@attrs.define(frozen=True, slots=True)
class TraceReport:
    """The verdict on a whole trace.

    Attributes:
        steps: how many steps were judged.
        interactions: one report per lifecycle instance, in order of first appearance.
    """

    steps: int
    interactions: tuple[InteractionReport, ...]

    @property
    def legal(self) -> bool:
        """Whether no step of the trace is illegal."""
        return all(report.first_illegal is None for report in self.interactions)

    def to_dict(self) -> dict[str, Any]:
        """The report as plain data (what `outbound-core check --json` prints)."""
        return {
            "legal": self.legal,
            "steps": self.steps,
            "interactions": [report.to_dict() for report in self.interactions],
        }


def machine_move(
    machine: CompiledMachine,
    event: str,
    effects: Mapping[str, tuple[frozenset[str], frozenset[str]]] | None = None,
    guards: Mapping[str, bool] | None = None,
    recorded_target: str | None = None,
) -> Move:
    """The move of `event` on a compiled lifecycle. Guards are answered from the facts the
    earlier events established (`effects`: event to the facts it adds and removes), or from
    `guards` when given. Without either, a `recorded_target` (the state the recorder says the
    event led to) stands for the guards the recorder evaluated: the move is legal when the
    lifecycle has that transition. An event the lifecycle does not have is refused like any
    other."""

    def move(state: str, facts: frozenset[str]) -> tuple[str, frozenset[str]]:
        if event not in machine.events:
            raise TransitionNotAllowed(
                f"{machine.name} has no event {shorten(event)}", state=state, event=event
            )
        if effects is None and guards is None and recorded_target is not None:
            candidates = machine.table.get((state, event), ())
            if any(t.target == recorded_target for t in candidates):
                return recorded_target, facts
            if candidates:
                raise TransitionNotAllowed(
                    f"{machine.name}: {event} does not lead from {state} to {recorded_target}",
                    state=state,
                    event=event,
                )
        answer: Callable[[str], bool] = facts.__contains__
        if guards is not None:
            answer = lambda name: guards.get(name, name in facts)  # noqa: E731
        try:
            target = machine.next(state, event, answer)
        except InvalidValue as error:  # a state of another lifecycle: the mode changed
            raise TransitionNotAllowed(error.message, state=state, event=event) from None
        if effects is not None and event in effects:
            added, removed = effects[event]
            facts = (facts - removed) | added
        return target, facts

    return move


class _Tally:
    __slots__ = ("duplicates", "first_illegal", "illegal", "position", "reordered", "steps")

    def __init__(self, position: Position) -> None:
        self.position = position
        self.steps = 0
        self.illegal = 0
        self.first_illegal: Finding | None = None
        self.duplicates: list[Finding] = []
        self.reordered: list[Finding] = []


def check_steps(steps: Iterable[TraceStep]) -> TraceReport:
    """Replay `steps` in order and report on every lifecycle instance they name."""
    tallies: dict[str, _Tally] = {}
    finals: dict[str, frozenset[str]] = {}
    count = 0
    for step in steps:
        count += 1
        tally = tallies.get(step.interaction_id)
        if tally is None:
            tally = tallies[step.interaction_id] = _Tally(Position(step.start))
            finals[step.interaction_id] = step.finals
        tally.steps += 1
        before = tally.position
        tally.position, verdict = advance(before, step.identity, step.order, step.move, step.ranks)
        kind = verdict.kind
        if kind is StepKind.APPLIED:
            continue
        finding = Finding(step.line, step.event, before.state, verdict.reason)
        if kind is StepKind.ILLEGAL:
            tally.illegal += 1
            if tally.first_illegal is None:
                tally.first_illegal = finding
        elif kind is StepKind.DUPLICATE:
            tally.duplicates.append(finding)
        else:
            tally.reordered.append(finding)
    reports = tuple(
        InteractionReport(
            interaction_id=key,
            state=tally.position.state,
            steps=tally.steps,
            finished=tally.position.state in finals[key],
            first_illegal=tally.first_illegal,
            illegal=tally.illegal,
            duplicates=tuple(tally.duplicates),
            reordered=tuple(tally.reordered),
        )
        for key, tally in tallies.items()
    )
    return TraceReport(count, reports)
