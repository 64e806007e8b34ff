"""The web callback interaction (seed 003): routed, accepted, previewed, called, done.

A contact asks for a callback on the company web page. The request waits at a routing point or
in a queue until it can be routed to an agent whose status is Ready on the web callback channel
(guard `agent_ready_on_channel`); a request still waiting when the contact's availability ends
expires. The agent accepts it, which opens the preview; a reject, or no
answer before the timeout, returns it to another agent, routing point or queue.

From the preview the agent calls the contact, marks the interaction Done without calling, or
schedules a callback for another time. Once called, the call's status is Connected, On Hold or
Ready to Call; Ready to Call is the status after the agent or the contact ends the call (and
after a call attempt that did not connect), from which the agent may call again or mark Done.

Mark Done may require a disposition code: it is refused while `disposition_missing` holds (the
agent is configured to specify a disposition code and none is set). One guard rather than two
("required" and "not set") keeps the rule a single transition, so the diagram shows it whole. A
disposition can be assigned to
an ongoing or terminated interaction (`set_disposition`, no state change). Schedule a Callback
records a new time (an effect of the aggregate) and changes no state: the interaction still
ends with Mark Done. A note may be attached at any point of the interaction (the Notepad). The
finer call actions (transfer, conference, consultation, DTMF) are the voice call's
(`VoiceCallMachine`): the web callback follows the call's status (Connected, On Hold, Ready to
Call), and an instant or completed transfer to another agent hands the request over to that
agent with the call connected (`hand_over`).
"""

from __future__ import annotations

from statemachine import State, StateMachine

__all__ = ["WebCallbackMachine"]


class WebCallbackMachine(StateMachine):
    """One web callback request, from the queue to Mark Done."""

    queued = State("Queued", initial=True)
    offered = State("Offered")
    previewing = State("Preview")
    dialing = State("Dialing")
    connected = State("Connected")
    on_hold = State("On hold")
    ready_to_call = State("Ready to call")
    done = State("Done", final=True)
    expired = State("Expired", final=True)

    route = queued.to(offered, cond="agent_ready_on_channel")
    expire = queued.to(expired)
    accept = offered.to(previewing)
    reject = offered.to(queued)
    time_out = offered.to(queued)
    call = previewing.to(dialing) | ready_to_call.to(dialing)
    answer = dialing.to(connected)
    dialing_failed = dialing.to(ready_to_call)
    hold = connected.to(on_hold)
    resume = on_hold.to(connected)
    end_call = dialing.to(ready_to_call) | connected.to(ready_to_call) | on_hold.to(ready_to_call)
    remote_hang_up = connected.to(ready_to_call) | on_hold.to(ready_to_call)
    schedule_callback = (
        previewing.to(previewing)
        | connected.to(connected)
        | on_hold.to(on_hold)
        | ready_to_call.to(ready_to_call)
    )
    set_disposition = (
        previewing.to(previewing)
        | dialing.to(dialing)
        | connected.to(connected)
        | on_hold.to(on_hold)
        | ready_to_call.to(ready_to_call)
    )
    add_note = (
        previewing.to(previewing)
        | dialing.to(dialing)
        | connected.to(connected)
        | on_hold.to(on_hold)
        | ready_to_call.to(ready_to_call)
    )
    hand_over = connected.to(connected) | on_hold.to(connected)
    mark_done = previewing.to(done, unless="disposition_missing") | ready_to_call.to(
        done, unless="disposition_missing"
    )
