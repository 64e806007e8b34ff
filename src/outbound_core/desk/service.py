"""The agent desk: one agent's view of outbound work, the 17 methods of seed 002 and around them.

`OutboundService` talks to an `OutboundServer` (the in-memory one, or a real backend) and keeps
the agent's interactions (`Interaction`), one per record on the desk. The seed's methods keep
their arguments, in Python style; the desk adds what an agent desktop does around them: log in
and out (negotiated), go Ready and Not Ready, accept / reject / discard a pushed record,
telephony events of its calls, and Mark Done. Every argument is checked as the seed says and
every failure is an `OutboundError` with its code; a refused action changes nothing.

Interaction ids are the desk's: `id_prefix` and a counter (`"1"`, `"2"`, ...). Once a preview
record is called [callPreviewRecord] the interaction takes the call's id, the next number
(seed 002: "the ID provided becomes the new interaction ID that corresponds to the call").
rejectPreviewRecord and cancelPreviewRecord name no interaction: they act on the most recently
delivered record still in preview (or, for reject and discard, still offered).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import attrs

from outbound_core.campaign import CampaignNotification
from outbound_core.codes import CallbackType, DialingMode, PhoneType
from outbound_core.desk.actions import (
    DeskObserver,
    PartyAction,
    PartyActionRequested,
    RecordAction,
    RecordDone,
    SessionAction,
    SessionRequest,
)
from outbound_core.desk.calls import CallMove, call_status, check_call, close_call, move_call
from outbound_core.desk.held import HeldInteraction
from outbound_core.desk.targets import CallTarget
from outbound_core.errors import (
    ErrorCode,
    InvalidValue,
    NotFound,
    OutboundError,
    TransitionNotAllowed,
    shorten,
)
from outbound_core.interaction import DTMF_DIGITS, ActionSource, Interaction
from outbound_core.machines import VOICE_CALL
from outbound_core.options import RingingBell
from outbound_core.records import Chain
from outbound_core.records.fields import FieldSpec
from outbound_core.records.outcome import Outcome
from outbound_core.server.protocol import Delivery, Notice, NoticeKind, OutboundServer, ReturnReason
from outbound_core.timing.reschedule import callback_at
from outbound_core.timing.zones import resolve_zone
from outbound_core.trace import Tracer

__all__ = ["OutboundService"]


def _text(name: str, value: object) -> str:
    if not isinstance(value, str):
        raise InvalidValue(
            f"{name} is a string, not {shorten(value)}",
            code=ErrorCode.WRONG_TYPE,
            value=shorten(value),
        )
    if not value.strip():
        raise InvalidValue(f"{name} is empty", code=ErrorCode.INVALID_VALUE, value=value)
    return value


def _handle(value: object) -> int:
    if type(value) is not int:
        raise InvalidValue(
            f"recordHandle is a number, not {shorten(value)}",
            code=ErrorCode.WRONG_TYPE,
            value=shorten(value),
        )
    return value


#: The call events a web callback request takes as its own (`WebCallbackMachine`).
_WEB_REQUEST_EVENTS = frozenset({"hold", "resume", "end_call", "remote_hang_up"})
#: The other channels of a contact a chain may hold: phone type to medium (Party Action Menu).
_PARTY_MEDIA = {PhoneType.EMAIL_ADDRESS: "email", PhoneType.INSTANT_MESSAGING: "chat"}


def _dtmf(digits: object) -> str:
    if not isinstance(digits, str) or not 1 <= len(digits) <= 64 or not set(digits) <= DTMF_DIGITS:
        raise InvalidValue(
            f"DTMF digits are 1 to 64 of 0-9, *, # and A-D, not {shorten(digits)}",
            code=ErrorCode.WRONG_TYPE if not isinstance(digits, str) else ErrorCode.INVALID_VALUE,
            value=shorten(digits),
        )
    return digits


class OutboundService:
    """One agent's desk (see the module docs)."""

    def __init__(
        self,
        server: OutboundServer,
        agent_id: str,
        *,
        id_prefix: str = "",
        tracer: Tracer | None = None,
        observer: DeskObserver | None = None,
    ) -> None:
        self.server = server
        #: Given each action of the agent as it succeeds (`desk.actions`); for example
        #: `outbound_core.wire.desktop.DesktopProtocol`, which sends the desktop-protocol
        #: requests a real desktop would send.
        self.observer = observer
        self.agent_id = _text("agent id", agent_id)
        self.id_prefix = id_prefix
        self.trace = tracer or getattr(server, "trace", None) or Tracer(lambda: server.now)
        self.held: dict[str, HeldInteraction] = {}
        self.renamed: dict[str, str] = {}
        self.notifications: list[CampaignNotification] = []
        self.web_callbacks_offered: list[str] = []
        self.logged_out_by_server = False
        #: Deliveries the desk could not take (and gave back), with why.
        self.refused_deliveries: list[OutboundError] = []
        self._counter = 0

    # ---- session ---------------------------------------------------------------------------

    def login(self) -> tuple[CampaignNotification, ...]:
        """Log in (Not Ready); returns the messages of campaigns already running (seed 001)."""
        notes = self.server.login(self.agent_id)
        self.sync()
        return notes

    def ready(self) -> None:
        """Go Ready: records and calls may come."""
        self.server.make_ready(self.agent_id)
        self.sync()

    def not_ready(self) -> None:
        """Go Not Ready."""
        self.server.make_not_ready(self.agent_id)
        self.sync()

    def logout(self) -> datetime | None:
        """Ask to log out: now when nothing is in flight, else negotiated; returns the deadline
        of a pending logout (the desk keeps working the records it holds until then)."""
        deadline = self.server.logout(self.agent_id)
        self._report_session(SessionRequest.LOG_OUT)
        self.sync()
        return deadline

    def sync(self) -> list[Notice]:
        """Take what the server sent since the last time: new records, messages, records taken
        back (stale, unanswered offers), an authorized logout, web callbacks offered."""
        notices = self.server.poll(self.agent_id)
        for notice in notices:
            if notice.kind is NoticeKind.DELIVERED and notice.delivery is not None:
                self._take(notice.delivery)
            elif notice.kind is NoticeKind.CAMPAIGN and notice.notification is not None:
                self.notifications.append(notice.notification)
            elif notice.kind in (
                NoticeKind.STALE, NoticeKind.TIMED_OUT, NoticeKind.PROCESSED_ELSEWHERE
            ):  # fmt: skip
                self._taken_back(notice)
            elif notice.kind is NoticeKind.LOGOUT_AUTHORIZED:
                self.logged_out_by_server = True
            elif (
                notice.kind in (NoticeKind.WEB_CALLBACK_OFFERED, NoticeKind.WEB_CALLBACK_HANDED)
                and notice.request_id
                and notice.request_id not in self.web_callbacks_offered
            ):
                self.web_callbacks_offered.append(notice.request_id)
            elif (
                notice.kind is NoticeKind.WEB_CALLBACK_WITHDRAWN
                and notice.request_id in self.web_callbacks_offered
            ):
                self.web_callbacks_offered.remove(str(notice.request_id))
        return notices

    # ---- seed 002: campaigns and preview records ----------------------------------------------

    def get_campaigns(self) -> list[dict[str, Any]]:
        """The agent's loaded and running campaigns [getCampaigns]."""
        campaigns = [campaign.to_dict() for campaign in self.server.campaigns_of(self.agent_id)]
        self._report_session(SessionRequest.CAMPAIGN_STATUS)
        return campaigns

    def get_preview_record(self, campaign_name: str) -> str | None:
        """Ask for a Preview record of the campaign [getPreviewRecord]; returns the new
        interaction's id, or None when the campaign has no record left ("No Records")."""
        name = _text("campaignName", campaign_name)
        delivery = self.server.request_preview(self.agent_id, name)
        self._report_session(SessionRequest.PREVIEW_RECORD, campaign_name=name)
        interaction_id = None if delivery is None else self._receive(delivery)
        self.sync()
        return interaction_id

    def call_preview_record(self, interaction_id: str, record_handle: int) -> str:
        """Dial record `record_handle` of the chain [callPreviewRecord]; returns the call's
        interaction id, which replaces `interaction_id`."""
        handle = _handle(record_handle)
        held = self._held(interaction_id)
        call_id = f"{self.id_prefix}{self._counter + 1}"
        before = held.interaction.state
        held.interaction.call(call_id, handle)
        self._counter += 1
        del self.held[interaction_id]
        self.held[call_id] = held
        self.renamed[interaction_id] = call_id
        held.voice = VOICE_CALL.initial
        self._traced(
            held, "call", before, interaction_id, {"call_id": call_id, "record_handle": handle}
        )
        self._trace_call(held, CallMove("dial", "", VOICE_CALL.initial), call_id)
        return call_id

    def reject_preview_record(self) -> str:
        """Reject the latest preview (or offered) record back to the queue for another agent
        [rejectPreviewRecord]; returns the interaction id it acted on."""
        held = self._latest("reject")
        self._return(held, "reject", ReturnReason.REJECT)
        return held.interaction.interaction_id

    def cancel_preview_record(self) -> str:
        """Cancel the latest preview record: not processed again in this campaign run
        [cancelPreviewRecord]; an offered Push Preview record is discarded. Returns the
        interaction id it acted on."""
        held = self._latest("cancel", "discard")
        event = "cancel" if held.interaction.allows("cancel") else "discard"
        self._return(held, event, ReturnReason(event))
        return held.interaction.interaction_id

    def start_direct_push_preview(self) -> None:
        """Receive Direct Push Preview records from now on [startDirectPushPreview]."""
        self.server.start_direct_push_preview(self.agent_id)
        self._report_session(SessionRequest.DIRECT_PUSH_PREVIEW_START)
        self.sync()

    def stop_direct_push_preview(self) -> None:
        """Stop receiving Direct Push Preview records [stopDirectPushPreview]."""
        self.server.stop_direct_push_preview(self.agent_id)
        self._report_session(SessionRequest.DIRECT_PUSH_PREVIEW_STOP)
        self.sync()

    # ---- seed 002: call results, Do Not Call, reschedules ------------------------------------------

    def get_list_of_call_results(self) -> dict[str, int]:
        """The call results offered to the agent, by wire name, in order [getListOfCallResults]."""
        values = self.server.options_of(self.agent_id).call_result_values
        return {result.name: int(result) for result in values}

    def set_call_result(self, interaction_id: str, call_result: int | str) -> int:
        """Set the call result: a number or numeric string among those offered [setCallResult]."""
        held = self._held(interaction_id)
        before = held.interaction.state
        result = held.interaction.set_call_result(call_result)
        self._traced(held, "set_call_result", before, args={"call_result": int(result)})
        return int(result)

    def get_call_result(self, interaction_id: str) -> int | None:
        """The call result already set, if any [getCallResult]."""
        result = self._held(interaction_id).interaction.current_call_result
        return None if result is None else int(result)

    def set_do_not_call(self, interaction_id: str) -> None:
        """Mark the contact Do Not Call; sent with Mark Done [setDoNotCall]."""
        self._simple(interaction_id, "set_do_not_call")

    def remove_do_not_call(self, interaction_id: str) -> None:
        """Remove Do Not Call from the interaction [removeDoNotCall]."""
        self._simple(interaction_id, "remove_do_not_call")

    def reschedule_record(
        self, interaction_id: str, record_handle: int, reschedule_date: str, callback_type: str
    ) -> dict[str, Any]:
        """Schedule a callback for a record of the chain at `reschedule_date` (`MM/DD/YYYY
        HH:MM` in the record's time zone), CAMPAIGN or PERSONAL [rescheduleRecord]; works
        whatever the reschedule privileges say (seed 002). Returns the scheduled callback."""
        handle = _handle(record_handle)
        text = _text("rescheduleDate", reschedule_date)
        kind = CallbackType.parse(_text("callbackType", callback_type))
        held = self._held(interaction_id)
        record = held.interaction.chain.record(handle)
        when = callback_at(text, resolve_zone(record.tz_name, record.tz_offset))
        before = held.interaction.state
        scheduled = held.interaction.reschedule(
            when,
            kind,
            now=self.server.now,
            record_handle=handle,
            source=ActionSource.SERVICE_CLIENT,
        )
        self._traced(held, "reschedule", before, args=scheduled.to_dict())
        return scheduled.to_dict()

    def reschedule_on_new_number(
        self,
        interaction_id: str,
        phone: str,
        reschedule_date: str,
        callback_type: str,
        phone_type: PhoneType | int | str = PhoneType.NONE,
    ) -> dict[str, Any]:
        """The agent reschedules on a new number (seed 000): a record on it joins the chain and
        is the one called back; the date is in the chain's zone."""
        held = self._held(interaction_id)
        number = _text("phone", phone)
        record = held.interaction.record
        when = callback_at(
            _text("rescheduleDate", reschedule_date), resolve_zone(record.tz_name, record.tz_offset)
        )
        before = held.interaction.state
        scheduled = held.interaction.reschedule(
            when, callback_type, now=self.server.now, new_phone=number, phone_type=phone_type
        )
        self._traced(held, "reschedule", before, args={**scheduled.to_dict(), "new_phone": number})
        return scheduled.to_dict()

    def cancel_reschedule(self, interaction_id: str) -> None:
        """Remove the schedule set in this interaction [cancelReschedule]."""
        self._simple(interaction_id, "cancel_reschedule")

    # ---- seed 002: records and fields -------------------------------------------------------------

    def get_chained_records(self, interaction_id: str) -> tuple[Chain, ...]:
        """The interaction's chain of records [getChainedRecords]."""
        held = self._held(interaction_id)
        record = held.interaction.record
        self._report_session(
            SessionRequest.CHAINED_RECORDS,
            record_handle=record.record_handle,
            campaign_name=held.delivery.campaign_name,
            application_id=record.application_id,
        )
        return (held.interaction.chain,)

    def get_record_fields(self, interaction_id: str) -> tuple[FieldSpec, ...]:
        """The record's fields [getRecordFields]: the campaign's field list, each value the
        buffered update if any, else the record's custom field of that name, else the list's."""
        held = self._held(interaction_id)
        fields = held.interaction.fields
        if fields is None:
            return ()
        record, pending = held.interaction.record, held.interaction.pending_updates
        specs = []
        for spec in fields.specs:
            if spec.name in pending:
                spec = attrs.evolve(spec, value=pending[spec.name])
            elif spec.name in record.custom:
                spec = attrs.evolve(spec, value=record.custom[spec.name])
            specs.append(spec)
        return tuple(specs)

    def update_record_fields(
        self, interaction_id: str, record_data: Mapping[str, Any]
    ) -> dict[str, Any]:
        """Check and buffer field values until Mark Done [updateRecordFields]; one bad field
        refuses them all. Returns the normalized values."""
        held = self._held(interaction_id)
        if not isinstance(record_data, Mapping):
            raise InvalidValue(
                f"recordData is an object of field: value, not {shorten(record_data)}",
                code=ErrorCode.WRONG_TYPE,
                value=shorten(record_data),
            )
        before = held.interaction.state
        normalized = held.interaction.update_fields(record_data)
        self._traced(held, "update_fields", before, args={"record_data": normalized})
        return normalized

    # ---- the desktop around the seed's methods ----------------------------------------------------

    def accept(self, interaction_id: str) -> None:
        """Accept an offered Push Preview record."""
        held = self._held(interaction_id)
        if not self.server.holds(self.agent_id, held.delivery.delivery_id):
            raise NotFound(f"interaction {interaction_id} is no longer on the desk")
        self._simple(interaction_id, "accept")
        self.server.accept(self.agent_id, held.delivery.delivery_id)

    def reject(self, interaction_id: str) -> None:
        """Reject this record back to the top of the queue, for another agent."""
        self._return(self._held(interaction_id), "reject", ReturnReason.REJECT)

    def discard(self, interaction_id: str) -> None:
        """Discard an offered Push Preview record (not processed again this campaign run)."""
        self._return(self._held(interaction_id), "discard", ReturnReason.DISCARD)

    def cancel(self, interaction_id: str) -> None:
        """Cancel this preview record (not processed again this campaign run)."""
        self._return(self._held(interaction_id), "cancel", ReturnReason.CANCEL)

    def get_next_preview_record(self, interaction_id: str, campaign_name: str) -> str | None:
        """Ask for the next preview record "while terminating the processing of the previous
        record" [can-get-next-preview-record, seed 000]: this record is processed as at Mark
        Done, and the next one arrives (None when the campaign has no record left). Both
        happen, or neither."""
        name = _text("campaignName", campaign_name)
        held = self._held(interaction_id)
        if not self.server.holds(self.agent_id, held.delivery.delivery_id):
            raise NotFound(f"interaction {interaction_id} is no longer on the desk")
        outcome = held.interaction.outcome_of("get_next")
        delivery = self.server.next_preview(self.agent_id, held.delivery.delivery_id, outcome, name)
        before = held.interaction.state
        held.interaction.get_next()
        del self.held[held.interaction.interaction_id]
        self._traced(held, "get_next", before, args={"call_result": int(outcome.call_result)})
        self._report_session(SessionRequest.PREVIEW_RECORD, campaign_name=name)
        return None if delivery is None else self._receive(delivery)

    def mark_done(self, interaction_id: str) -> Outcome:
        """Finalize the record [Mark Done]: the server applies the outcome, all of it or
        nothing; only then is the interaction done on the desk."""
        held = self._held(interaction_id)
        if not self.server.holds(self.agent_id, held.delivery.delivery_id):
            raise NotFound(f"interaction {interaction_id} is no longer on the desk")
        outcome = held.interaction.outcome_of("mark_done")
        self.server.complete(self.agent_id, held.delivery.delivery_id, outcome)
        before = held.interaction.state
        held.interaction.mark_done()
        closed = close_call(held)
        if closed is not None:
            self._trace_call(held, closed)
        del self.held[held.interaction.interaction_id]
        if self.observer is not None:
            interaction = held.interaction
            self.observer(
                RecordDone(
                    self.agent_id, interaction.interaction_id, held.delivery.campaign_name,
                    interaction.record, outcome,
                )
            )  # fmt: skip
        self._traced(held, "mark_done", before, args={
            "call_result": int(outcome.call_result), "do_not_call": outcome.do_not_call,
            "scheduled": None if outcome.scheduled is None else outcome.scheduled.to_dict(),
            "field_updates": outcome.field_updates, "called": outcome.called,
            "unscheduled": outcome.unscheduled,
        })  # fmt: skip
        self.sync()
        return outcome

    # ---- telephony: the call of each interaction ---------------------------------------------

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

    # ---- call actions (seed 003) -------------------------------------------------------------

    def hold(self, interaction_id: str) -> None:
        """Hold Call: the contact cannot hear the agent, nor the agent the contact."""
        self._call_action(interaction_id, "hold")

    def resume(self, interaction_id: str) -> None:
        """Resume Call: reconnect a call on hold."""
        self._call_action(interaction_id, "resume")

    def end_call(self, interaction_id: str) -> None:
        """End Call: the agent disconnects the call; its status is Ready to Call."""
        self._call_action(interaction_id, "end_call")

    def transfer(self, interaction_id: str, target: CallTarget | str) -> None:
        """Instant Call Transfer: redirect the call to a contact or an internal target. To
        another agent the record goes with the call, with all rights to it, and leaves this
        desk; to a contact, the agent's call ends and the record stays here to finish.

        Raises:
            TransitionNotAllowed: no call, or one that cannot be transferred now, or the other
                agent cannot take a call.
            InvalidValue: not a call target.
        """
        self._hand_over(interaction_id, "instant_transfer", CallTarget.parse(target))

    def conference(self, interaction_id: str, target: CallTarget | str) -> None:
        """Instant Call Conference: add a contact or an internal target to the call. Another
        agent shares the record with full access; the first to finish it wins."""
        self._hand_over(interaction_id, "instant_conference", CallTarget.parse(target))

    def start_consultation(self, interaction_id: str, target: CallTarget | str) -> None:
        """Start Consultation with a contact or an internal target; the call waits on hold.
        The target may accept or decline, either side may end it, and the agent may then
        transfer or conference the call to the target (`complete_transfer`,
        `complete_conference`)."""
        self._hand_over(interaction_id, "start_consultation", CallTarget.parse(target))

    def consultation_accepted(self, interaction_id: str) -> None:
        """The consultation target answered (telephony): the agent talks with them."""
        self._call_action(interaction_id, "target_accepts")

    def consultation_declined(self, interaction_id: str) -> None:
        """The consultation target did not take it (telephony); the call stays on hold."""
        self._call_action(interaction_id, "target_declines", ends_consultation=True)

    def consultation_ended_by_target(self, interaction_id: str) -> None:
        """The consultation target ended the consultation (telephony)."""
        self._call_action(interaction_id, "target_ends_consultation", ends_consultation=True)

    def end_consultation(self, interaction_id: str) -> None:
        """The agent ends the consultation; the call stays on hold."""
        self._call_action(interaction_id, "end_consultation", ends_consultation=True)

    def complete_transfer(self, interaction_id: str) -> None:
        """Transfer the call to the consultation target, who has accepted (as `transfer`)."""
        self._complete(interaction_id, "complete_transfer")

    def complete_conference(self, interaction_id: str) -> None:
        """Conference the call with the consultation target, who has accepted (as
        `conference`)."""
        self._complete(interaction_id, "complete_conference")

    def send_dtmf(self, interaction_id: str, digits: str) -> None:
        """Send DTMF: attach digits (0-9, *, #, A-D) to the call's case history; refused on
        hold, when the contact cannot hear them."""
        if self._web_request(interaction_id) is not None:
            self._board_call(interaction_id, "send_dtmf", text=digits)
            return
        held = self._held(interaction_id)
        text = _dtmf(digits)
        check_call(held, interaction_id, "send_dtmf")
        moved = move_call(held, interaction_id, "send_dtmf")
        held.interaction.attach("dtmf", text, now=self.server.now)
        self._trace_call(held, moved, interaction_id, {"digits": text})

    def add_note(self, interaction_id: str, text: str) -> None:
        """Notepad: attach a note to the call history."""
        if self._web_request(interaction_id) is not None:
            self._board_call(interaction_id, "add_note", text=text)
            return
        held = self._held(interaction_id)
        before = held.interaction.state
        held.interaction.add_note(text, now=self.server.now)
        self._traced(held, "add_note", before, args={"note": text})

    def set_disposition(self, interaction_id: str, code: str) -> None:
        """Dispositions: assign a disposition code to the ongoing or terminated interaction
        (one of `interaction.disposition.values`; required before Mark Done when
        `interaction.disposition.is-mandatory` is true)."""
        if self._web_request(interaction_id) is not None:
            self.web_callback(interaction_id, "set_disposition", code)
            return
        held = self._held(interaction_id)
        before = held.interaction.state
        held.interaction.set_disposition(code, now=self.server.now)
        self._traced(held, "set_disposition", before, args={"disposition": code})

    def call_status(self, interaction_id: str) -> str:
        """The call's status as seed 003 names it: `Connected`, `On Hold`, or `Ready to Call`
        (not called yet, or ended by either side); `Dialing` while it rings."""
        request = self._web_request(interaction_id)
        if request is not None:
            return call_status(request.voice)
        return call_status(self._held(interaction_id).voice)

    def party_actions(self, interaction_id: str) -> tuple[PartyAction, ...]:
        """Party Action Menu: the other interaction types the agent may start with the contact,
        from the customer's other channels in the chain (e-mail, instant messaging)."""
        chain = self._held(interaction_id).interaction.chain
        return tuple(
            PartyAction(_PARTY_MEDIA[record.phone_type], record.phone, record.record_handle)
            for record in chain
            if record.phone_type in _PARTY_MEDIA
        )

    def start_party_action(self, interaction_id: str, action: PartyAction) -> None:
        """Ask to start another interaction type with the contact (one of `party_actions`):
        reported to the observer as `PartyActionRequested`; the integration starts it.

        Raises:
            InvalidValue: not one of the interaction's party actions.
        """
        offered = self.party_actions(interaction_id)
        if action not in offered:
            raise InvalidValue(
                f"{shorten(action)} is not a party action of interaction {interaction_id}",
                value=shorten(action),
            )
        held = self._held(interaction_id)
        held.interaction.attach(
            "party-action", f"{action.media}:{action.address}", now=self.server.now
        )
        self.trace.emit(
            "interaction", "party-action", agent_id=self.agent_id, interaction_id=interaction_id,
            record_handle=action.record_handle, chain_id=held.interaction.chain.chain_id,
            mode=held.interaction.mode.value, state_before=held.interaction.state,
            state_after=held.interaction.state,
            args={"media": action.media, "address": action.address},
        )  # fmt: skip
        if self.observer is not None:
            self.observer(PartyActionRequested(self.agent_id, interaction_id, action))

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
        state: str = board.act(self.agent_id, request_id, event, argument)
        if event in ("reject", "mark_done") and request_id in self.web_callbacks_offered:
            self.web_callbacks_offered.remove(request_id)
        self.sync()
        return state

    # ---- snapshots ---------------------------------------------------------------------------

    def snapshot(self) -> dict[str, Any]:
        """The desk's complete observable state as plain JSON-able data: what `from_snapshot`
        rebuilds an equal desk from (over the server it works with)."""
        return {
            "agent_id": self.agent_id,
            "id_prefix": self.id_prefix,
            "counter": self._counter,
            "held": [
                {
                    "interaction": held.interaction.to_dict(),
                    "delivery": held.delivery.to_dict(),
                    "order": held.order,
                    "voice": held.voice,
                    "ringing_bell": None if held.ringing_bell is None else str(held.ringing_bell),
                    "consultation": None if held.consultation is None else str(held.consultation),
                }
                for held in self.held.values()
            ],
            "renamed": dict(self.renamed),
            "notifications": [note.to_dict() for note in self.notifications],
            "web_callbacks_offered": list(self.web_callbacks_offered),
            "logged_out_by_server": self.logged_out_by_server,
            "refused_deliveries": [error.to_dict() for error in self.refused_deliveries],
        }

    @classmethod
    def from_snapshot(
        cls,
        server: OutboundServer,
        data: Mapping[str, Any],
        *,
        tracer: Tracer | None = None,
        observer: DeskObserver | None = None,
    ) -> OutboundService:
        """A desk equal to the one whose `snapshot()` this is, working with `server`.

        Raises:
            InvalidValue: data `snapshot` does not write.
        """
        try:
            desk = cls(
                server, data["agent_id"], id_prefix=data["id_prefix"], tracer=tracer,
                observer=observer,
            )  # fmt: skip
            desk._counter = int(data["counter"])
            for item in data["held"]:
                interaction = Interaction.from_dict(item["interaction"])
                bell, target = item["ringing_bell"], item["consultation"]
                desk.held[interaction.interaction_id] = HeldInteraction(
                    interaction,
                    Delivery.from_dict(item["delivery"]),
                    int(item["order"]),
                    item["voice"],
                    None if bell is None else RingingBell.parse(bell),
                    None if target is None else CallTarget.parse(target),
                )
            desk.renamed = dict(data["renamed"])
            desk.notifications = [
                CampaignNotification.from_dict(note) for note in data["notifications"]
            ]
            desk.web_callbacks_offered = list(data["web_callbacks_offered"])
            desk.logged_out_by_server = bool(data["logged_out_by_server"])
            desk.refused_deliveries = [
                OutboundError.from_dict(error) for error in data["refused_deliveries"]
            ]
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            if isinstance(error, InvalidValue):
                raise
            raise InvalidValue(
                f"not a desk snapshot: {shorten(error)}", code=ErrorCode.INVALID_VALUE
            ) from None
        return desk

    # ---- internals ---------------------------------------------------------------------------

    def _take(self, delivery: Delivery) -> None:
        """Take a record the server pushed; one the agent cannot work (a missing privilege)
        goes straight back to the server, for another agent, and the other notices of the same
        sync are still taken."""
        try:
            self._receive(delivery)
        except OutboundError as refused:
            self.refused_deliveries.append(refused)
            self.trace.emit(
                "interaction", "refused-delivery", agent_id=self.agent_id,
                record_handle=delivery.record_handle, chain_id=delivery.chain.chain_id,
                mode=delivery.mode.value,
                args={"delivery_id": delivery.delivery_id, "code": refused.code},
            )  # fmt: skip
            if self.server.holds(self.agent_id, delivery.delivery_id):
                self.server.return_record(self.agent_id, delivery.delivery_id, ReturnReason.REJECT)

    def _receive(self, delivery: Delivery) -> str:
        options = self.server.options_of(self.agent_id)
        interaction_id = f"{self.id_prefix}{self._counter + 1}"
        interaction = Interaction.deliver(
            interaction_id, delivery.mode, delivery.chain,
            privileges=self.server.privileges_of(self.agent_id),
            options=options,
            fields=self.server.fields_of(delivery.campaign_name),
            scheduled_callback=delivery.callback is not None,
            calling_hours=self.server.calling_hours_of(delivery.campaign_name),
            with_call=delivery.via is not None,
        )  # fmt: skip
        self._counter += 1
        held = HeldInteraction(interaction, delivery, self._counter)
        arrived = None
        if delivery.via == "conference":
            arrived = "join_conference"
        elif delivery.mode.system_dials or delivery.via is not None:
            arrived = "answer"
        elif delivery.callback is not None:
            # Seed 000: the ringing bell of a scheduled callback pushed as a preview.
            held.ringing_bell = options.callback_ringing_bell
        self.held[interaction_id] = held
        before = None if "deliver" in interaction.machine.events else interaction.state
        event = "deliver" if before is None else "offer"
        if delivery.via is not None:
            before, event = None, "take_call"
        bell = held.ringing_bell
        self._traced(held, event, interaction.machine.initial if before is None else None, args={
            "delivery_id": delivery.delivery_id, "campaign": delivery.campaign_name,
            "callback": None if delivery.callback is None else delivery.callback.value,
            "ringing_bell": None if bell is None else str(bell), "via": delivery.via,
        })  # fmt: skip
        if arrived is not None:
            # The call arrives with the record: it starts, and is connected (or conferenced).
            self._trace_call(held, CallMove("dial", "", VOICE_CALL.initial), interaction_id)
            held.voice = VOICE_CALL.next(VOICE_CALL.initial, arrived)
            self._trace_call(
                held, CallMove(arrived, VOICE_CALL.initial, held.voice), interaction_id
            )
        return interaction_id

    def _taken_back(self, notice: Notice) -> None:
        for interaction_id, held in list(self.held.items()):
            if held.delivery.delivery_id == notice.delivery_id:
                del self.held[interaction_id]
                if notice.kind is NoticeKind.TIMED_OUT:
                    before = held.interaction.state
                    held.interaction.time_out()
                    self._traced(held, "time_out", before)
                elif notice.kind is NoticeKind.PROCESSED_ELSEWHERE:
                    before = held.interaction.state
                    held.interaction.processed_elsewhere()
                    self._traced(held, "processed_elsewhere", before)

    def _latest(self, *events: str) -> HeldInteraction:
        candidates = [
            held for held in self.held.values()
            if any(held.interaction.allows(event) for event in events)
            and self.server.holds(self.agent_id, held.delivery.delivery_id)
        ]  # fmt: skip
        if not candidates:
            raise TransitionNotAllowed(
                f"agent {self.agent_id} has no preview record to {' or '.join(events)}",
                state="no-preview-record", event=events[0], machine="desk", failed_guards=[],
            )  # fmt: skip
        return max(candidates, key=lambda held: held.order)

    def _return(self, held: HeldInteraction, event: str, reason: ReturnReason) -> None:
        if not self.server.holds(self.agent_id, held.delivery.delivery_id):
            raise NotFound(
                f"interaction {held.interaction.interaction_id} is no longer on the desk"
            )
        before = held.interaction.state
        getattr(held.interaction, event)()
        self.server.return_record(self.agent_id, held.delivery.delivery_id, reason)
        del self.held[held.interaction.interaction_id]
        self._traced(held, event, before)
        self.sync()

    def _simple(self, interaction_id: str, event: str) -> None:
        held = self._held(interaction_id)
        before = held.interaction.state
        getattr(held.interaction, event)()
        self._traced(held, event, before)

    def _held(self, interaction_id: str) -> HeldInteraction:
        """The interaction of this id, which the server still holds for the agent. A command
        never takes the server's notices first: a refused command changes nothing, the notices
        included (`sync` takes them)."""
        _text("interactionId", interaction_id)
        held = self.held.get(interaction_id)
        if held is None:
            renamed = self.renamed.get(interaction_id)
            hint = f"; since the call it is interaction {renamed}" if renamed else ""
            raise NotFound(
                f"no interaction {shorten(interaction_id)} on agent {self.agent_id}'s desk{hint}",
                interaction_id=shorten(interaction_id),
            )
        if not self.server.holds(self.agent_id, held.delivery.delivery_id):
            raise NotFound(
                f"interaction {interaction_id} was taken back by the server (stale or not "
                "answered in time); sync to see why",
                interaction_id=interaction_id,
            )
        return held

    def _traced(
        self, held: HeldInteraction, event: str, before: str | None, interaction_id: str | None = None,
        args: Mapping[str, Any] | None = None,
    ) -> None:  # fmt: skip
        interaction = held.interaction
        if self.observer is not None:
            self.observer(
                RecordAction(
                    self.agent_id, interaction.interaction_id, event, held.delivery.campaign_name,
                    interaction.mode, interaction.record, interaction.chain,
                    interaction.call_result,
                )
            )  # fmt: skip
        self.trace.emit(
            "interaction", event, agent_id=self.agent_id,
            interaction_id=interaction_id or interaction.interaction_id,
            record_handle=interaction.record.record_handle, chain_id=interaction.chain.chain_id,
            mode=interaction.mode.value, state_before=before, state_after=interaction.state,
            args=dict(args or {}),
        )  # fmt: skip

    def _telephony(self, interaction_id: str, event: str) -> None:
        held = self._held(interaction_id)
        moved = move_call(held, interaction_id, event)
        self._trace_call(held, moved, interaction_id)
        if moved.interaction_event is not None:
            self._traced(held, moved.interaction_event, moved.interaction_before)

    def _trace_call(
        self, held: HeldInteraction, moved: CallMove, interaction_id: str | None = None,
        args: Mapping[str, Any] | None = None,
    ) -> None:  # fmt: skip
        interaction = held.interaction
        self.trace.emit(
            "call", moved.event, agent_id=self.agent_id,
            interaction_id=interaction_id or interaction.interaction_id,
            record_handle=interaction.record.record_handle, chain_id=interaction.chain.chain_id,
            mode=interaction.mode.value, state_before=moved.call_before or None,
            state_after=moved.call_after, args=dict(args or {}),
        )  # fmt: skip

    def _call_action(
        self, interaction_id: str, event: str, *, ends_consultation: bool = False
    ) -> None:
        if self._web_request(interaction_id) is not None:
            self._board_call(interaction_id, event)
            return
        held = self._held(interaction_id)
        moved = move_call(held, interaction_id, event)
        if ends_consultation:
            held.consultation = None
        self._trace_call(held, moved, interaction_id)
        if moved.interaction_event is not None:
            self._traced(held, moved.interaction_event, moved.interaction_before)

    def _hand_over(self, interaction_id: str, event: str, target: CallTarget) -> None:
        """Transfer, conference or consult: the call moves; another agent gets the record."""
        if self._web_request(interaction_id) is not None:
            to_agent = target.address if target.is_agent else None
            text = None if target.is_agent else target.address
            self._board_call(interaction_id, event, to_agent=to_agent, text=text)
            return
        held = self._held(interaction_id)
        check_call(held, interaction_id, event)
        if event == "start_consultation":
            moved = move_call(held, interaction_id, event)
            held.consultation = target
        else:
            moved = self._give_call(held, interaction_id, event, target)
        if held.interaction.state not in ("transferred",):
            held.interaction.attach(event, str(target), now=self.server.now)
        self._trace_call(held, moved, interaction_id, {"target": target.to_dict()})
        if moved.interaction_event is not None:
            self._traced(held, moved.interaction_event, moved.interaction_before,
                         args={"target": target.to_dict()})  # fmt: skip
        if held.interaction.finalized:
            del self.held[held.interaction.interaction_id]
            self.sync()

    def _complete(self, interaction_id: str, event: str) -> None:
        if self._web_request(interaction_id) is not None:
            self._board_call(interaction_id, event)
            return
        held = self._held(interaction_id)
        target = held.consultation
        check_call(held, interaction_id, event)
        if target is None:
            raise TransitionNotAllowed(
                f"interaction {interaction_id} has no consultation to complete",
                state=held.voice, event=event, machine="desk", failed_guards=[],
            )  # fmt: skip
        moved = self._give_call(held, interaction_id, event, target)
        held.consultation = None
        self._trace_call(held, moved, interaction_id, {"target": target.to_dict()})
        if moved.interaction_event is not None:
            self._traced(held, moved.interaction_event, moved.interaction_before,
                         args={"target": target.to_dict()})  # fmt: skip
        if held.interaction.finalized:
            del self.held[held.interaction.interaction_id]
            self.sync()

    def _give_call(
        self, held: HeldInteraction, interaction_id: str, event: str, target: CallTarget
    ) -> CallMove:
        """Transfer or conference the call: to another agent, the server hands the record
        over first (refusing changes nothing); a transfer to a contact ends the agent's call."""
        transfer = event in ("instant_transfer", "complete_transfer")
        record_event: str | None = None
        if transfer:
            record_event = "transfer_away" if target.is_agent else "call_ended"
            held.interaction.check(record_event)
        if target.is_agent:
            delivery_id = held.delivery.delivery_id
            if transfer:
                self.server.transfer_record(self.agent_id, delivery_id, target.address)
            else:
                self.server.share_record(self.agent_id, delivery_id, target.address)
        return move_call(held, interaction_id, event, record_event)

    def _web_request(self, interaction_id: object) -> Any:
        """The web callback request of this id on this agent's desk, or None."""
        board = getattr(self.server, "web_callbacks", None)
        if board is None or not isinstance(interaction_id, str) or interaction_id in self.held:
            return None
        request = board.requests.get(interaction_id)
        return request if request is not None and request.agent_id == self.agent_id else None

    def _board_call(
        self, request_id: str, event: str, *, to_agent: str | None = None, text: Any = None
    ) -> None:
        board = self.server.web_callbacks  # type: ignore[attr-defined]
        if event in _WEB_REQUEST_EVENTS:
            self.web_callback(request_id, event)
            return
        board.call_action(self.agent_id, request_id, event, to_agent=to_agent, text=text)
        handed = to_agent is not None and event in ("instant_transfer", "complete_transfer")
        if handed and request_id in self.web_callbacks_offered:
            self.web_callbacks_offered.remove(request_id)
        self.sync()

    def _report_session(self, request: SessionRequest, **details: Any) -> None:
        if self.observer is not None:
            self.observer(SessionAction(self.agent_id, request, **details))

    @property
    def mode_of(self) -> dict[str, DialingMode]:
        """The dialing mode of each interaction on the desk."""
        return {iid: held.interaction.mode for iid, held in self.held.items()}
