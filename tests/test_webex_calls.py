"""Webex events applied to the call lifecycle: the Ready prerequisite, duplicates, reordering."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from outbound_core.replay.advance import StepKind
from outbound_core.replay.webex_calls import (
    NOT_OFFERED,
    RANKS,
    VOICE_CALL,
    WebexCalls,
    apply_webex_event,
)
from outbound_core.wire.webex_events import CallEvent, CallState
from outbound_core.wire.webex_names import NotificationType
from outbound_core.wire.webex_notifications import TaskNotification

T0 = datetime(2024, 6, 21, 10, 0, tzinfo=UTC)


def message(
    event: str, state: str | None, second: int, *, hold: bool = False, interaction: str = "i-1"
) -> TaskNotification:
    """A seed 004 TaskNotification as it reads: the wrapper's call event and state over
    the nested native notification (AgentContactAssigned, as in the seed's sample)."""
    return TaskNotification(
        name="AgentContactAssigned",
        kind=NotificationType.AGENT_CONTACT_ASSIGNED,
        interaction_id=interaction,
        event_millis=int((T0 + timedelta(seconds=second)).timestamp() * 1000),
        state=state,
        call_event=CallEvent.read(event),
        call_event_text=event,
        call_state=None if state is None else CallState.read(state),
        call_state_text=state,
        is_hold=hold,
    )


def replay(messages: list[TaskNotification], ready: bool = True) -> tuple[WebexCalls, list[str]]:
    calls, diagnostics = WebexCalls().apply_all(messages, agent_ready=ready)
    return calls, [d.kind for d in diagnostics]


HAPPY = [
    message("eAgentOfferContact", None, 0),
    message("CustAnswered", "connected", 1),
    message("eCallRecordingStarted", "connected", 2),
    message("eAgentContactEnded", "connected", 3),
    message("acw", "wrapUp", 4),
]


def test_a_whole_call() -> None:
    calls, kinds = replay(HAPPY)
    call = calls.calls["i-1"]
    assert kinds == []
    assert call.state == "wrap_up"
    assert call.recording
    assert call.interaction_state == "after_call"


def test_each_step_moves_the_call_as_the_table_says() -> None:
    call = None
    seen = []
    for m in HAPPY:
        step = apply_webex_event(call, m, agent_ready=True)
        assert step.verdict.kind is StepKind.APPLIED
        call = step.call
        seen.append((call.state, call.interaction_state))
    assert seen == [
        ("dialing", "connecting"),
        ("connected", "in_call"),
        ("connected", "in_call"),
        ("ended", "after_call"),
        ("wrap_up", "after_call"),
    ]


def test_the_offer_needs_a_ready_agent() -> None:
    step = apply_webex_event(None, HAPPY[0], agent_ready=False)
    assert step.verdict.kind is StepKind.ILLEGAL
    assert "Ready" in step.verdict.reason
    assert step.call.state == NOT_OFFERED
    assert [d.kind for d in step.diagnostics] == ["illegal"]


def test_events_before_the_offer_are_illegal() -> None:
    _calls, kinds = replay(HAPPY[1:2])
    assert kinds == ["illegal"]


def test_a_repeated_event_changes_nothing() -> None:
    calls, _ = replay(HAPPY[:2])
    again, diagnostics = calls.apply(HAPPY[1], agent_ready=True)
    assert again is calls
    assert [d.kind for d in diagnostics] == ["duplicate"]


def test_an_older_event_that_would_move_backwards_is_not_applied() -> None:
    calls, kinds = replay([*HAPPY[:4], HAPPY[1]])  # CustAnswered again, but it is a duplicate
    assert kinds == ["duplicate"]
    late = message("CustAnswered", "connected", 1, hold=True)  # another, older, answer
    calls, kinds = replay([*HAPPY[:4], late])
    assert kinds == ["reordered"]
    assert calls.calls["i-1"].state == "ended"


def test_an_older_event_that_still_fits_is_applied() -> None:
    shuffled = [HAPPY[0], HAPPY[1], message("eCallRecordingStarted", "consult", 3), HAPPY[2]]
    calls, kinds = replay(shuffled)
    assert kinds == []
    assert calls.calls["i-1"].state == "connected"


def test_states_follow_the_shortest_way_and_hold_is_a_flag() -> None:
    calls, kinds = replay(
        [
            HAPPY[0],
            HAPPY[1],
            message("eCallRecordingStarted", "connected", 2, hold=True),
            message("x", "consulting", 3),
            message("x", "conference", 4),
        ]
    )
    assert kinds == ["unknown-event", "unknown-event"]
    assert calls.calls["i-1"].state == "conferenced"
    calls, _ = replay([*HAPPY[:2], message("eCallRecordingStarted", "connected", 2, hold=True)])
    assert calls.calls["i-1"].state == "on_hold"


def test_a_state_the_call_cannot_reach_is_illegal() -> None:
    _calls, kinds = replay([*HAPPY, message("x", "connected", 9)])
    assert kinds == ["illegal", "unknown-event"]


def test_dropped_before_and_after_the_answer() -> None:
    calls, kinds = replay([HAPPY[0], message("DROPPED", None, 1)])
    assert kinds == []
    assert calls.calls["i-1"].state == "ended"
    calls, kinds = replay(
        [*HAPPY[:2], message("x", "consulting", 2), message("DROPPED", "consulting", 3)]
    )
    assert kinds == ["unknown-event"]
    assert calls.calls["i-1"].state == "ended"


def test_unknown_states_are_kept_not_followed() -> None:
    calls, kinds = replay([HAPPY[0], message("CustAnswered", "parked", 1)])
    assert kinds == ["unknown-state"]
    assert calls.calls["i-1"].state == "connected"


def test_interactions_are_independent() -> None:
    other = [attrs.evolve(m, interaction_id="i-2") for m in HAPPY[:2]]
    calls, kinds = replay([HAPPY[0], other[0], other[1], HAPPY[1]])
    assert kinds == []
    assert {i: c.state for i, c in calls.calls.items()} == {
        "i-1": "connected",
        "i-2": "connected",
    }


def test_ranks_order_the_voice_call() -> None:
    assert RANKS["dialing"] < RANKS["connected"] == RANKS["on_hold"] == RANKS["conferenced"]
    assert RANKS["connected"] < RANKS["ended"] < RANKS["wrap_up"] < RANKS["closed"]
    assert set(RANKS) == {NOT_OFFERED, *VOICE_CALL.states}


# ---- generated sequences ----------------------------------------------------------------------

MIDDLE = [
    ("connected", False),
    ("connected", True),
    ("consult", False),
    ("consulting", False),
    ("conference", False),
]


@st.composite
def legal_calls(draw: st.DrawFn) -> list[TaskNotification]:
    """A legal event sequence, in event-time order."""
    steps: list[tuple[str, str | None, bool]] = [("eAgentOfferContact", None, False)]
    if draw(st.booleans()):
        steps.append(("DROPPED", None, False))
    else:
        steps.append(("CustAnswered", "connected", False))
        for state, hold in draw(st.lists(st.sampled_from(MIDDLE), max_size=5)):
            steps.append(("eCallRecordingStarted", state, hold))
        steps.append((draw(st.sampled_from(["eAgentContactEnded", "DROPPED"])), None, False))
    if draw(st.booleans()):
        steps.append(("acw", "wrapUp", False))
    return [message(e, s, n, hold=h) for n, (e, s, h) in enumerate(steps)]


@given(legal_calls())
def test_generated_legal_sequences_are_legal(messages: list[TaskNotification]) -> None:
    calls, kinds = replay(messages)
    assert kinds == []
    assert calls.calls["i-1"].state in ("ended", "wrap_up")


@given(legal_calls(), st.data())
def test_duplicates_change_nothing(messages: list[TaskNotification], data: st.DataObject) -> None:
    delivered = list(messages)
    copies = data.draw(st.lists(st.integers(0, len(messages) - 1), max_size=4))
    for index in copies:
        at = data.draw(st.integers(delivered.index(messages[index]) + 1, len(delivered)))
        delivered.insert(at, messages[index])
    expected, _ = replay(messages)
    calls, kinds = replay(delivered)
    assert kinds.count("duplicate") == len(copies)
    assert set(kinds) <= {"duplicate"}
    assert calls.calls["i-1"].state == expected.calls["i-1"].state


@given(legal_calls(), st.data())
def test_truncated_sequences(messages: list[TaskNotification], data: st.DataObject) -> None:
    cut = data.draw(st.integers(1, len(messages)))
    _calls, kinds = replay(messages[:cut])
    assert kinds == []  # a prefix of a legal sequence is legal
    _calls, kinds = replay(messages[cut:])
    assert kinds[:1] == (["illegal"] if messages[cut:] else [])  # the offer is missing


@given(legal_calls(), st.randoms(use_true_random=False))
def test_shuffled_sequences_never_apply_a_step_backwards(
    messages: list[TaskNotification], random: st.Random
) -> None:  # type: ignore[name-defined]
    shuffled = list(messages)
    random.shuffle(shuffled)
    call = None
    latest = None
    for m in shuffled:
        step = apply_webex_event(call, m, agent_ready=True)
        if step.verdict.kind is StepKind.APPLIED and latest is not None and m.event_millis < latest:
            assert RANKS[step.verdict.after] >= RANKS[step.verdict.before]
        if step.verdict.kind is StepKind.APPLIED:
            latest = max(latest or m.event_millis, m.event_millis)
        call = step.call
    if shuffled == messages:
        assert call is not None
        assert call.state in ("ended", "wrap_up")


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        ([0, 1, 3, 2, 4], ["reordered"]),  # recording after the end: older, refused
        ([0, 1, 2, 4, 3], ["illegal"]),  # acw before the contact ended: newer, refused
        ([1, 0, 2, 3, 4], ["illegal", "illegal"]),  # answer before the offer: never connected
    ],
)
def test_swaps(order: list[int], expected: list[str]) -> None:
    _calls, kinds = replay([HAPPY[i] for i in order])
    assert kinds == expected
