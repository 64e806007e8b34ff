"""The campaign aggregate: its lifecycle, dialing-mode changes, and the agents it notifies.

Seed 001: agents assigned to a campaign receive a message when a supervisor starts it, and an
agent who logs in after it began receives the message at login. The desktop protocol's
CampaignLoaded, CampaignStarted, CampaignStopped, CampaignUnloaded and CampaignModeChanged
notifications (reference §3.2) follow `CampaignMachine`; each move returns the notifications
for the assigned agents, and the caller delivers them to those logged in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import Any

import attrs

from outbound_core.codes.dialing_modes import DialingMode, may_switch_while_running
from outbound_core.errors import ErrorCode, InvalidValue, NotFound, shorten
from outbound_core.machines import CAMPAIGN

__all__ = ["CAMPAIGN", "Campaign", "CampaignEvent", "CampaignNotification", "assigned_campaigns"]


class CampaignEvent(StrEnum):
    """A campaign notification, named as the desktop protocol's `GSW_USER_EVENT`."""

    LOADED = "CampaignLoaded"
    STARTED = "CampaignStarted"
    STOPPED = "CampaignStopped"
    UNLOADED = "CampaignUnloaded"
    MODE_CHANGED = "CampaignModeChanged"


_EVENT_OF = {
    "load": CampaignEvent.LOADED,
    "start": CampaignEvent.STARTED,
    "stop": CampaignEvent.STOPPED,
    "unload": CampaignEvent.UNLOADED,
    "change_mode": CampaignEvent.MODE_CHANGED,
}

_SENTENCES = {
    CampaignEvent.LOADED: "campaign {name} is loaded ({mode})",
    CampaignEvent.STARTED: "campaign {name} has started ({mode}); you are assigned to it",
    CampaignEvent.STOPPED: "campaign {name} has stopped",
    CampaignEvent.UNLOADED: "campaign {name} is unloaded",
    CampaignEvent.MODE_CHANGED: "campaign {name} now dials in {mode} mode",
}


@attrs.define(frozen=True, slots=True)
class CampaignNotification:
    """A message for one agent about one campaign; `at_login` when it was shown at login
    because the campaign began before the agent logged in."""

    agent_id: str
    campaign_name: str
    event: CampaignEvent
    mode: DialingMode
    at_login: bool = False

    @property
    def message(self) -> str:
        """The sentence the desktop shows."""
        text = _SENTENCES[self.event].format(name=self.campaign_name, mode=self.mode.label)
        return f"{text} (it began before you logged in)" if self.at_login else text

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {
            "agent_id": self.agent_id,
            "campaign_name": self.campaign_name,
            "event": self.event.value,
            "mode": self.mode.value,
            "at_login": self.at_login,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CampaignNotification:
        """The notification `to_dict` wrote."""
        return cls(
            data["agent_id"],
            data["campaign_name"],
            CampaignEvent(data["event"]),
            DialingMode.parse(data["mode"]),
            bool(data["at_login"]),
        )


def _name(what: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidValue(
            f"a {what} is a non-blank string, not {shorten(value)}",
            code=ErrorCode.WRONG_TYPE,
            value=shorten(value),
        )
    return value


def _campaign_name(value: object) -> str:
    return _name("campaign name", value)


def _dialing_mode(value: object) -> DialingMode:
    return DialingMode.parse(value)


@attrs.define(slots=True, eq=False)
class Campaign:
    """A campaign (campaign group) with its dialing mode, lifecycle state and assigned agents."""

    name: str = attrs.field(converter=_campaign_name)
    mode: DialingMode = attrs.field(converter=_dialing_mode)
    agents: set[str] = attrs.field(factory=set)
    state: str = CAMPAIGN.initial

    @property
    def loaded(self) -> bool:
        """Loaded or active: what getCampaigns lists for an assigned agent (seed 002)."""
        return self.state != "unloaded"

    @property
    def running(self) -> bool:
        """Started and not stopped: the "Started" status of the My Campaigns view (seed 001)."""
        return self.state == "running"

    def assign(self, agent_id: str) -> None:
        """Assign an agent to the campaign."""
        self.agents.add(_name("agent id", agent_id))

    def unassign(self, agent_id: str) -> None:
        """Remove an agent from the campaign.

        Raises:
            NotFound: the agent is not assigned.
        """
        if agent_id not in self.agents:
            raise NotFound(
                f"agent {shorten(agent_id)} is not assigned to campaign {self.name}",
                agent_id=shorten(agent_id),
                campaign=self.name,
            )
        self.agents.discard(agent_id)

    def load(self) -> tuple[CampaignNotification, ...]:
        """Load the campaign [CampaignLoaded]."""
        return self._move("load")

    def start(self) -> tuple[CampaignNotification, ...]:
        """Start (or restart) the campaign [CampaignStarted]: every assigned agent is told."""
        return self._move("start")

    def stop(self) -> tuple[CampaignNotification, ...]:
        """Stop the campaign [CampaignStopped]; it stays loaded."""
        return self._move("stop")

    def unload(self) -> tuple[CampaignNotification, ...]:
        """Unload a loaded or stopped campaign [CampaignUnloaded]."""
        return self._move("unload")

    def change_mode(self, mode: DialingMode | str) -> tuple[CampaignNotification, ...]:
        """Change the dialing mode [CampaignModeChanged]; while running, only between modes that
        may switch without a restart (Predictive and Progressive, and their seizing forms).

        Raises:
            TransitionNotAllowed: the change needs the campaign stopped first.
        """
        new = DialingMode.parse(mode)
        target = CAMPAIGN.next(
            self.state,
            "change_mode",
            lambda guard: (
                guard == "mode_may_switch_while_running"
                and may_switch_while_running(self.mode, new)
            ),
        )
        self.state, self.mode = target, new
        return self._notify(CampaignEvent.MODE_CHANGED)

    def notifications_at_login(self, agent_id: str) -> tuple[CampaignNotification, ...]:
        """What an assigned agent is told on logging in while the campaign runs (seed 001)."""
        if not self.running or agent_id not in self.agents:
            return ()
        return (CampaignNotification(agent_id, self.name, CampaignEvent.STARTED, self.mode, True),)

    def to_dict(self) -> dict[str, Any]:
        """The campaign as getCampaigns details: name, mode, state and assigned agents."""
        return {
            "name": self.name,
            "mode": self.mode.value,
            "state": self.state,
            "agents": sorted(self.agents),
        }

    def _move(self, event: str) -> tuple[CampaignNotification, ...]:
        self.state = CAMPAIGN.next(self.state, event, _no_guard)
        return self._notify(_EVENT_OF[event])

    def _notify(self, event: CampaignEvent) -> tuple[CampaignNotification, ...]:
        return tuple(
            CampaignNotification(agent, self.name, event, self.mode)
            for agent in sorted(self.agents)
        )


def _no_guard(name: str) -> bool:
    raise NotFound(f"no guard {name!r} for the campaign", guard=name)


def assigned_campaigns(campaigns: Iterable[Campaign], agent_id: str) -> list[Campaign]:
    """The loaded and running campaigns an agent is assigned to, by name [getCampaigns]."""
    return sorted((c for c in campaigns if c.loaded and agent_id in c.agents), key=lambda c: c.name)
