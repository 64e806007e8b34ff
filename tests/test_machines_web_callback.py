"""The web callback interaction: seed 003's routing, preview, call statuses and Mark Done."""

from __future__ import annotations

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from outbound_core import TransitionNotAllowed
from outbound_core.machines import MACHINES, WebCallbackMachine, compile_machine

WEB = compile_machine(WebCallbackMachine)
GUARDS = ("agent_ready_on_channel", "disposition_missing")
ON_A_CALL = ("dialing", "connected", "on_hold")


def truth(**answers: bool) -> dict[str, bool]:
    return {"agent_ready_on_channel": True, "disposition_missing": False, **answers}


def run(*events: str, start: str = "queued", **answers: bool) -> str:
    state = start
    for event in events:
        state = WEB.next(state, event, truth(**answers).__getitem__)
    return state


def refusal(state: str, event: str, **answers: bool) -> TransitionNotAllowed:
    with pytest.raises(TransitionNotAllowed) as caught:
        WEB.next(state, event, truth(**answers).__getitem__)
    return caught.value


def test_registered_and_shaped() -> None:
    assert MACHINES["web-callback"] is WebCallbackMachine
    assert WEB.initial == "queued"
    assert WEB.final_states == {"done", "expired"}
    assert WEB.guards == set(GUARDS)


# "If your status is Ready on the Web Callback channel, new callback requests can be routed to
# you."


def test_routed_only_to_an_agent_ready_on_the_channel() -> None:
    assert run("route") == "offered"
    error = refusal("queued", "route", agent_ready_on_channel=False)
    assert error.details["failed_guards"] == ["agent_ready_on_channel"]


# "Click Accept to display the Web Callback Interaction Preview. ... Click Reject to return the
# record to another agent, routing point, or queue. If you do nothing, the interaction will be
# returned to another agent, routing point, or queue."


def test_accept_opens_the_preview() -> None:
    assert run("route", "accept") == "previewing"


@pytest.mark.parametrize("event", ["reject", "time_out"])
def test_reject_or_no_answer_returns_it_for_another_agent(event: str) -> None:
    assert run("route", event) == "queued"
    assert run("route", event, "route", "accept") == "previewing"


@pytest.mark.parametrize("event", ["reject", "time_out"])
def test_no_reject_or_timeout_once_accepted(event: str) -> None:
    assert refusal("previewing", event).details["failed_guards"] == []


# Preview actions: "Call the Contact", "Done: ... instead of calling the contact or after you
# have called the contact", "Schedule a Callback".


def test_call_from_the_preview() -> None:
    assert run("route", "accept", "call") == "dialing"
    assert run("route", "accept", "call", "answer") == "connected"


def test_done_instead_of_calling() -> None:
    assert run("route", "accept", "mark_done") == "done"


def test_done_after_calling() -> None:
    assert run("route", "accept", "call", "answer", "end_call", "mark_done") == "done"


@pytest.mark.parametrize("state", ["previewing", "connected", "on_hold", "ready_to_call"])
def test_schedule_a_callback_changes_no_state(state: str) -> None:
    assert WEB.next(state, "schedule_callback") == state


@pytest.mark.parametrize("state", ["queued", "offered", "dialing", "done"])
def test_schedule_a_callback_needs_the_interaction_in_hand(state: str) -> None:
    refusal(state, "schedule_callback")


# Call statuses: "Connected", "On Hold", "Ready to Call: ... the default status if you or the
# other party end the call."


def test_hold_and_resume() -> None:
    assert run("hold", start="connected") == "on_hold"
    assert run("hold", "resume", start="connected") == "connected"
    refusal("dialing", "hold")
    refusal("connected", "resume")


@pytest.mark.parametrize("state", ["connected", "on_hold"])
@pytest.mark.parametrize("event", ["end_call", "remote_hang_up"])
def test_ready_to_call_after_either_side_ends_the_call(state: str, event: str) -> None:
    assert WEB.next(state, event) == "ready_to_call"


def test_a_failed_attempt_leaves_the_agent_ready_to_call() -> None:
    assert run("dialing_failed", start="dialing") == "ready_to_call"
    assert run("end_call", start="dialing") == "ready_to_call"
    refusal("dialing", "remote_hang_up")


def test_ready_to_call_means_the_agent_may_call_again() -> None:
    assert run("call", "answer", start="ready_to_call") == "connected"


@pytest.mark.parametrize("state", ON_A_CALL)
def test_no_mark_done_during_the_call(state: str) -> None:
    refusal(state, "mark_done")


# "You might be configured to specify a disposition code before you can click Mark Done."


@pytest.mark.parametrize("state", ["previewing", "ready_to_call"])
def test_mark_done_waits_for_a_required_disposition(state: str) -> None:
    assert WEB.next(state, "mark_done", truth().__getitem__) == "done"
    error = refusal(state, "mark_done", disposition_missing=True)
    assert error.details["failed_guards"] == ["not disposition_missing"]
    assert "disposition_missing" in str(error)


# "Use the Dispositions view to assign a disposition code to an ongoing or terminated
# interaction."


@pytest.mark.parametrize("state", ["previewing", *ON_A_CALL, "ready_to_call"])
def test_a_disposition_on_an_ongoing_or_terminated_interaction(state: str) -> None:
    assert WEB.next(state, "set_disposition") == state


@pytest.mark.parametrize("state", ["queued", "offered", "done"])
def test_no_disposition_before_accepting_or_after_done(state: str) -> None:
    refusal(state, "set_disposition")


def test_done_accepts_nothing() -> None:
    assert WEB.events_from("done") == ()


class WebCallbackLifecycle(RuleBasedStateMachine):
    """Random events with random guard answers; the seed's rules hold throughout."""

    def __init__(self) -> None:
        super().__init__()
        self.state = WEB.initial
        self.called = False
        self.accepted = False

    @rule(
        event=st.sampled_from(WEB.events),
        answers=st.fixed_dictionaries({name: st.booleans() for name in GUARDS}),
    )
    def act(self, event: str, answers: dict[str, bool]) -> None:
        before = self.state
        try:
            after = WEB.next(before, event, answers.__getitem__)
        except TransitionNotAllowed:
            assert not WEB.allows(before, event, answers.__getitem__)
            if event == "mark_done" and before in {"previewing", "ready_to_call"}:
                assert answers["disposition_missing"]
            if event == "route" and before == "queued":
                assert not answers["agent_ready_on_channel"]
            return
        assert before != "done"
        if event in {"schedule_callback", "set_disposition"}:
            assert after == before
        if event == "route":
            assert answers["agent_ready_on_channel"]
        if event == "mark_done":
            assert not answers["disposition_missing"]
            assert before not in ON_A_CALL
        if event in {"reject", "time_out"}:
            assert (before, after) == ("offered", "queued")
        self.accepted = self.accepted or event == "accept"
        self.called = self.called or event == "call"
        self.state = after

    @invariant()
    def once_accepted_it_stays_with_the_agent(self) -> None:
        if self.accepted:
            assert self.state not in {"queued", "offered"}

    @invariant()
    def ready_to_call_only_after_a_call(self) -> None:
        if self.state in {*ON_A_CALL, "ready_to_call"}:
            assert self.called


TestWebCallbackLifecycle = WebCallbackLifecycle.TestCase
TestWebCallbackLifecycle.settings = settings(
    TestWebCallbackLifecycle.settings, stateful_step_count=25
)
