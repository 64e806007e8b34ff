"""The compiled executor: python-statemachine's semantics on a plain table.

The differential property drives every declared lifecycle with random event sequences (legal
or not) and random guard answers, on the python-statemachine class itself and on its compiled
table, and requires the same states and the same refusals.
"""

from __future__ import annotations

import pickle
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from statemachine import State, StateMachine
from statemachine.exceptions import TransitionNotAllowed as PsmRefusal

from outbound_core import InvalidValue, TransitionNotAllowed
from outbound_core.machines import MACHINES, compile_machine
from outbound_core.machines.compiled import CompiledMachine


class Toy(StateMachine):
    idle = State(initial=True)
    busy = State()
    done = State(final=True)

    go = idle.to(busy, cond="ready") | idle.to(done, unless=["broken", "late"])
    finish = busy.to(done)
    stay = busy.to.itself()


def answers(**truth: bool) -> Any:
    return lambda name: truth[name]


def test_first_transition_whose_guards_hold_wins() -> None:
    toy = compile_machine(Toy)
    assert toy.next("idle", "go", answers(ready=True, broken=False, late=False)) == "busy"
    assert toy.next("idle", "go", answers(ready=False, broken=False, late=False)) == "done"


def test_refusal_names_every_failing_guard() -> None:
    toy = compile_machine(Toy)
    with pytest.raises(TransitionNotAllowed) as caught:
        toy.next("idle", "go", answers(ready=False, broken=False, late=True))
    error = caught.value
    assert error.code == "transition-not-allowed"
    assert error.details == {
        "state": "idle",
        "event": "go",
        "machine": "Toy",
        "failed_guards": ["ready", "not late"],
    }
    assert "ready / not late" in str(error)


def test_no_transition() -> None:
    toy = compile_machine(Toy)
    with pytest.raises(TransitionNotAllowed) as caught:
        toy.next("done", "go")
    assert caught.value.details["failed_guards"] == []
    assert not toy.allows("done", "go")


@pytest.mark.parametrize(("state", "event"), [("nowhere", "go"), ("idle", "fly"), ("", "")])
def test_unknown_states_and_events(state: str, event: str) -> None:
    with pytest.raises(InvalidValue):
        compile_machine(Toy).next(state, event)


def test_guarded_transition_needs_a_guard_function() -> None:
    with pytest.raises(InvalidValue):
        compile_machine(Toy).next("idle", "go")


def test_shape() -> None:
    toy = compile_machine(Toy)
    assert toy.initial == "idle"
    assert toy.states == ("idle", "busy", "done")
    assert toy.final_states == {"done"}
    assert toy.events == ("go", "finish", "stay")
    assert toy.events_from("busy") == ("finish", "stay")
    assert toy.guards == {"ready", "broken", "late"}
    assert toy.is_final("done")
    assert compile_machine(Toy) is toy
    assert toy.next("busy", "stay") == "busy"


def test_plain_data_and_pickle() -> None:
    toy = compile_machine(Toy)
    data = toy.to_dict()
    assert data["transitions"][0] == {
        "event": "go",
        "source": "idle",
        "target": "busy",
        "cond": ["ready"],
        "unless": [],
    }
    assert pickle.loads(pickle.dumps(toy)) == toy


def test_guards_must_be_plain_names() -> None:
    class Expression(StateMachine):
        a = State(initial=True)
        b = State(final=True)
        go = a.to(b, cond="x and y")

    with pytest.raises(TypeError, match="plain names"):
        compile_machine(Expression)


def run_reference(
    cls: type[StateMachine], steps: list[tuple[str, dict[str, bool]]]
) -> list[tuple[str, bool]]:
    """Drive the python-statemachine class itself; (state after each step, refused?)."""
    truth: dict[str, bool] = {}
    model = type("Model", (), {})()
    for name in compile_machine(cls).guards:
        setattr(type(model), name, lambda self, name=name: truth[name])
    machine = cls(model=model)
    seen = []
    for event, guard_answers in steps:
        truth.clear()
        truth.update(guard_answers)
        try:
            machine.send(event)
            refused = False
        except PsmRefusal:
            refused = True
        (state,) = machine.configuration_values
        seen.append((str(state), refused))
    return seen


def run_compiled(
    compiled: CompiledMachine, steps: list[tuple[str, dict[str, bool]]]
) -> list[tuple[str, bool]]:
    state = compiled.initial
    seen = []
    for event, guard_answers in steps:
        try:
            state = compiled.next(state, event, guard_answers.__getitem__)
            refused = False
        except TransitionNotAllowed:
            refused = True
        seen.append((state, refused))
    return seen


@st.composite
def event_sequences(draw: st.DrawFn, cls: type[StateMachine]) -> list[tuple[str, dict[str, bool]]]:
    compiled = compile_machine(cls)
    guard_answers = st.fixed_dictionaries({g: st.booleans() for g in sorted(compiled.guards)})
    return draw(st.lists(st.tuples(st.sampled_from(compiled.events), guard_answers), max_size=40))


@pytest.mark.parametrize("name", sorted(MACHINES))
@given(data=st.data())
def test_compiled_table_agrees_with_python_statemachine(name: str, data: st.DataObject) -> None:
    cls = MACHINES[name]
    steps = data.draw(event_sequences(cls))
    assert run_compiled(compile_machine(cls), steps) == run_reference(cls, steps)
