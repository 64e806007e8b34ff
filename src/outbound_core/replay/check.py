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

import heapq
from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import Any, NamedTuple

import attrs

from outbound_core.errors import InvalidValue, TransitionNotAllowed, shorten
from outbound_core.machines import CompiledMachine
from outbound_core.replay.advance import Move, StepKind, StepVerdict, Tracker
from outbound_core.treatments.builder import slot_builder

__all__ = [
    "Finding",
    "InteractionReport",
    "TracePart",
    "TraceReport",
    "TraceStep",
    "check_steps",
    "check_steps_part",
    "machine_move",
    "merge_parts",
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
    other. A move is a pure function: one may be kept and used for every step of its kind."""
    known = event in machine.events
    targets, unguarded, guarded = _event_table(machine, event)
    effect = None if effects is None else effects.get(event)
    recorded = effects is None and guards is None and recorded_target is not None
    wanted = "" if recorded_target is None else recorded_target

    def move(state: str, facts: frozenset[str]) -> tuple[str, frozenset[str]]:
        if not known:
            raise TransitionNotAllowed(
                f"{machine.name} has no event {shorten(event)}", state=state, event=event
            )
        target = None if recorded else unguarded.get(state)
        if target is None:
            if recorded:
                reached = targets.get(state)
                if reached is not None:
                    if wanted in reached:
                        return wanted, facts
                    raise TransitionNotAllowed(
                        f"{machine.name}: {event} does not lead from {state} to {recorded_target}",
                        state=state,
                        event=event,
                    )
            answer: Callable[[str], bool] = facts.__contains__
            if guards is None:
                for candidate, cond, unless in guarded.get(state, ()):
                    if cond <= facts and unless.isdisjoint(facts):
                        target = candidate
                        break
            else:
                answer = lambda name: guards.get(name, name in facts)  # noqa: E731
            try:
                if target is None:
                    target = machine.next(state, event, answer)
            except InvalidValue as error:  # a state of another lifecycle: the mode changed
                raise TransitionNotAllowed(error.message, state=state, event=event) from None
        if effect is not None:
            added, removed = effect
            facts = (facts - removed) | added
        return target, facts

    return move


#: Per compiled lifecycle (by identity, the value kept alive alongside) and event: the
#: targets the event can reach from each state, the target of each state with one
#: unguarded candidate, and each state's candidates with their guards as sets (a guard
#: answered by the facts: `cond` all hold, no `unless` holds).
_EventTable = tuple[
    Mapping[str, frozenset[str]],
    Mapping[str, str],
    Mapping[str, tuple[tuple[str, frozenset[str], frozenset[str]], ...]],
]
_EVENT_TABLES: dict[tuple[int, str], tuple[CompiledMachine, _EventTable]] = {}


def _event_table(machine: CompiledMachine, event: str) -> _EventTable:
    found = _EVENT_TABLES.get((id(machine), event))
    if found is None or found[0] is not machine:
        by_state = {s: ts for (s, e), ts in machine.table.items() if e == event}
        targets = {s: frozenset(t.target for t in ts) for s, ts in by_state.items() if ts}
        unguarded = {
            s: ts[0].target
            for s, ts in by_state.items()
            if len(ts) == 1 and not ts[0].cond and not ts[0].unless
        }
        guarded = {
            s: tuple((t.target, frozenset(t.cond), frozenset(t.unless)) for t in ts)
            for s, ts in by_state.items()
        }
        found = _EVENT_TABLES[id(machine), event] = (machine, (targets, unguarded, guarded))
    return found[1]


_ILLEGAL = StepKind.ILLEGAL
_DUPLICATE = StepKind.DUPLICATE


class _Tally(Tracker):
    """One instance's replay and what the report says of it (the findings lists are made
    when the first finding comes: most instances have none). Its steps are not counted as
    they come: each is either a duplicate or the first with its identity (`seen`)."""

    __slots__ = (
        "duplicates",
        "finals",
        "first_illegal",
        "first_line",
        "illegal",
        "reordered",
    )

    def __init__(self, start: str, finals: frozenset[str], first_line: int) -> None:
        self.state = start
        self.facts = _NO_FACTS
        self.last = None
        self.seen = []
        self.finals = finals
        self.first_line = first_line
        self.illegal = 0
        self.first_illegal: Finding | None = None
        self.duplicates: list[Finding] | None = None
        self.reordered: list[Finding] | None = None

    def note(self, line: int, event: str, verdict: StepVerdict) -> None:
        """Record a step that was not applied."""
        finding = Finding(line, event, verdict.before, verdict.reason)
        kind = verdict.kind
        if kind is _ILLEGAL:
            self.illegal += 1
            if self.first_illegal is None:
                self.first_illegal = finding
        elif kind is _DUPLICATE:
            if self.duplicates is None:
                self.duplicates = []
            self.duplicates.append(finding)
        else:
            if self.reordered is None:
                self.reordered = []
            self.reordered.append(finding)


_NO_FACTS: frozenset[str] = frozenset()


@attrs.define(frozen=True, slots=True)
class TracePart:
    """The report on some of a trace's lines (a partition holding every line of the instances
    it names), with the line where each instance first appears: what `merge_parts` needs to
    put the parts back together as the report on the whole trace.

    Attributes:
        report: the report on these lines.
        first_lines: per instance of `report.interactions`, in the same order, the line of
            its first step.
    """

    report: TraceReport
    first_lines: tuple[int, ...]


def check_steps(steps: Iterable[TraceStep]) -> TraceReport:
    """Replay `steps` in order and report on every lifecycle instance they name."""
    return check_steps_part(steps).report


def check_steps_part(steps: Iterable[TraceStep]) -> TracePart:
    """`check_steps`, with the first line of each instance (for `merge_parts`)."""
    tallies: dict[str, _Tally] = {}
    for step in steps:
        line, key, event, start, move, ranks, finals, identity, order = step
        tally = tallies.get(key)
        if tally is None:
            tally = tallies[key] = _Tally(start, finals, line)
        verdict = tally.judge(identity, order, move, ranks)
        if verdict is not None:
            tally.note(line, event, verdict)
    return _tallied_part(tallies)


def _tallied_part(tallies: Mapping[str, _Tally]) -> TracePart:
    """The part a replay left in `tallies` (in order of first appearance)."""
    build = _interaction_report
    reports = tuple(
        build(
            key,
            tally.state,
            len(tally.seen) + (0 if tally.duplicates is None else len(tally.duplicates)),
            tally.state in tally.finals,
            tally.first_illegal,
            tally.illegal,
            () if tally.duplicates is None else tuple(tally.duplicates),
            () if tally.reordered is None else tuple(tally.reordered),
        )
        for key, tally in tallies.items()
    )
    first_lines = tuple(tally.first_line for tally in tallies.values())
    return TracePart(TraceReport(sum(r.steps for r in reports), reports), first_lines)


#: `InteractionReport(...)` of values the checker built, without the per-field
#: `object.__setattr__` of a frozen class (`treatments.builder.slot_builder`).
_interaction_report: Callable[..., InteractionReport] = slot_builder(InteractionReport)


def merge_parts(parts: Iterable[TracePart]) -> TraceReport:
    """The report on a whole trace from the reports on its parts, when every instance's steps
    all lie in one part: the steps added up, the instances in order of first appearance (two
    instances that first appear on the same line are in the same part, in its order)."""
    parts = list(parts)
    merged = heapq.merge(
        *(zip(part.first_lines, part.report.interactions, strict=True) for part in parts),
        key=lambda pair: pair[0],
    )
    return TraceReport(
        sum(part.report.steps for part in parts), tuple(report for _, report in merged)
    )
