"""The interaction aggregate under random command sequences, in every dialing mode.

Invariants: a refused command leaves every observable value as it was; a finalized record is
never acted on again; Do Not Call and a later call result never coexist; the chain keeps one
customer and its records, and the interaction's record is always one of them; an outcome
exists exactly when the record is done.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule
from tests.test_interaction import FIELDS, seed_chain, snapshot

from outbound_core import (
    OutboundError,
    OutboundOptions,
    Privilege,
    Privileges,
    callback_in,
)
from outbound_core.codes import CallResult, DialingMode
from outbound_core.interaction import ActionSource, Interaction

NOW = datetime(2026, 6, 15, 13, 30, tzinfo=UTC)
ALWAYS = {Privilege.CAN_USE, Privilege.PUSH_PREVIEW_CAN_USE}
OPTIONAL = sorted(set(Privilege) - ALWAYS)


class InteractionRules(RuleBasedStateMachine):
    mode: DialingMode = DialingMode.PREVIEW

    @initialize(
        granted=st.lists(st.booleans(), min_size=len(OPTIONAL), max_size=len(OPTIONAL)).map(
            lambda picks: {p for p, picked in zip(OPTIONAL, picks, strict=True) if picked}
        ),
        offered=st.lists(st.sampled_from(list(CallResult)), min_size=1, max_size=8, unique=True),
    )
    def deliver(self, granted: set[Privilege], offered: list[CallResult]) -> None:
        self.interaction = Interaction.deliver(
            "interaction-1",
            self.mode,
            seed_chain(),
            privileges=Privileges(frozenset(granted | ALWAYS)),
            options=OutboundOptions(call_result_values=tuple(offered)),
            fields=FIELDS,
        )
        self.chain_id = self.interaction.chain.chain_id
        self.selected = self.interaction.chain.selected.record_handle
        self.finalized_as: tuple[object, ...] | None = None
        self.calls = 0

    def attempt(self, command: Any, *args: Any, **kwargs: Any) -> bool:
        before = snapshot(self.interaction)
        try:
            command(*args, **kwargs)
        except OutboundError:
            assert snapshot(self.interaction) == before, command
            return False
        assert self.finalized_as is None, "a finalized record was acted on"
        return True

    @rule(
        event=st.sampled_from(
            ["accept", "accept", "reject", "cancel", "discard", "time_out", "get_next"]
        ),
        now=st.integers(0, 2),
    )
    def before_the_call(self, event: str, now: int) -> None:
        # Most of these finalize the record: try them one time in three to reach the call.
        if event == "accept" or now == 0:
            self.attempt(getattr(self.interaction, event))

    @rule(handle=st.sampled_from([None, 283, 284, 999]))
    def call(self, handle: int | None) -> None:
        self.calls += 1
        self.attempt(self.interaction.call, f"call-{self.calls}", handle)

    @rule(event=st.sampled_from(["call_connected", "call_failed", "call_ended"]))
    def telephony(self, event: str) -> None:
        self.attempt(getattr(self.interaction, event))

    @rule(pick=st.integers(0, 9), other=st.integers(-1, 60) | st.sampled_from(["Busy", "", True]))
    def set_call_result(self, pick: int, other: object) -> None:
        offered = self.interaction.options.call_result_values
        value = str(int(offered[pick % len(offered)])) if pick < 7 else other
        if self.attempt(self.interaction.set_call_result, value):
            assert not self.interaction.do_not_call

    @rule(mark=st.booleans())
    def do_not_call(self, mark: bool) -> None:
        command = self.interaction.set_do_not_call if mark else self.interaction.remove_do_not_call
        if self.attempt(command):
            assert self.interaction.do_not_call is mark

    @rule(
        hours=st.integers(-3, 72),
        kind=st.sampled_from(["PERSONAL", "CAMPAIGN"]),
        handle=st.sampled_from([None, 283, 284, 7]),
        new_phone=st.sampled_from([None, "+33600000001", "+33647004"]),
        source=st.sampled_from(list(ActionSource)),
    )
    def reschedule(
        self, hours: int, kind: str, handle: int | None, new_phone: str | None, source: ActionSource
    ) -> None:
        when = callback_in(NOW + timedelta(hours=hours) - timedelta(hours=3), timedelta(hours=3),
                           self.interaction.zone)  # fmt: skip
        if self.attempt(
            self.interaction.reschedule,
            when,
            kind,
            now=NOW,
            record_handle=handle,
            new_phone=new_phone,
            source=source,
        ):
            assert self.interaction.scheduled is not None
            assert self.interaction.scheduled.when.instant >= NOW.replace(second=0)

    @rule()
    def cancel_reschedule(self) -> None:
        if self.attempt(self.interaction.cancel_reschedule):
            assert self.interaction.scheduled is None

    @rule(
        update=st.dictionaries(
            st.sampled_from(["GSW_PHONE", "Custom_Integer", "Custom_VarChar", "GSW_CALL_RESULT"]),
            st.none() | st.integers(-5, 5) | st.text(max_size=3),
            max_size=3,
        )
    )
    def update_fields(self, update: dict[str, object]) -> None:
        self.attempt(self.interaction.update_fields, update)

    @rule(now=st.integers(0, 3))
    def mark_done(self, now: int) -> None:
        # One time in four, so that records live long enough to meet every other command.
        if now == 0 and self.attempt(self.interaction.mark_done):
            self.finalized_as = snapshot(self.interaction)

    @invariant()
    def state_is_known_and_final_means_final(self) -> None:
        interaction = self.interaction
        assert interaction.state in interaction.machine.states
        assert (interaction.outcome is not None) == (interaction.state in ("done", "replaced"))
        if self.finalized_as is not None:
            assert snapshot(interaction) == self.finalized_as

    @invariant()
    def the_chain_keeps_its_customer_and_records(self) -> None:
        chain = self.interaction.chain
        assert chain.chain_id == self.chain_id
        assert chain.selected.record_handle == self.selected
        assert self.interaction.record in chain.records
        scheduled = self.interaction.scheduled
        assert scheduled is None or scheduled.record_handle in chain.handles
        assert set(self.interaction.pending_updates) <= {
            "GSW_PHONE",
            "Custom_Integer",
            "Custom_VarChar",
        }

    @invariant()
    def do_not_call_excludes_a_reschedule(self) -> None:
        assert not (self.interaction.do_not_call and self.interaction.scheduled is not None)


@pytest.mark.parametrize(
    "mode",
    [m for m in DialingMode if m.in_seeds],
    ids=lambda m: m.value,
)
def test_interaction_rules(mode: DialingMode) -> None:
    rules = type(f"{mode.name.title()}Rules", (InteractionRules,), {"mode": mode})
    rules.TestCase().runTest()
