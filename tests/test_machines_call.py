"""The voice call: seed 003's call actions and statuses, and seed 004's Webex call states."""

from __future__ import annotations

from collections.abc import Iterable

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from outbound_core import TransitionNotAllowed
from outbound_core.machines import MACHINES, WEBEX_CALL_STATES, VoiceCallMachine, compile_machine

CALL = compile_machine(VoiceCallMachine)
TALKING = {"connected", "on_hold", "consult_requested", "consulting", "conferenced"}
AFTER_THE_CALL = {"ended", "wrap_up", "closed"}


def run(*events: str, start: str = "dialing") -> str:
    state = start
    for event in events:
        state = CALL.next(state, event)
    return state


def refused(state: str, event: str) -> bool:
    with pytest.raises(TransitionNotAllowed) as caught:
        CALL.next(state, event)
    assert caught.value.details["state"] == state
    assert caught.value.details["event"] == event
    return True


def reachable(start: str, events: Iterable[str] = CALL.events) -> set[str]:
    seen, todo = {start}, [start]
    while todo:
        state = todo.pop()
        for event in events:
            for transition in CALL.table.get((state, event), ()):
                if transition.target not in seen:
                    seen.add(transition.target)
                    todo.append(transition.target)
    return seen


def test_registered_and_shaped() -> None:
    assert MACHINES["voice-call"] is VoiceCallMachine
    assert CALL.initial == "dialing"
    assert CALL.final_states == {"closed"}
    assert CALL.guards == frozenset()
    assert reachable("dialing") == set(CALL.states)


def test_a_call_from_dialing_to_closed() -> None:
    assert run("answer", "end_call", "start_wrap_up", "mark_done") == "closed"
    assert run("answer", "end_call", "mark_done") == "closed"


# Failed dialing and the remote party's hang-up must be expressible.


def test_failed_dialing_ends_the_call_before_it_connects() -> None:
    assert run("dialing_failed") == "ended"
    assert refused("connected", "dialing_failed")


@pytest.mark.parametrize("state", sorted(TALKING))
def test_the_contact_hanging_up_ends_the_call_whatever_the_agent_is_doing(state: str) -> None:
    assert CALL.next(state, "remote_hang_up") == "ended"


def test_nobody_hangs_up_a_call_that_never_connected_or_already_ended() -> None:
    for state in ("dialing", "ended", "wrap_up", "closed"):
        assert refused(state, "remote_hang_up")


# "End Call: Click End Call to disconnect the call."


@pytest.mark.parametrize("state", ["dialing", "connected", "on_hold", "conferenced"])
def test_end_call_disconnects(state: str) -> None:
    assert CALL.next(state, "end_call") == "ended"


def test_end_call_during_a_consultation_first_ends_or_completes_it() -> None:
    assert refused("consult_requested", "end_call")
    assert refused("consulting", "end_call")
    assert run("end_consultation", "end_call", start="consulting") == "ended"


# "Hold Call: Click Hold to place the active call on hold." / "Resume Call: reconnect to a call
# that is on hold."


def test_hold_places_the_active_call_on_hold_and_resume_reconnects() -> None:
    assert run("answer", "hold") == "on_hold"
    assert run("answer", "hold", "resume") == "connected"


@pytest.mark.parametrize(
    "state", ["dialing", "on_hold", "consulting", "conferenced", "ended", "wrap_up", "closed"]
)
def test_only_the_active_two_party_call_can_be_held(state: str) -> None:
    assert refused(state, "hold")


@pytest.mark.parametrize("state", ["dialing", "connected", "conferenced", "ended"])
def test_only_a_held_call_can_be_resumed(state: str) -> None:
    assert refused(state, "resume")


# "Instant Call Transfer: redirect the current outbound interaction to a contact or internal
# target": the agent leaves the call.


@pytest.mark.parametrize("state", ["connected", "on_hold"])
def test_instant_transfer_redirects_the_call_away_from_the_agent(state: str) -> None:
    assert CALL.next(state, "instant_transfer") == "ended"


def test_no_instant_transfer_before_the_call_connects() -> None:
    assert refused("dialing", "instant_transfer")


# "Instant Call Conference: start a voice conference instantly with the current outbound
# interaction and a contact or internal target."


def test_instant_conference_and_the_target_leaving() -> None:
    assert run("answer", "instant_conference") == "conferenced"
    assert run("answer", "instant_conference", "target_leaves") == "connected"
    assert refused("dialing", "instant_conference")


# "Send DTMF: attach numerical data to a call": no state changes, only on a live call.


@pytest.mark.parametrize("state", ["connected", "conferenced"])
def test_dtmf_changes_no_state(state: str) -> None:
    assert CALL.next(state, "send_dtmf") == state


@pytest.mark.parametrize(
    "state", ["dialing", "on_hold", "consult_requested", "consulting", "ended", "wrap_up", "closed"]
)
def test_dtmf_needs_the_contact_to_hear_the_agent(state: str) -> None:
    assert refused(state, "send_dtmf")


# "Start Consultation: ... The target can choose not to accept the request. The target can end the
# consultation. You can end the consultation, or you can transfer or conference your current
# interaction to or with the consultation target."


@pytest.mark.parametrize("state", ["connected", "on_hold"])
def test_a_consultation_starts_from_the_call(state: str) -> None:
    assert CALL.next(state, "start_consultation") == "consult_requested"


def test_the_target_may_decline_the_consultation() -> None:
    assert run("answer", "start_consultation", "target_declines") == "on_hold"


def test_the_target_may_end_the_consultation() -> None:
    assert run("answer", "start_consultation", "target_accepts") == "consulting"
    assert run("target_ends_consultation", start="consulting") == "on_hold"
    assert refused("consult_requested", "target_ends_consultation")


@pytest.mark.parametrize("state", ["consult_requested", "consulting"])
def test_the_agent_may_end_the_consultation_and_resume(state: str) -> None:
    assert run("end_consultation", "resume", start=state) == "connected"


def test_the_agent_may_transfer_or_conference_with_the_consultation_target() -> None:
    assert run("complete_transfer", start="consulting") == "ended"
    assert run("complete_conference", start="consulting") == "conferenced"


def test_nothing_completes_before_the_target_accepts() -> None:
    assert refused("consult_requested", "complete_transfer")
    assert refused("consult_requested", "complete_conference")
    assert refused("connected", "target_accepts")
    assert refused("dialing", "start_consultation")


# "Mark Done: Complete a call and close the Voice Interaction window."


@pytest.mark.parametrize("state", sorted(TALKING | {"dialing"}))
def test_mark_done_waits_for_the_call_to_end(state: str) -> None:
    assert refused(state, "mark_done")


def test_closed_accepts_nothing() -> None:
    assert CALL.events_from("closed") == ()
    assert CALL.is_final("closed")


# Seed 004: Webex reports connected, consulting, consult, conference and wrapUp.


def test_every_webex_call_state_maps_to_a_state_of_the_machine() -> None:
    assert set(WEBEX_CALL_STATES) == {"connected", "consulting", "consult", "conference", "wrapUp"}
    assert set(WEBEX_CALL_STATES.values()) <= set(CALL.states)
    assert len(set(WEBEX_CALL_STATES.values())) == len(WEBEX_CALL_STATES)


def test_webex_states_follow_each_other_as_the_machine_moves() -> None:
    webex = WEBEX_CALL_STATES
    assert CALL.next(webex["connected"], "start_consultation") == webex["consult"]
    assert CALL.next(webex["consult"], "target_accepts") == webex["consulting"]
    assert CALL.next(webex["consulting"], "complete_conference") == webex["conference"]
    assert run("end_call", "start_wrap_up", start=webex["conference"]) == webex["wrapUp"]
    assert CALL.next(webex["wrapUp"], "mark_done") == "closed"


class CallLifecycle(RuleBasedStateMachine):
    """Random call actions, legal or not, on the compiled call; the seed's rules hold throughout."""

    def __init__(self) -> None:
        super().__init__()
        self.state = CALL.initial
        self.ended = False
        self.trail: list[str] = [self.state]

    @rule(event=st.sampled_from(CALL.events))
    def act(self, event: str) -> None:
        before = self.state
        try:
            after = CALL.next(before, event)
        except TransitionNotAllowed as error:
            assert error.details["state"] == before
            assert not CALL.allows(before, event)
            assert before == "closed" or event not in CALL.events_from(before)
            return
        assert before != "closed"
        if event == "send_dtmf":
            assert after == before
        if event == "hold":
            assert CALL.next(after, "resume") == before == "connected"
        if event in {"end_call", "remote_hang_up", "dialing_failed", "instant_transfer"}:
            assert after == "ended"
        self.state = after
        self.trail.append(after)
        self.ended = self.ended or after in AFTER_THE_CALL

    @invariant()
    def once_ended_the_call_never_talks_again(self) -> None:
        if self.ended:
            assert self.state in AFTER_THE_CALL

    @invariant()
    def closed_only_after_the_call_ended(self) -> None:
        if self.state == "closed":
            assert self.trail[-2] in {"ended", "wrap_up"}

    @invariant()
    def dialing_only_at_the_start(self) -> None:
        assert self.trail.count("dialing") == 1
        assert self.trail[0] == "dialing"


TestCallLifecycle = CallLifecycle.TestCase
TestCallLifecycle.settings = settings(TestCallLifecycle.settings, stateful_step_count=25)
