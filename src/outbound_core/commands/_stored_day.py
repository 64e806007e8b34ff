"""A simulated day on a durable store: `simulate --store FILE [--resume]` (issue 17).

The day is built in memory, then saved in one transaction with the trace so far and the part
`DAY_PART` (the day's parameters and the number of steps done). From then on the server keeps
the store up through a `SqliteJournal`, and each of the day's 20-second steps is one
transaction (`SqliteJournal.batch`): what the step's commands changed, the events traced, and
the new step number. The file always holds the day between two steps.

The scripted agents and customers are not stored: a simulated day is deterministic, so
`--resume` builds the day again in memory from its parameters and runs it to the last step the
store committed (the agents, their random draws and the calls in flight come out as they
were), checks that this server and its trace equal what the store holds, and goes on from
there on the store. A day killed at any moment therefore ends exactly as the uninterrupted day
ends. Rebuilding costs at most one in-memory day; writing the agents' state at every step
would cost about as much again on every run (docs/performance.md).

Every refusal names the flag at fault (`--store`, `--resume`, or the day's own flags).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

from outbound_core.errors import ErrorCode, InvalidValue, NotFound, OutboundError
from outbound_core.simulation.day import DayParameters, SimulatedDay
from outbound_core.simulation.progress import WORKING, Progress
from outbound_core.simulation.summary import Summary
from outbound_core.storage import SqliteJournal, SqliteStore, Synchronous
from outbound_core.trace import TraceEvent, TraceSink

__all__ = ["DAY_PART", "run_stored_day"]

#: The part of the store that names the simulated day: its parameters and the steps done.
DAY_PART: Final = "simulated_day"
#: The flag of each of the day's parameters.
_FLAGS: Final = {
    "records": "--records",
    "agents": "--agents",
    "mode": "--mode",
    "seed": "--seed",
    "abandon_target": "--abandon-target",
    "pacing": "--pacing",
}


def flagged(flag: str, error: OutboundError) -> OutboundError:
    """The error with the flag the user gave in front of its message (same type, code and
    details)."""
    kind = type(error)
    again = kind.__new__(kind)
    OutboundError.__init__(again, f"{flag}: {error.message}", code=error.code, **error.details)
    return again


def run_stored_day(
    path: Path,
    parameters: DayParameters,
    *,
    resume: bool,
    synchronous: str,
    sinks: list[TraceSink],
    progress: Progress | None = None,
    replay: Callable[[list[TraceEvent]], None] | None = None,
) -> Summary:
    """Run (or, with `resume`, go on with) the day on the store at `path`; its summary.

    `sinks` get every event the day traces from now on; when a day is resumed, `replay` is
    given the events it traced before (so a trace file can be written whole again).

    Raises:
        StorageError: the store cannot be opened, read or written (`--store` in the message;
            what was committed stays committed, and `--resume` goes on from there).
        InvalidValue: `--store` names a store holding something else (`store-not-empty`,
            `store-not-a-day`), or `--resume` with other flags than the day's
            (`resume-mismatch`).
    """
    try:
        mode = Synchronous.parse(synchronous)
    except InvalidValue as error:
        raise flagged("--synchronous", error) from None
    try:
        store = SqliteStore(path, synchronous=mode)
    except OutboundError as error:
        raise flagged("--store", error) from None
    with store:
        try:
            store.claim()
            day = _resumed(store, parameters, sinks, replay, progress) if resume else None
            if day is None:
                _check_empty(store)
                day = _started(store, parameters, sinks, progress)
            journal = SqliteJournal(store, day.server)
            day.server.attach(journal)
            while not day.finished:
                with journal.batch():  # the step's commands, and the events desks traced
                    day.run_step()
                    store.put_part(DAY_PART, _day_part(day))
                _report(progress, day)
        except OutboundError as error:
            if error.code.startswith("store-") and not error.message.startswith("--"):
                raise flagged("--store", error) from None
            raise
        return day.summary(progress)


def _check_empty(store: SqliteStore) -> None:
    if store.has_server() or store.lists():
        raise InvalidValue(
            f"{store.path} holds a simulated day or another server already: add --resume to "
            "go on with it, or name a new file",
            code=ErrorCode.STORE_NOT_EMPTY,
            path=store.path,
        )


def _started(
    store: SqliteStore,
    parameters: DayParameters,
    sinks: list[TraceSink],
    progress: Progress | None,
) -> SimulatedDay:
    """A new day, saved with its trace so far and its step in one transaction."""
    events: list[TraceEvent] = []
    day = SimulatedDay.start(parameters, [*sinks, events.append], progress)
    day.server.trace.sinks.remove(events.append)
    with store.transaction():
        store.save(day.server.snapshot())
        store.append_trace(events)
        store.put_part(DAY_PART, _day_part(day))
    return day


def _day_part(day: SimulatedDay) -> dict[str, Any]:
    return {"parameters": day.parameters.to_dict(), "step": day.step}


def _resumed(
    store: SqliteStore,
    parameters: DayParameters,
    sinks: list[TraceSink],
    replay: Callable[[list[TraceEvent]], None] | None,
    progress: Progress | None,
) -> SimulatedDay | None:
    """The day the store holds, rebuilt to its last committed step; None when it holds none
    yet (it was stopped before the first save committed, or never started)."""
    if not store.has_server():
        if store.lists():
            raise InvalidValue(
                f"{store.path} holds calling lists but no simulated day to resume",
                code=ErrorCode.STORE_NOT_A_DAY,
                path=store.path,
            )
        return None
    try:
        snapshot = store.load()
    except NotFound:  # pragma: no cover - has_server said there is one
        return None
    state: Any = snapshot.pop(DAY_PART, None)
    stored = state.get("parameters") if isinstance(state, dict) else None
    step = state.get("step") if isinstance(state, dict) else None
    if not isinstance(stored, dict) or type(step) is not int:
        raise InvalidValue(
            f"{store.path} holds a server but no simulated day to resume",
            code=ErrorCode.STORE_NOT_A_DAY,
            path=store.path,
        )
    asked = parameters.to_dict()
    for name, flag in _FLAGS.items():
        if stored.get(name) != asked[name]:
            raise InvalidValue(
                f"--resume: the day in {store.path} was started with {flag} "
                f"{_shown(stored.get(name))}, not {_shown(asked[name])}; repeat the first "
                "command line with --resume",
                code=ErrorCode.RESUME_MISMATCH,
                flag=flag,
                stored=stored.get(name),
                given=asked[name],
            )
    events: list[TraceEvent] = []
    day = SimulatedDay.start(parameters, [events.append], progress)
    while day.step < step and not day.finished:
        day.run_step()
        _report(progress, day)
    if day.step != step or day.server.snapshot() != snapshot or store.trace() != events:
        raise InvalidValue(
            f"--resume: the day in {store.path} does not rebuild to what the file holds at its "
            f"step {step} (another version of outbound-core wrote it, or the file was changed)",
            code=ErrorCode.RESUME_MISMATCH,
            path=store.path,
            step=step,
        )
    if replay is not None:
        replay(events)
    day.server.trace.sinks.remove(events.append)
    day.server.trace.sinks.extend(sinks)
    return day


def _report(progress: Progress | None, day: SimulatedDay) -> None:
    steps = SimulatedDay.steps
    if progress is not None and day.step % 60 == 1 and day.step <= steps + 1:
        progress(WORKING, (day.step - 1) / steps)


def _shown(value: object) -> str:
    return "(none)" if value is None else str(value)
