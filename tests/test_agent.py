"""The agent session: readiness, the desk, the preview limit and negotiated logout (seed 001)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from outbound_core import (
    InvalidValue,
    NotFound,
    OutboundError,
    OutboundOptions,
    TransitionNotAllowed,
)
from outbound_core.agent import DEFAULT_LOGOUT_WAIT, AgentSession

NOW = datetime(2026, 6, 15, 9, 0, tzinfo=UTC)


def ready(limit: str = "-1") -> AgentSession:
    session = AgentSession(
        "agent-1",
        OutboundOptions.from_mapping({"outbound.preview.max-simultaneous-preview-record": limit}),
    )
    session.login()
    session.make_ready()
    return session


def test_login_ready_deliver_finish() -> None:
    session = AgentSession("agent-1")
    assert not session.logged_in
    session.login()
    assert session.state == "not_ready"
    with pytest.raises(TransitionNotAllowed):
        session.deliver("i1", "Preview")
    session.make_ready()
    session.deliver("i1", "Preview")
    assert session.state == "engaged"
    session.finish("i1")
    assert session.state == "ready"


def test_logout_with_nothing_in_flight_is_immediate() -> None:
    session = ready()
    assert session.logout(NOW) is None
    assert session.state == "logged_out"
    assert session.remaining(NOW) is None


def test_logout_while_a_call_is_being_established_waits_for_authorization() -> None:
    session = ready()
    session.call_establishing()
    deadline = session.logout(NOW, wait=timedelta(seconds=20))
    assert deadline == NOW + timedelta(seconds=20)
    assert session.state == "logout_pending"
    assert session.remaining(NOW + timedelta(seconds=5)) == timedelta(seconds=15)
    assert session.remaining(NOW + timedelta(minutes=5)) == timedelta(0)
    with pytest.raises(TransitionNotAllowed):
        session.deliver("new-preview", "Preview")
    session.deliver("the-call", "Progressive")
    assert session.state == "engaged_logout_pending"
    assert not session.call_in_flight
    with pytest.raises(TransitionNotAllowed):
        session.deliver("another", "Predictive")
    session.finish("the-call")
    assert session.state == "logout_pending"
    session.authorize_logout()
    assert session.state == "logged_out"


def test_authorization_waits_while_a_call_is_still_in_flight() -> None:
    session = ready()
    session.call_establishing()
    session.logout(NOW)
    with pytest.raises(TransitionNotAllowed):
        session.authorize_logout()
    session.call_not_established()
    session.authorize_logout()
    assert not session.logged_in


def test_the_deadline_logs_out_an_agent_with_an_empty_desk_only() -> None:
    session = ready()
    session.deliver("i1", "Preview")
    session.logout(NOW, wait=timedelta(seconds=10))
    assert session.state == "engaged_logout_pending"
    assert not session.expire(NOW + timedelta(seconds=11))
    assert session.state == "engaged_logout_pending"
    session.finish("i1")
    assert not session.expire(NOW + timedelta(seconds=9))
    assert session.expire(NOW + timedelta(seconds=10))
    assert session.state == "logged_out"
    assert session.logout_deadline is None


def test_default_wait() -> None:
    session = ready()
    session.call_establishing()
    assert session.logout(NOW) == NOW + DEFAULT_LOGOUT_WAIT


def test_the_preview_limit() -> None:
    session = ready("2")
    session.deliver("p1", "Preview")
    assert session.may_take("PushPreview")
    session.deliver("p2", "PushPreview")
    assert not session.may_take("Preview")
    with pytest.raises(TransitionNotAllowed):
        session.deliver("p3", "Preview")
    session.finish("p1")
    session.deliver("p3", "DirectPushPreview")
    unlimited = ready("0")
    for n in range(20):
        unlimited.deliver(f"p{n}", "Preview")
    assert len(unlimited.interactions) == 20


def test_no_second_record_beside_a_system_dialed_call() -> None:
    session = ready()
    session.deliver("c1", "Progressive")
    assert not session.may_take("Preview")
    assert not session.may_take("Predictive")


def test_calls_are_established_only_for_ready_agents() -> None:
    session = AgentSession("a")
    with pytest.raises(TransitionNotAllowed):
        session.call_establishing()
    session.login()
    with pytest.raises(TransitionNotAllowed):
        session.call_establishing()
    with pytest.raises(TransitionNotAllowed):
        session.call_not_established()


def test_bad_arguments() -> None:
    for agent_id in ("", None, 7):
        with pytest.raises(InvalidValue):
            AgentSession(agent_id)  # type: ignore[arg-type]
    session = ready()
    session.deliver("i1", "Preview")
    with pytest.raises(InvalidValue):
        session.deliver("i1", "Preview")
    with pytest.raises(InvalidValue):
        session.deliver("", "Preview")
    with pytest.raises(InvalidValue):
        session.deliver("i2", "Telepathy")
    with pytest.raises(NotFound):
        session.finish("nope")
    with pytest.raises(InvalidValue):
        session.logout(datetime(2026, 1, 1))
    with pytest.raises(InvalidValue):
        session.logout(NOW, wait=timedelta(seconds=-1))
    assert session.state == "engaged"


class SessionRules(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.session = ready("3")
        self.now = NOW
        self.count = 0

    def attempt(self, command: object, *args: object) -> bool:
        before = (
            self.session.state,
            dict(self.session.interactions),
            self.session.call_in_flight,
            self.session.logout_deadline,
        )
        try:
            command(*args)  # type: ignore[operator]
        except OutboundError:
            after = (
                self.session.state,
                dict(self.session.interactions),
                self.session.call_in_flight,
                self.session.logout_deadline,
            )
            assert after == before
            return False
        return True

    @rule(event=st.sampled_from(["login", "make_ready", "make_not_ready", "authorize_logout",
                                 "call_establishing", "call_not_established"]))  # fmt: skip
    def simple(self, event: str) -> None:
        self.attempt(getattr(self.session, event))

    @rule(mode=st.sampled_from(["Preview", "PushPreview", "Progressive", "Predictive"]))
    def deliver(self, mode: str) -> None:
        self.count += 1
        pending_before = self.session.logout_pending
        in_flight = self.session.call_in_flight
        if self.attempt(self.session.deliver, f"i{self.count}", mode):
            assert not pending_before or (in_flight and mode in ("Progressive", "Predictive"))

    @rule(data=st.data())
    def finish(self, data: st.DataObject) -> None:
        ids = sorted(self.session.interactions) or ["none"]
        self.attempt(self.session.finish, data.draw(st.sampled_from(ids)))

    @rule(seconds=st.integers(0, 60))
    def logout(self, seconds: int) -> None:
        had_work = bool(self.session.interactions) or self.session.call_in_flight
        if self.attempt(self.session.logout, self.now, timedelta(seconds=seconds)):
            assert (self.session.state == "logged_out") is not had_work

    @rule(seconds=st.integers(0, 90))
    def time_passes(self, seconds: int) -> None:
        self.now += timedelta(seconds=seconds)
        self.session.expire(self.now)

    @invariant()
    def consistent(self) -> None:
        session = self.session
        if session.state in ("engaged", "engaged_logout_pending"):
            assert session.interactions
        if session.state in ("ready", "not_ready", "logged_out", "logout_pending"):
            assert not session.interactions
        if session.logout_pending:
            remaining = session.remaining(self.now)
            assert remaining is not None
            assert remaining >= timedelta(0)
        else:
            assert session.remaining(self.now) is None
        assert len([m for m in session.interactions.values() if not m.system_dials]) <= 3


TestSessionRules = SessionRules.TestCase
