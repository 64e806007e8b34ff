"""Replaying events that may arrive twice or out of order onto a lifecycle, one step at a time.

Webex documents that its events may be delivered twice or out of order (reference
`peer-systems.md` §2.14); recorded traces have the same faults. `advance` is the one rule every
replay here follows, whatever the lifecycle:

1. An event already applied to this interaction (same identity) is a **duplicate**: nothing
   changes.
2. An event older than the last applied one (by its ordering key: an event time, a sequence
   number) that the lifecycle refuses, or that would move it backwards (to a state of lower
   progress), is **reordered**: reported, not applied.
3. Any other event the lifecycle refuses is **illegal**: reported, not applied.
4. Otherwise it is **applied**.

Progress is the rank of a state in the lifecycle's graph: states that can reach each other
(hold and resume, say) share a rank, and a state ranks above every state that leads to it.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import Any

import attrs

from outbound_core.errors import TransitionNotAllowed
from outbound_core.machines import CompiledMachine

__all__ = [
    "Position",
    "StepKind",
    "StepVerdict",
    "Tracker",
    "advance",
    "applied",
    "progress_ranks",
]


class StepKind(StrEnum):
    """What replay did with one event."""

    APPLIED = "applied"
    DUPLICATE = "duplicate"
    REORDERED = "reordered"
    ILLEGAL = "illegal"


@attrs.define(frozen=True, slots=True)
class StepVerdict:
    """What happened to one event: its kind, the state before and after, and why.

    Attributes:
        kind: applied, duplicate, reordered or illegal.
        before: the lifecycle state the event found.
        after: the state it left (the same as `before` unless applied).
        reason: for a refused event, the lifecycle's refusal; otherwise empty.
    """

    kind: StepKind
    before: str
    after: str
    reason: str = ""


@attrs.define(frozen=True, slots=True)
class Position:
    """Where one interaction's lifecycle stands during a replay.

    Attributes:
        state: the current state id.
        facts: the guard facts that hold now (for example `do_not_call_set`).
        last: the ordering key of the last applied event (an event time, a sequence number),
            or None before the first one that had a key.
        seen: the identities of every event already judged, for duplicate detection.
    """

    state: str
    facts: frozenset[str] = frozenset()
    last: Any = None
    seen: frozenset[Hashable] = frozenset()


#: A move: given the current state and facts, the next state and facts, or
#: `TransitionNotAllowed` when the lifecycle refuses.
Move = Callable[[str, frozenset[str]], tuple[str, frozenset[str]]]


def advance(
    position: Position,
    identity: Hashable,
    order: Any,
    move: Move,
    ranks: Mapping[str, int],
) -> tuple[Position, StepVerdict]:
    """Judge one event and return the new position with the verdict (see the module rules).

    `order` is the event's ordering key, comparable with the other events' keys of the same
    interaction, or None when the event has none (it is then never judged reordered).
    """
    state = position.state
    if identity in position.seen:
        return position, StepVerdict(StepKind.DUPLICATE, state, state)
    tracker = Tracker(state, position.facts, position.last, position.seen)
    verdict = tracker.judge(identity, order, move, ranks)
    return tracker.position(), verdict or applied(state, tracker.state)


class Tracker:
    """Where one lifecycle instance stands during a long replay, kept in place: the same rule
    as `advance` (which runs through it), without a new `Position` per event. A checker keeps
    one per instance; `position()` gives the value.

    Attributes:
        state: the current state id.
        facts: the guard facts that hold now.
        last: the ordering key of the last applied event, or None.
        seen: the identities of every event already judged, grown in place: a list while
            there are few (an instance has a handful of events: a list of six takes a sixth
            of a set's memory, and a replay keeps one per instance), a set past `SMALL`.
    """

    __slots__ = ("facts", "last", "seen", "state")

    def __init__(
        self,
        state: str,
        facts: frozenset[str] = frozenset(),
        last: Any = None,
        seen: Iterable[Hashable] = (),
    ) -> None:
        self.state = state
        self.facts = facts
        self.last = last
        self.seen: list[Hashable] | set[Hashable] = list(seen)
        if len(self.seen) > SMALL:
            self.seen = set(self.seen)

    def judge(
        self, identity: Hashable, order: Any, move: Move, ranks: Mapping[str, int]
    ) -> StepVerdict | None:
        """Judge one event by the module rules, moving this instance when it is applied.
        Returns None for an applied event (the usual case, so no verdict is built for it;
        `applied(before, after)` is that verdict), else the verdict."""
        state = self.state
        seen = self.seen
        if identity in seen:
            return StepVerdict(StepKind.DUPLICATE, state, state)
        if isinstance(seen, list):
            seen.append(identity)
            if len(seen) > SMALL:
                self.seen = set(seen)
        else:
            seen.add(identity)
        last = self.last
        older = order is not None and last is not None and order < last
        try:
            target, facts = move(state, self.facts)
        except TransitionNotAllowed as refusal:
            kind = StepKind.REORDERED if older else StepKind.ILLEGAL
            return StepVerdict(kind, state, state, refusal.message)
        if older and ranks.get(target, 0) < ranks.get(state, 0):
            reason = f"{target} is behind {state}: the event is older than the last one applied"
            return StepVerdict(StepKind.REORDERED, state, state, reason)
        if order is not None and not older:
            self.last = order
        self.state = target
        self.facts = facts
        return None

    def position(self) -> Position:
        """Where the instance stands, as a value."""
        return Position(self.state, self.facts, self.last, frozenset(self.seen))


def applied(before: str, after: str) -> StepVerdict:
    """The verdict of an applied event that moved an instance from `before` to `after`."""
    verdict = _APPLIED.get((before, after))
    if verdict is None:
        verdict = _APPLIED[before, after] = StepVerdict(StepKind.APPLIED, before, after)
    return verdict


#: How many identities a `Tracker` keeps in a list before it keeps them in a set.
SMALL = 8

#: The verdicts of applied steps, by (before, after): equal values, built once each.
_APPLIED: dict[tuple[str, str], StepVerdict] = {}


_RANKS: dict[str, Mapping[str, int]] = {}


def progress_ranks(machine: CompiledMachine) -> Mapping[str, int]:
    """The progress rank of each state of `machine` (cached per machine).

    States on a common cycle share a rank; otherwise a state ranks one above the highest
    ranked state with a transition into it. The initial state ranks 0.
    """
    cached = _RANKS.get(machine.name)
    if cached is not None:
        return cached
    edges: dict[str, set[str]] = {s: set() for s in machine.states}
    for (source, _event), transitions in machine.table.items():
        for transition in transitions:
            if transition.target != source:
                edges[source].add(transition.target)
    reach = {s: _reachable(s, edges) for s in machine.states}
    group = {s: frozenset(t for t in reach[s] if s in reach[t]) | {s} for s in machine.states}
    ranks: dict[str, int] = {}
    # Longest path over the groups: relax until nothing changes (the group graph is acyclic).
    for s in machine.states:
        ranks[s] = 0
    for _ in machine.states:
        changed = False
        for source, targets in edges.items():
            for target in targets:
                if target in group[source]:
                    continue
                if ranks[target] < ranks[source] + 1:
                    for member in group[target]:
                        ranks[member] = ranks[source] + 1
                    changed = True
        if not changed:
            break
    frozen = MappingProxyType(ranks)
    _RANKS[machine.name] = frozen
    return frozen


def _reachable(start: str, edges: Mapping[str, set[str]]) -> set[str]:
    found: set[str] = set()
    todo = [start]
    while todo:
        for target in edges[todo.pop()]:
            if target not in found:
                found.add(target)
                todo.append(target)
    return found
