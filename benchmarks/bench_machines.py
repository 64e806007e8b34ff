"""One lifecycle event, instance creation and memory: compiled table against the alternatives.

The workload is the voice call (`VoiceCallMachine`). Four variants hold one call each:

* baseline: a slotted attrs record and a hand-written `{(state, event): target}` dict;
* compiled: the same record moved by `compile_machine(VoiceCallMachine).next`;
* python-statemachine: an instance of the declaring class, driven with `send`;
* transitions: one `transitions.Machine` per record, built from the same table.

Method (reference/engineering.md §3): timers auto-ranged to at least 0.2 s, seven interleaved
rounds (every round times every variant, in rotating order), medians, and the ratio to the
baseline as the median of the per-round ratios. Memory: tracemalloc bytes per live instance,
after `gc.collect()`, for N instances. The event toggles `hold` / `resume` on a connected call.
"""

from __future__ import annotations

import gc
import statistics
import sys
import timeit
import tracemalloc
from collections.abc import Callable

import attrs
from transitions import Machine

from _harness import machine
from outbound_core.machines import VoiceCallMachine, compile_machine

CALL = compile_machine(VoiceCallMachine)
TABLE: dict[tuple[str, str], str] = {
    (t.source, t.event): t.target for ts in CALL.table.values() for t in ts
}
ROUNDS = 7
LIVE = 20_000


class Refused(Exception):
    """The baseline's refusal."""


@attrs.define(slots=True)
class DictCall:
    """The baseline: a slotted record moved by one dict lookup."""

    state: str = "dialing"

    def send(self, event: str) -> None:
        try:
            self.state = TABLE[self.state, event]
        except KeyError:
            raise Refused(event) from None


@attrs.define(slots=True)
class CompiledCall:
    """The same record moved by the compiled table."""

    state: str = CALL.initial

    def send(self, event: str) -> None:
        self.state = CALL.next(self.state, event)


@attrs.define(slots=False, eq=False)
class TransitionsCall:
    """A record for transitions, which needs a `__dict__` to bind its triggers."""

    state: str = "dialing"


TRANSITIONS = [
    {"trigger": t.event, "source": t.source, "dest": t.target}
    for ts in CALL.table.values()
    for t in ts
]


def new_transitions(initial: str = "dialing") -> TransitionsCall:
    record = TransitionsCall()
    Machine(
        model=record,
        states=list(CALL.states),
        transitions=TRANSITIONS,
        initial=initial,
        auto_transitions=False,
    )
    return record


def toggler(send: Callable[[str], object]) -> Callable[[], None]:
    def toggle() -> None:
        send("hold")
        send("resume")

    return toggle


def connected_psm() -> VoiceCallMachine:
    call = VoiceCallMachine()
    call.send("answer")
    return call


def autorange(fn: Callable[[], object]) -> int:
    number, _ = timeit.Timer(fn).autorange()
    while timeit.timeit(fn, number=number) < 0.2:
        number *= 2
    return number


def interleaved(variants: dict[str, Callable[[], object]], per: int) -> dict[str, list[float]]:
    """Seconds per operation of each variant (`per` operations per call), one list per round."""
    numbers = {name: autorange(fn) for name, fn in variants.items()}
    rounds: dict[str, list[float]] = {name: [] for name in variants}
    names = list(variants)
    for r in range(ROUNDS):
        for name in names[r % len(names) :] + names[: r % len(names)]:
            seconds = timeit.timeit(variants[name], number=numbers[name])
            rounds[name].append(seconds / numbers[name] / per)
    return rounds


def show(title: str, rounds: dict[str, list[float]]) -> None:
    base = rounds["baseline (dict + attrs slots)"]
    print(f"\n{title}")
    for name, times in rounds.items():
        ratio = statistics.median(t / b for t, b in zip(times, base, strict=True))
        low, high = min(times) * 1e6, max(times) * 1e6
        print(
            f"  {name:<36} {statistics.median(times) * 1e6:>10.3f} µs"
            f"   ({low:.3f}-{high:.3f})   ×{ratio:,.1f}"
        )


def bytes_per_instance(make: Callable[[], object]) -> float:
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    live = [make() for _ in range(LIVE)]
    gc.collect()
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    assert len(live) == LIVE
    return (after - before - sys.getsizeof(live)) / LIVE


def main() -> None:
    print(machine())
    dict_call, compiled_call = DictCall("connected"), CompiledCall("connected")
    psm_call, transitions_call = connected_psm(), new_transitions("connected")
    show(
        "one event (hold or resume on a connected call), per event",
        interleaved(
            {
                "baseline (dict + attrs slots)": toggler(dict_call.send),
                "compiled (CompiledMachine.next)": toggler(compiled_call.send),
                "python-statemachine 3.2": toggler(psm_call.send),
                "transitions 0.9 (Machine per call)": toggler(transitions_call.trigger),
            },
            per=2,
        ),
    )
    show(
        "create one call (record, plus its machine where there is one)",
        interleaved(
            {
                "baseline (dict + attrs slots)": DictCall,
                "compiled (CompiledMachine.next)": CompiledCall,
                "python-statemachine 3.2": VoiceCallMachine,
                "transitions 0.9 (Machine per call)": new_transitions,
            },
            per=1,
        ),
    )
    print(f"\nmemory per live call (tracemalloc, {LIVE:,} instances)")
    for name, make in {
        "baseline (dict + attrs slots)": DictCall,
        "compiled (CompiledMachine.next)": CompiledCall,
        "python-statemachine 3.2": VoiceCallMachine,
        "transitions 0.9 (Machine per call)": new_transitions,
    }.items():
        print(f"  {name:<36} {bytes_per_instance(make):>10,.0f} bytes")


if __name__ == "__main__":
    main()
