"""The desk's telephony and web callback actions: the calls it dials or receives.

Each call on the desk follows `VoiceCallMachine` (traced with kind `call`); the events that
matter to the record also move the interaction's lifecycle (connected, failed, ended). Holding
and resuming are the call's alone. Web callbacks (seed 003) are routed to the agent Ready on
their channel and worked with `WebCallbackMachine` events on the server's board.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from outbound_core.errors import ErrorCode, InvalidValue, NotFound, TransitionNotAllowed, shorten
from outbound_core.machines import CompiledMachine, VoiceCallMachine, compile_machine

if TYPE_CHECKING:
    from outbound_core.desk.service import _Held
    from outbound_core.server.protocol import OutboundServer
    from outbound_core.trace import Tracer

__all__ = ["VOICE_CALL", "CallsMixin"]

#: The voice call lifecycle, compiled.
VOICE_CALL: CompiledMachine = compile_machine(VoiceCallMachine)

_INTERACTION_EVENT = {
    "answer": "call_connected",
    "dialing_failed": "call_failed",
    "end_call": "call_ended",
    "remote_hang_up": "call_ended",
}


class CallsMixin:
    """Telephony and web callback actions of `OutboundService`."""

    agent_id: str
    server: OutboundServer
    trace: Tracer
    web_callbacks_offered: list[str]

    if TYPE_CHECKING:

        def _held(self, interaction_id: str) -> _Held: ...

        def _traced(
            self, held: _Held, event: str, before: str | None, interaction_id: str | None = None,
            args: Any = None,
        ) -> None: ...  # fmt: skip

        def sync(self) -> Any: ...

    def call_connected(self, interaction_id: str) -> None:
        """The dialed customer answered."""
        self._telephony(interaction_id, "answer")

    def call_failed(self, interaction_id: str) -> None:
        """The dial did not connect (busy, no answer, ...)."""
        self._telephony(interaction_id, "dialing_failed")

    def call_held(self, interaction_id: str) -> None:
        """The agent put the call on hold."""
        self._telephony(interaction_id, "hold")

    def call_resumed(self, interaction_id: str) -> None:
        """The agent took the call off hold."""
        self._telephony(interaction_id, "resume")

    def call_ended(self, interaction_id: str, *, by_customer: bool = False) -> None:
        """The agent (or, with `by_customer`, the customer) ended the call."""
        self._telephony(interaction_id, "remote_hang_up" if by_customer else "end_call")

    def _telephony(self, interaction_id: str, event: str) -> None:
        held = self._held(interaction_id)
        if held.voice is None:
            raise TransitionNotAllowed(
                f"interaction {interaction_id} has no call (call the record first)",
                state=held.interaction.state, event=event, machine=VOICE_CALL.name,
                failed_guards=[],
            )  # fmt: skip
        target = VOICE_CALL.next(held.voice, event)
        record_event = _INTERACTION_EVENT.get(event)
        before = held.interaction.state
        if record_event is not None:
            getattr(held.interaction, record_event)()
        voice_before, held.voice = held.voice, target
        self.trace.emit(
            "call", event, agent_id=self.agent_id, interaction_id=interaction_id,
            record_handle=held.interaction.record.record_handle,
            chain_id=held.interaction.chain.chain_id, mode=held.interaction.mode.value,
            state_before=voice_before, state_after=target,
        )  # fmt: skip
        if record_event is not None:
            self._traced(held, record_event, before)

    def _close_voice(self, held: _Held) -> None:
        if held.voice is not None and VOICE_CALL.allows(held.voice, "mark_done"):
            before, held.voice = held.voice, VOICE_CALL.next(held.voice, "mark_done")
            interaction = held.interaction
            self.trace.emit(
                "call", "mark_done", agent_id=self.agent_id,
                interaction_id=interaction.interaction_id,
                record_handle=interaction.record.record_handle, chain_id=interaction.chain.chain_id,
                mode=interaction.mode.value, state_before=before, state_after=held.voice,
            )  # fmt: skip

    # ---- web callbacks (seed 003) ----------------------------------------------------------

    def web_callback_ready(self, ready: bool = True) -> None:
        """Go Ready (or not) on the web callback channel."""
        board = getattr(self.server, "web_callbacks", None)
        if board is None:
            raise NotFound("this server has no web callbacks")
        board.set_ready(self.agent_id, bool(ready))
        self.sync()

    def web_callback(self, request_id: str, event: str, argument: Any = None) -> str:
        """Act on a web callback routed to the agent: `accept`, `reject`, `call`, `answer`,
        `dialing_failed`, `hold`, `resume`, `end_call`, `remote_hang_up`,
        `schedule_callback` (with `MM/DD/YYYY HH:MM` in the contact's zone),
        `set_disposition` (with a code) or `mark_done`. Returns the new state."""
        board = getattr(self.server, "web_callbacks", None)
        if board is None:
            raise NotFound("this server has no web callbacks")
        if not isinstance(event, str):
            raise InvalidValue(
                f"event is a string, not {shorten(event)}", code=ErrorCode.WRONG_TYPE
            )
        self.sync()
        state: str = board.act(self.agent_id, request_id, event, argument)
        if event in ("reject", "mark_done") and request_id in self.web_callbacks_offered:
            self.web_callbacks_offered.remove(request_id)
        self.sync()
        return state
