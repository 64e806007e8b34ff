"""The campaign aggregate: lifecycle, dialing-mode changes and notifications (seed 001)."""

from __future__ import annotations

import pytest

from outbound_core import InvalidValue, NotFound, TransitionNotAllowed
from outbound_core.campaign import Campaign, CampaignEvent, assigned_campaigns
from outbound_core.codes import DialingMode


def campaign() -> Campaign:
    c = Campaign("Outbound Campaign Custom", "Progressive")
    c.assign("a1")
    c.assign("a2")
    return c


def test_start_notifies_every_assigned_agent() -> None:
    c = campaign()
    loaded = c.load()
    assert [(n.agent_id, n.event) for n in loaded] == [
        ("a1", CampaignEvent.LOADED),
        ("a2", CampaignEvent.LOADED),
    ]
    started = c.start()
    assert {n.agent_id for n in started} == {"a1", "a2"}
    assert all(n.event is CampaignEvent.STARTED for n in started)
    assert "has started" in started[0].message
    assert c.running


def test_an_agent_logging_in_after_the_start_is_told_at_login() -> None:
    c = campaign()
    assert c.notifications_at_login("a1") == ()
    c.load()
    assert c.notifications_at_login("a1") == ()
    c.start()
    (note,) = c.notifications_at_login("a1")
    assert note.at_login
    assert note.event is CampaignEvent.STARTED
    assert "before you logged in" in note.message
    assert c.notifications_at_login("stranger") == ()
    c.stop()
    assert c.notifications_at_login("a1") == ()


def test_lifecycle_refusals() -> None:
    c = campaign()
    with pytest.raises(TransitionNotAllowed):
        c.start()
    c.load()
    c.start()
    with pytest.raises(TransitionNotAllowed):
        c.unload()
    c.stop()
    c.start()
    c.stop()
    c.unload()
    assert not c.loaded


def test_mode_changes_while_running_follow_the_reference() -> None:
    c = campaign()
    c.load()
    c.start()
    (note, _) = c.change_mode("Predictive")
    assert note.event is CampaignEvent.MODE_CHANGED
    assert c.mode is DialingMode.PREDICTIVE
    with pytest.raises(TransitionNotAllowed):
        c.change_mode("Preview")
    assert c.mode is DialingMode.PREDICTIVE
    c.stop()
    c.change_mode("Preview")
    assert c.mode is DialingMode.PREVIEW


def test_get_campaigns_lists_loaded_and_running_assigned_campaigns() -> None:
    a, b, c = campaign(), Campaign("B", "Preview"), Campaign("C", "Predictive")
    b.assign("a1")
    c.assign("a1")
    a.load()
    a.start()
    b.load()
    assert [x.name for x in assigned_campaigns([c, b, a], "a1")] == [
        "B",
        "Outbound Campaign Custom",
    ]
    assert a.to_dict()["state"] == "running"


def test_bad_input() -> None:
    with pytest.raises(InvalidValue):
        Campaign("", "Preview")
    with pytest.raises(InvalidValue):
        Campaign("X", "Dial-a-lot")
    c = campaign()
    with pytest.raises(InvalidValue):
        c.assign("")
    with pytest.raises(NotFound):
        c.unassign("zz")
    c.unassign("a2")
    assert c.agents == {"a1"}
