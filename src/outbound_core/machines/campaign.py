"""The campaign (campaign group) lifecycle as the desktop sees it: loaded, started, stopped.

The desktop protocol's CampaignLoaded, CampaignStarted, CampaignStopped, CampaignUnloaded and
CampaignModeChanged notifications (reference §3.2) follow these moves. A dialing-mode change
while the campaign runs is allowed only between modes that may switch at run time (reference
§7.1, `dialing_modes.may_switch_while_running`); stopped or loaded, any change is allowed.
"""

from __future__ import annotations

from statemachine import State, StateMachine

__all__ = ["CampaignMachine"]


class CampaignMachine(StateMachine):
    """A campaign group from unloaded to running and back."""

    unloaded = State("Unloaded", initial=True)
    loaded = State("Loaded")
    running = State("Running")
    stopped = State("Stopped")

    load = unloaded.to(loaded)
    start = loaded.to(running) | stopped.to(running)
    stop = running.to(stopped)
    unload = loaded.to(unloaded) | stopped.to(unloaded)
    change_mode = (
        loaded.to(loaded)
        | stopped.to(stopped)
        | running.to(running, cond="mode_may_switch_while_running")
    )
