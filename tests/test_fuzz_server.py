"""Fuzzing the server, the desk and the aggregates: nothing but `OutboundError` escapes, and a
refused command changes nothing.

Each example builds a small world (a server with a Preview and a Progressive campaign, both with
the shipped treatments; an agent logged in at a desk holding a preview record; a dial in
progress), then sends every command of the targets below with arguments taken from the hostile
pool of `test_fuzz.py`. A command either works or raises an `OutboundError`; when it raises,
the server's and the desk's snapshots are what they were before it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, given, note, settings
from tests.test_fuzz import Pool, pools

from outbound_core import (
    Campaign,
    FieldSet,
    FieldSpec,
    InMemoryOutboundServer,
    OutboundError,
    OutboundService,
    Record,
)
from outbound_core.agent import AgentSession
from outbound_core.errors import shorten
from outbound_core.interaction import Interaction
from outbound_core.server import ServerSettings
from outbound_core.server.campaigns import CampaignRules
from outbound_core.timing import Reschedule, resolve_zone
from outbound_core.treatments import shipped_treatments

NOW = datetime(2026, 6, 15, 14, 0, tzinfo=UTC)
FIELDS = FieldSet((FieldSpec("Visits", "int", "number", editable=True),))
TABLE = shipped_treatments()
FUZZ = (
    settings(max_examples=600, suppress_health_check=list(HealthCheck))
    if settings.get_current_profile_name() == "ci"
    else settings(max_examples=30, suppress_health_check=list(HealthCheck))
)


class World:
    """A server, a desk holding a preview record, and a dial in progress."""

    def __init__(self) -> None:
        self.server = server = InMemoryOutboundServer(NOW)
        rules = CampaignRules(TABLE, max_attempts=5, abandon="ofcom")
        for name, mode in (("pv", "Preview"), ("prog", "Progressive")):
            server.add_campaign(name, mode, FIELDS, rules=rules)
            chains = [
                [
                    Record(
                        record_handle=100 * n + k + (0 if name == "pv" else 50),
                        chain_id=n + (0 if name == "pv" else 50),
                        phone=f"+1 555 01{n:02d}{k}{'0' if name == 'pv' else '5'}",
                        tz_name="EST",
                        custom={"Visits": 1},
                    )
                    for k in (1, 2)
                ]
                for n in range(1, 4)
            ]
            server.load_chains(name, chains)
            server.campaign_event(name, "load")
            server.campaign_event(name, "start")
        server.add_agent("a", campaigns=["pv", "prog"])
        self.desk = desk = OutboundService(server, "a")
        desk.login()
        desk.ready()
        self.interaction = desk.get_preview_record("pv") or ""
        attempt = server.dial("prog")
        self.dial_id = "" if attempt is None else attempt.dial_id

    def state(self) -> str:
        return json.dumps(
            {"server": self.server.snapshot(), "desk": self.desk.snapshot()}, default=str
        )


Command = Callable[[World, Pool], object]
COMMANDS: dict[str, Command] = {
    # server set-up
    "add_campaign": lambda w, p: w.server.add_campaign(p["t0"], p["x0"], p["x1"]),
    "add_campaign(rules)": lambda w, p: w.server.add_campaign("new", "Progressive", rules=p["x0"]),
    "add_agent": lambda w, p: w.server.add_agent(
        p["t1"], privileges=p["x0"], options=p["x1"], campaigns=p["s"]
    ),
    "load_chains": lambda w, p: w.server.load_chains(p["t0"], p["s"]),
    "load_chains(pv)": lambda w, p: w.server.load_chains("pv", p["x0"]),
    "campaign_event": lambda w, p: w.server.campaign_event(p["t1"], p["t0"]),
    "campaign_event(pv)": lambda w, p: w.server.campaign_event("pv", p["x1"]),
    # the clock and the dialer
    "advance": lambda w, p: w.server.advance(p["i0"]),
    "dial": lambda w, p: w.server.dial(p["t0"]),
    "dial_failed": lambda w, p: w.server.dial_failed(w.dial_id, p["x0"]),
    "dial_failed(id)": lambda w, p: w.server.dial_failed(p["t1"], "Busy"),
    "dial_answered": lambda w, p: w.server.dial_answered(p["x1"]),
    # the agent's session
    "session": lambda w, p: w.server.make_ready(p["t0"]),
    "logout": lambda w, p: w.server.logout(p["x0"]),
    # the desk
    "get_preview_record": lambda w, p: w.desk.get_preview_record(p["t1"]),
    "set_call_result": lambda w, p: w.desk.set_call_result(w.interaction, p["x0"]),
    "set_call_result(id)": lambda w, p: w.desk.set_call_result(p["t0"], "Busy"),
    "update_record_fields": lambda w, p: w.desk.update_record_fields(w.interaction, p["m"]),
    "reschedule_record": lambda w, p: w.desk.reschedule_record(
        w.interaction, p["n0"], p["t0"], p["t1"]
    ),
    "reschedule_record(date)": lambda w, p: w.desk.reschedule_record(
        w.interaction, 101, p["t0"], "PERSONAL"
    ),
    "reschedule_on_new_number": lambda w, p: w.desk.reschedule_on_new_number(
        w.interaction, p["t1"], p["t0"], "CAMPAIGN", p["x0"]
    ),
    "call_preview_record": lambda w, p: w.desk.call_preview_record(w.interaction, p["n1"]),
    "send_dtmf": lambda w, p: w.desk.send_dtmf(p["t1"], p["t0"]),
    "add_note": lambda w, p: w.desk.add_note(w.interaction, p["x1"]),
    "set_disposition": lambda w, p: w.desk.set_disposition(w.interaction, p["t0"]),
    "transfer": lambda w, p: w.desk.transfer(w.interaction, p["x0"]),
    "web_callback": lambda w, p: w.desk.web_callback(p["t0"], p["t1"], p["x0"]),
    "get_next_preview_record": lambda w, p: w.desk.get_next_preview_record(w.interaction, p["t1"]),
    "reject": lambda w, p: w.desk.reject(p["x0"]),
    # aggregates built from hostile values
    "ServerSettings": lambda w, p: ServerSettings(p["d"], p["x0"], p["x1"], p["t0"], p["t1"]),
    "ServerSettings.from_dict": lambda w, p: ServerSettings.from_dict(p["m"]),
    "InMemoryOutboundServer": lambda w, p: InMemoryOutboundServer(p["i0"], p["x0"]),
    "InMemoryOutboundServer.from_snapshot": lambda w, p: InMemoryOutboundServer.from_snapshot(
        p["m"]
    ),
    "CampaignRules": lambda w, p: CampaignRules(p["x0"], p["n0"], p["x1"], p["t0"]),
    "CampaignRules.from_dict": lambda w, p: CampaignRules.from_dict(p["m"]),
    "OutboundService": lambda w, p: OutboundService(w.server, p["t0"], id_prefix=p["x0"]),
    "Campaign": lambda w, p: Campaign(p["t0"], p["x0"]),
    "AgentSession": lambda w, p: AgentSession(p["t0"], p["x0"], p["t1"]),
    "Interaction.from_dict": lambda w, p: Interaction.from_dict(p["m"]),
}


@FUZZ
@given(pools)
def test_nothing_but_outbound_errors_escape_and_refusals_change_nothing(pool: Pool) -> None:
    world = World()
    for name, command in COMMANDS.items():
        before = world.state()
        try:
            command(world, pool)
        except OutboundError as error:
            assert error.message, name
            assert len(error.message) <= 2000, name
            assert world.state() == before, f"{name} was refused and changed something"
        except Exception as error:
            note(f"{name} raised {type(error).__name__}: {shorten(str(error), 200)}")
            raise


def test_a_reschedule_at_the_calendar_edges_is_refused_with_nothing_changed() -> None:
    world = World()
    for date in ("12/31/9999 23:59", "01/01/0001 00:00", "01/01/0001 00:30"):
        for command in (
            lambda d=date: world.desk.reschedule_record(world.interaction, 101, d, "PERSONAL"),
            lambda d=date: world.desk.reschedule_on_new_number(
                world.interaction, "+1 555 0999", d, "CAMPAIGN"
            ),
        ):
            before = world.state()
            try:
                command()
            except OutboundError as error:
                assert error.code in ("date-out-of-range", "callback-in-past"), error.code
            else:
                raise AssertionError(f"{date} was accepted")
            assert world.state() == before


def test_an_interaction_refuses_an_unknown_source_with_nothing_changed() -> None:
    world = World()
    held = world.desk.held[world.interaction].interaction
    before = held.to_dict()
    when = Reschedule(NOW + timedelta(hours=3), resolve_zone("EST"))
    try:
        held.reschedule(when, "PERSONAL", now=NOW, source="x")  # type: ignore[arg-type]
    except OutboundError as error:
        assert error.code == "invalid-value"
    else:
        raise AssertionError("source x was accepted")
    assert held.to_dict() == before
