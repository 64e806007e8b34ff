"""The interaction aggregate: one outbound record with an agent, and every rule that governs it.

An `Interaction` drives its dialing mode's lifecycle (`outbound_core.machines.interaction`) and
enforces the seeds' rules around it: the agent's privileges (seed 000), the Service Client's
preconditions (seed 002), the Workspace options, atomic field updates buffered until the record
is marked done, and a refusal for anything after the record is finalized. Every command checks
everything first and then changes state, so a refused command raises and changes nothing.
`mark_done` returns the `Outcome` the outbound server applies.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from enum import StrEnum
from types import MappingProxyType
from typing import Any

import attrs

from outbound_core.codes import CallbackType, CallResult, DialingMode, PhoneType
from outbound_core.errors import (
    ErrorCode,
    FieldValidationError,
    InvalidValue,
    NotFound,
    TransitionNotAllowed,
    shorten,
)
from outbound_core.machines import MODE_MACHINES, CompiledMachine
from outbound_core.options import OutboundOptions
from outbound_core.privileges import Privilege, Privileges
from outbound_core.records import (
    Chain,
    FieldSet,
    Outcome,
    Record,
    ScheduledCallback,
    normalize_phone,
)
from outbound_core.refusals import explain_refusal
from outbound_core.timing import (
    CallingHours,
    CallingWindow,
    RecordZone,
    Reschedule,
    calling_hours_rules,
    check_reschedule,
    require_instant,
    resolve_zone,
)

__all__ = [
    "ACTION_PRIVILEGES",
    "DTMF_DIGITS",
    "MODE_MACHINES",
    "ActionSource",
    "CaseEntry",
    "Interaction",
]

#: The digits Send DTMF may attach to a call (seed 003's keypad: 0-9, *, # and A-D).
DTMF_DIGITS = frozenset("0123456789*#ABCD")

#: The privileges each event needs besides `can-use` (seed 000). Reschedules depend on when
#: and how they are made: see `Interaction.reschedule`.
ACTION_PRIVILEGES: Mapping[str, tuple[Privilege, ...]] = MappingProxyType(
    {
        "reject": (Privilege.CAN_REJECT_RECORD,),
        "cancel": (Privilege.CAN_CANCEL_RECORD,),
        "discard": (Privilege.CAN_CANCEL_RECORD,),
        "get_next": (Privilege.CAN_GET_NEXT_PREVIEW_RECORD,),
        "set_call_result": (Privilege.CAN_SET_CALL_RESULT,),
        "set_do_not_call": (Privilege.CAN_MARK_DO_NOT_CALL,),
        "remove_do_not_call": (Privilege.CAN_MARK_DO_NOT_CALL,),
    }
)

_PUSHED = frozenset({DialingMode.PUSH_PREVIEW, DialingMode.DIRECT_PUSH_PREVIEW})
_NOTE_LIMIT = 4000
_DEFAULT_OPTIONS = OutboundOptions()


class ActionSource(StrEnum):
    """Who asks for an action: the agent at the desktop, or a program via the Service Client.

    Seed 002's rescheduleRecord works whatever `can-reschedule` and
    `can-reschedule-before-call` say; a reschedule with `ActionSource.SERVICE_CLIENT` says so
    explicitly. Every other rule applies to both.
    """

    AGENT = "agent"
    SERVICE_CLIENT = "service-client"

    @classmethod
    def parse(cls, value: object) -> ActionSource:
        """The source `value` names (`agent` or `service-client`).

        Raises:
            InvalidValue: any other value.
        """
        if isinstance(value, cls):
            return value
        found = _SOURCES.get(value) if type(value) is str else None
        if found is None:
            raise InvalidValue(
                f"an action's source is agent or service-client, not {shorten(value)}",
                code=ErrorCode.WRONG_TYPE if type(value) is not str else ErrorCode.INVALID_VALUE,
                value=shorten(value),
            )
        return found


_SOURCES = {source.value: source for source in ActionSource}


def _text(name: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidValue(
            f"{name} is a non-blank string, not {shorten(value)}",
            code=ErrorCode.WRONG_TYPE if not isinstance(value, str) else ErrorCode.INVALID_VALUE,
            value=shorten(value),
        )
    return value


@attrs.define(frozen=True, slots=True)
class CaseEntry:
    """One entry of the call's case history: a note [Notepad], DTMF digits [Send DTMF], a
    disposition code [Dispositions], or where the call went (a transfer or conference).

    Attributes:
        kind: `note`, `dtmf`, `disposition`, `transfer` or `conference`.
        text: the note, the digits, the code, or the target.
        at: when it was attached (the caller's clock).
    """

    kind: str
    text: str
    at: datetime

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {"kind": self.kind, "text": self.text, "at": self.at.isoformat()}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CaseEntry:
        """The entry `to_dict` wrote."""
        return cls(str(data["kind"]), str(data["text"]), datetime.fromisoformat(data["at"]))


@attrs.define(slots=True, eq=False)
class Interaction:
    """One outbound record being worked by one agent, in one dialing mode.

    Create one with `Interaction.deliver` when the record reaches the agent. `state` is the
    lifecycle state; `chain` the customer's records (with any added on a new number);
    `dialed_handle` the record called; `call_result` the result set in this interaction;
    `do_not_call` and `scheduled` what mark done will send; `pending_updates` the validated
    field values buffered until then; `arrived_scheduled` whether the record came as a
    scheduled callback and `unscheduled` whether the agent removed that schedule;
    `calling_hours` the legal calling hours a reschedule must respect; `disposition` the
    disposition code assigned and `history` the call's case history (notes, DTMF digits,
    dispositions, transfers). All are read-only to callers: use the commands.
    """

    interaction_id: str
    mode: DialingMode
    chain: Chain
    privileges: Privileges
    options: OutboundOptions
    fields: FieldSet | None
    machine: CompiledMachine = attrs.field(repr=False)
    state: str
    dialed_handle: int | None = None
    call_result: CallResult | None = None
    do_not_call: bool = False
    scheduled: ScheduledCallback | None = None
    pending_updates: dict[str, Any] = attrs.field(factory=dict)
    outcome: Outcome | None = None
    arrived_scheduled: bool = False
    unscheduled: bool = False
    calling_hours: tuple[CallingHours, ...] = ()
    disposition: str | None = None
    history: list[CaseEntry] = attrs.field(factory=list)

    @classmethod
    def deliver(
        cls,
        interaction_id: str,
        mode: DialingMode | str,
        chain: Chain,
        *,
        privileges: Privileges,
        options: OutboundOptions | None = None,
        fields: FieldSet | None = None,
        scheduled_callback: bool = False,
        calling_hours: Iterable[CallingHours] = (),
        with_call: bool = False,
    ) -> Interaction:
        """The interaction for a record that reaches the agent.

        Preview and Direct Push Preview records arrive previewed; a Push Preview record arrives
        offered (accept, reject or discard it); a Progressive or Predictive record arrives as a
        connected call. `scheduled_callback` says the record comes back as a scheduled callback
        (it carries schedule information that cancelReschedule removes); `calling_hours` are the
        legal calling hours the campaign selected, which a reschedule must respect. With
        `with_call`, the record arrives with a connected call another agent handed over (a
        transfer, or a conference sharing the record): the interaction starts in the call.

        Raises:
            PrivilegeMissing: without `can-use`, or `push-preview.can-use` for a pushed record.
            InvalidValue: a mode the seeds do not describe, or arguments of the wrong type.
        """
        mode = DialingMode.parse(mode)
        machine = MODE_MACHINES.get(mode)
        if machine is None:
            raise InvalidValue(
                f"{mode.label} is not a dialing mode the agent desktop handles; "
                f"use one of {', '.join(m.label for m in MODE_MACHINES)}",
                code=ErrorCode.UNKNOWN_DIALING_MODE,
                value=mode.value,
            )
        for name, value, kind in (
            ("chain", chain, Chain),
            ("privileges", privileges, Privileges),
            ("options", options, (OutboundOptions, type(None))),
            ("fields", fields, (FieldSet, type(None))),
        ):
            if not isinstance(value, kind):
                raise InvalidValue(
                    f"{name} is not a {kind}: {shorten(value)}",
                    code=ErrorCode.WRONG_TYPE,
                    value=shorten(value),
                )
        if type(scheduled_callback) is not bool:
            raise InvalidValue(
                f"scheduled_callback is True or False, not {shorten(scheduled_callback)}",
                code=ErrorCode.WRONG_TYPE,
                value=shorten(scheduled_callback),
            )
        rules = calling_hours_rules(calling_hours)
        privileges.require(Privilege.CAN_USE)
        if mode in _PUSHED:
            privileges.require(Privilege.PUSH_PREVIEW_CAN_USE)
        state = machine.initial
        if type(with_call) is not bool:
            raise InvalidValue(
                f"with_call is True or False, not {shorten(with_call)}",
                code=ErrorCode.WRONG_TYPE,
                value=shorten(with_call),
            )
        if with_call:
            state = machine.next(state, "take_call", _no_guard)
        elif "deliver" in machine.events:
            state = machine.next(state, "deliver", _no_guard)
        return cls(
            interaction_id=_text("interaction_id", interaction_id),
            mode=mode,
            chain=chain,
            privileges=privileges,
            options=_DEFAULT_OPTIONS if options is None else options,
            fields=fields,
            machine=machine,
            state=state,
            arrived_scheduled=scheduled_callback,
            calling_hours=rules,
        )

    # ---- what the interaction knows -------------------------------------------------------

    @property
    def finalized(self) -> bool:
        """Whether the record is finalized here (done, rejected, cancelled, ...): nothing more acts."""
        return self.machine.is_final(self.state)

    @property
    def record(self) -> Record:
        """The record in play: the one dialed, or else the one the system selected."""
        handle = self.dialed_handle
        return self.chain.selected if handle is None else self.chain.record(handle)

    @property
    def zone(self) -> RecordZone:
        """The record's time zone (`GSW_TZ_NAME`, else `GSW_TZ_OFFSET`)."""
        record = self.record
        return resolve_zone(record.tz_name, record.tz_offset)

    @property
    def current_call_result(self) -> CallResult | None:
        """The call result already set [getCallResult]: this interaction's, else the record's."""
        return self.call_result if self.call_result is not None else self.record.call_result

    @property
    def preselected_call_result(self) -> CallResult:
        """The call result the desktop shows selected (seed 000's automatic selection)."""
        return self.options.preselected_call_result(self.current_call_result)

    def check(self, event: str) -> str:
        """The state `event` would lead to now, after every check but its arguments'; changes
        nothing.

        Raises:
            TransitionNotAllowed, PrivilegeMissing: the event is refused now.
        """
        return self._next(event)

    def allows(self, event: str) -> bool:
        """Whether the lifecycle would take `event` now (privileges and arguments aside)."""
        return self.machine.allows(self.state, event, self._guard)

    # ---- commands ---------------------------------------------------------------------------

    def accept(self) -> None:
        """Accept an offered Push Preview record: it is previewed."""
        self._move("accept")

    def reject(self) -> None:
        """Reject the record back to the top of the queue, for another agent [rejectPreviewRecord]."""
        self._move("reject")

    def cancel(self) -> None:
        """Cancel the record: not processed again in this campaign run [cancelPreviewRecord]."""
        self._move("cancel")

    def discard(self) -> None:
        """Discard an offered Push Preview record (read as a cancel: not processed this run)."""
        self._move("discard")

    def time_out(self) -> None:
        """The agent left an offered Push Preview record unanswered: it returns to the queue."""
        self._move("time_out")

    def get_next(self) -> Outcome:
        """End this preview record to ask for the next one [can-get-next-preview-record]: the
        record is processed as at Mark Done (see `outcome_of`)."""
        outcome = self.outcome_of("get_next")
        self.state, self.outcome = self._next("get_next"), outcome
        return outcome

    def call(self, call_id: str, record_handle: int | None = None) -> None:
        """Dial a preview record [callPreviewRecord]; the interaction id becomes `call_id`.

        `record_handle` defaults to the record the system selected; dialing another record of
        the chain needs `can-dial-alternative-chained-record`.

        Raises:
            NotFound: the handle is not in the chain.
            PrivilegeMissing: an alternative record without its privilege.
        """
        call_id = _text("call_id", call_id)
        handle = self.chain.selected.record_handle if record_handle is None else record_handle
        target = self._next("call")
        self.chain.record(handle)
        if handle != self.chain.selected.record_handle:
            self.privileges.require(Privilege.CAN_DIAL_ALTERNATIVE_CHAINED_RECORD)
        self.state, self.dialed_handle, self.interaction_id = target, handle, call_id

    def call_connected(self) -> None:
        """The dialed call was answered."""
        self._move("call_connected")

    def call_failed(self) -> None:
        """The dialed call did not connect (busy, no answer, ...): a completed call attempt."""
        self._move("call_failed")

    def call_ended(self) -> None:
        """Either side ended the call."""
        self._move("call_ended")

    def transfer_away(self) -> None:
        """The agent transferred the call to another agent: the record and its rights go with
        the call (reference, Outbound Record Sharing: "all rights to the record ... are revoked
        from the agent who initiated the transfer")."""
        self._move("transfer_away")

    def processed_elsewhere(self) -> None:
        """Another agent sharing the record in a conference finished it first: nothing more acts
        on it here (reference, Outbound Record Sharing: the first RecordProcessed wins)."""
        self._move("processed_elsewhere")

    def set_disposition(self, code: str, *, now: datetime) -> None:
        """Assign a disposition code to the ongoing or terminated interaction [Dispositions,
        seed 003]; one of the agent's codes (`interaction.disposition.values`).

        Raises:
            InvalidValue: not one of the codes.
            TransitionNotAllowed: the interaction is not open.
        """
        target = self._next("set_disposition")
        codes = self.options.disposition_codes
        if not isinstance(code, str) or code not in codes:
            raise InvalidValue(
                f"{shorten(code)} is not a disposition code; use one of {', '.join(codes)}",
                code=ErrorCode.INVALID_VALUE,
                value=shorten(code),
                allowed=list(codes),
            )
        entry = CaseEntry("disposition", code, require_instant(now))
        self.state, self.disposition = target, code
        self.history.append(entry)

    def add_note(self, text: str, *, now: datetime) -> None:
        """Attach a note to the call history [Notepad, seed 003].

        Raises:
            InvalidValue: an empty note, or one longer than 4,000 characters.
            TransitionNotAllowed: the interaction is not open.
        """
        target = self._next("add_note")
        if not isinstance(text, str) or not text.strip() or len(text) > _NOTE_LIMIT:
            raise InvalidValue(
                f"a note is non-blank text of at most {_NOTE_LIMIT} characters, not "
                f"{shorten(text)}",
                code=ErrorCode.WRONG_TYPE if not isinstance(text, str) else ErrorCode.INVALID_VALUE,
                value=shorten(text),
            )
        entry = CaseEntry("note", text, require_instant(now))
        self.state = target
        self.history.append(entry)

    def attach(self, kind: str, text: str, *, now: datetime) -> None:
        """Attach an entry the call made (DTMF digits, a transfer or conference target) to the
        case history; the call's own lifecycle has checked the action."""
        self.history.append(CaseEntry(kind, text, require_instant(now)))

    def set_call_result(self, call_result: CallResult | int | str) -> CallResult:
        """Set the call result [setCallResult]: a number (or numeric string) among those offered.

        Needs an active or completed call, and no Do Not Call (seed 002).

        Raises:
            InvalidValue: not a number, or not offered (`outbound.call-result-values`).
            TransitionNotAllowed: no call yet, or Do Not Call is set.
        """
        # The argument's form first: a name is never a call result here, whatever the state.
        if isinstance(call_result, str) and not call_result.strip().lstrip("+-").isdigit():
            raise InvalidValue(
                f"a call result is given as a number, not {shorten(call_result)}",
                code=ErrorCode.WRONG_TYPE,
                value=call_result,
            )
        result = CallResult.parse(call_result)
        target = self._next("set_call_result")
        if not self.options.offers(result):
            offered = ", ".join(str(int(r)) for r in self.options.call_result_values)
            raise InvalidValue(
                f"call result {int(result)} ({result.label}) is not offered; offered: {offered}",
                code=ErrorCode.UNKNOWN_CALL_RESULT,
                value=int(result),
                offered=[int(r) for r in self.options.call_result_values],
            )
        self.state, self.call_result = target, result
        return result

    def set_do_not_call(self) -> None:
        """Mark the contact Do Not Call [setDoNotCall]; sent when the record is marked done."""
        self.state, self.do_not_call = self._next("set_do_not_call"), True

    def remove_do_not_call(self) -> None:
        """Remove Do Not Call from the interaction [removeDoNotCall]."""
        self.state, self.do_not_call = self._next("remove_do_not_call"), False

    def reschedule(
        self,
        when: Reschedule,
        callback_type: CallbackType | str,
        *,
        now: datetime,
        record_handle: int | None = None,
        new_phone: str | None = None,
        phone_type: PhoneType | int | str = PhoneType.NONE,
        source: ActionSource = ActionSource.AGENT,
        check_window: bool = True,
    ) -> ScheduledCallback:
        """Schedule a callback for a record of the chain [rescheduleRecord].

        `when` is written in the record's zone whatever zone it was computed in. It must not
        be in the past and, unless `check_window` is false, must fall in the record's calling
        window. With `new_phone`, a record on that number joins the chain and is the one
        scheduled. The agent needs `can-reschedule` during or after the call and
        `can-reschedule-before-call` (which needs `can-reschedule`) before it; the legal calling
        hours the campaign selected apply too (`calling_hours` of `deliver`). With
        `source=ActionSource.SERVICE_CLIENT` those two are not required (seed 002). A new
        number needs `can-reschedule-on-new-number` either way.

        Raises:
            PrivilegeMissing: a reschedule privilege the action needs.
            TransitionNotAllowed: Do Not Call is set, or the record is finalized.
            NotFound: the handle is not in the chain.
            ScheduleError: the callback is in the past or outside the calling window.
            InvalidValue: a bad argument.
        """
        target = self._next("reschedule")
        kind = CallbackType.parse(callback_type)
        source = ActionSource.parse(source)
        if source is ActionSource.AGENT:
            needed = (
                Privilege.CAN_RESCHEDULE_BEFORE_CALL
                if self.state == "previewing"
                else Privilege.CAN_RESCHEDULE
            )
            self.privileges.require(needed)
        if not isinstance(when, Reschedule):
            raise InvalidValue(
                f"when is a Reschedule (see callback_at / callback_in), not {shorten(when)}",
                code=ErrorCode.WRONG_TYPE,
                value=shorten(when),
            )
        chain = self.chain
        if new_phone is not None:
            self.privileges.require(Privilege.CAN_RESCHEDULE_ON_NEW_NUMBER)
            chain = chain.add_on_new_number(new_phone, phone_type=PhoneType.parse(phone_type))
            handle = chain.records[-1].record_handle
        else:
            handle = self.record.record_handle if record_handle is None else record_handle
        record = chain.record(handle)
        zone = resolve_zone(record.tz_name, record.tz_offset)
        window = None
        if check_window and record.daily_from is not None and record.daily_until is not None:
            window = CallingWindow(record.daily_from, record.daily_until)
        proposed = check_reschedule(
            when.in_zone(zone), now=now, window=window, rules=self.calling_hours
        )
        scheduled = ScheduledCallback(handle, proposed, kind, new_phone is not None)
        self.state, self.chain, self.scheduled = target, chain, scheduled
        return scheduled

    def cancel_reschedule(self) -> None:
        """Remove the schedule information from the record [cancelReschedule]: the one set in
        this interaction, and the one the record arrived with as a scheduled callback."""
        self.state, self.scheduled = self._next("cancel_reschedule"), None
        self.unscheduled = self.arrived_scheduled

    def update_fields(self, update: Mapping[str, Any]) -> dict[str, Any]:
        """Validate field values [updateRecordFields] and buffer them until mark done.

        The whole update is checked at once; one bad field refuses all (seed 002).

        Raises:
            FieldValidationError: every bad field, nothing buffered.
            InvalidValue: the interaction has no field list.
        """
        target = self._next("update_fields")
        if self.fields is None:
            raise InvalidValue(
                "this interaction has no field list (getRecordFields) to check updates against",
                code=ErrorCode.INVALID_VALUE,
            )
        normalized = self.fields.validate(update)
        self._check_applies({**self.pending_updates, **normalized})
        self.state = target
        self.pending_updates.update(normalized)
        return normalized

    def _check_applies(self, updates: Mapping[str, Any]) -> None:
        """Refuse values the field list accepts but the record itself cannot hold (a cleared or
        unreadable phone number, a malformed Call From, a name no update may set)."""
        try:
            self.record.check_update(updates)
            if "GSW_PHONE" in updates:
                normalize_phone(updates["GSW_PHONE"])
        except InvalidValue as error:
            raise FieldValidationError(
                f"the update was refused, nothing applied: the record cannot hold it: "
                f"{error.message}",
                problems=[
                    {
                        "field": error.details.get("field", ""),
                        "code": str(error.code),
                        "message": error.message,
                        "value": error.details.get("value"),
                    }
                ],
                fields=[error.details.get("field", "")],
            ) from None

    def outcome_of(self, event: str = "mark_done") -> Outcome:
        """What finishing the record now would send to the server, checked and changing
        nothing: `mark_done` [Mark Done], or `get_next` (the next preview record is asked for
        "while terminating the processing of the previous record", seed 000: the record is
        processed as at Mark Done).

        Raises:
            TransitionNotAllowed: the lifecycle refuses `event` now.
            PrivilegeMissing: a privilege `event` needs.
        """
        if event not in ("mark_done", "get_next"):
            raise InvalidValue(
                f"a record is finished by mark_done or get_next, not {shorten(event)}",
                value=shorten(event),
            )
        # The buffered updates were checked whole when each was made (`update_fields`), and the
        # server checks them again against its own record: no third check here.
        self._next(event)
        called = self.dialed_handle is not None or self.mode.system_dials
        return Outcome(
            interaction_id=self.interaction_id,
            record_handle=self.record.record_handle,
            chain=self.chain,
            call_result=(
                self.preselected_call_result if self.call_result is None else self.call_result
            ),
            called=called,
            do_not_call=self.do_not_call,
            scheduled=self.scheduled,
            field_updates=dict(self.pending_updates),
            unscheduled=self.unscheduled and self.scheduled is None,
            treatment=self.options.treatment_mode,
        )

    def mark_done(self) -> Outcome:
        """Finalize the record [Mark Done]: what the server applies, fields included."""
        outcome = self.outcome_of("mark_done")
        self.state, self.outcome = self._next("mark_done"), outcome
        return outcome

    # ---- plain data ---------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """The interaction's whole state as plain data (what `from_dict` reads back)."""
        return {
            "interaction_id": self.interaction_id,
            "mode": self.mode.value,
            "chain": self.chain.to_dict(),
            "privileges": self.privileges.names(),
            "options": self.options.to_dict(),
            "fields": None if self.fields is None else self.fields.to_dict(),
            "state": self.state,
            "dialed_handle": self.dialed_handle,
            "call_result": None if self.call_result is None else int(self.call_result),
            "do_not_call": self.do_not_call,
            "scheduled": None if self.scheduled is None else self.scheduled.to_dict(),
            "pending_updates": dict(self.pending_updates),
            "outcome": None if self.outcome is None else self.outcome.to_dict(),
            "arrived_scheduled": self.arrived_scheduled,
            "unscheduled": self.unscheduled,
            "calling_hours": [rule.to_dict() for rule in self.calling_hours],
            "disposition": self.disposition,
            "history": [entry.to_dict() for entry in self.history],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Interaction:
        """The interaction `to_dict` wrote.

        Raises:
            InvalidValue: data `to_dict` does not write.
        """
        try:
            mode = DialingMode.parse(data["mode"])
            machine = MODE_MACHINES[mode]
            state = data["state"]
            if state not in machine.states:
                raise InvalidValue(f"{machine.name} has no state {shorten(state)}")
            fields, result = data["fields"], data["call_result"]
            scheduled, outcome = data["scheduled"], data["outcome"]
            return cls(
                interaction_id=_text("interaction_id", data["interaction_id"]),
                mode=mode,
                chain=Chain.from_dict(data["chain"]),
                privileges=Privileges.from_names(data["privileges"]),
                options=OutboundOptions.from_dict(data["options"]),
                fields=None if fields is None else FieldSet.from_dict(fields),
                machine=machine,
                state=state,
                dialed_handle=data["dialed_handle"],
                call_result=None if result is None else CallResult.parse(result),
                do_not_call=bool(data["do_not_call"]),
                scheduled=None if scheduled is None else ScheduledCallback.from_dict(scheduled),
                pending_updates=dict(data["pending_updates"]),
                outcome=None if outcome is None else Outcome.from_dict(outcome),
                arrived_scheduled=bool(data["arrived_scheduled"]),
                unscheduled=bool(data["unscheduled"]),
                calling_hours=tuple(CallingHours.from_dict(r) for r in data["calling_hours"]),
                disposition=data["disposition"],
                history=[CaseEntry.from_dict(entry) for entry in data["history"]],
            )
        except (KeyError, TypeError, AttributeError) as error:
            raise InvalidValue(
                f"not an interaction: {shorten(data)} ({shorten(error)})", value=shorten(data)
            ) from None

    # ---- the lifecycle ----------------------------------------------------------------------

    def _guard(self, name: str) -> bool:
        if name == "do_not_call_set":
            return self.do_not_call
        if name == "reschedule_set":
            return self.scheduled is not None
        if name == "disposition_missing":
            return self.options.disposition_mandatory and self.disposition is None
        if name == "schedule_set":
            return self.scheduled is not None or (self.arrived_scheduled and not self.unscheduled)
        raise NotFound(f"no guard {name!r} in {self.machine.name}", guard=name)

    def _next(self, event: str) -> str:
        """The state `event` leads to, after the privilege checks; changes nothing."""
        self.privileges.require(Privilege.CAN_USE)
        if event not in self.machine.events:
            refused = TransitionNotAllowed(
                f"{self.machine.name}: no {event}",
                state=self.state,
                event=event,
                machine=self.machine.name,
                failed_guards=[],
            )
            raise self._refusal(refused, in_mode=False)
        try:
            target = self.machine.next(self.state, event, self._guard)
        except TransitionNotAllowed as refused:
            raise self._refusal(refused) from None
        for privilege in ACTION_PRIVILEGES.get(event, ()):
            self.privileges.require(privilege)
        return target

    def _move(self, event: str) -> None:
        self.state = self._next(event)

    def _refusal(self, refused: TransitionNotAllowed, in_mode: bool = True) -> TransitionNotAllowed:
        return explain_refusal(
            refused,
            interaction_id=self.interaction_id,
            mode=self.mode,
            state=self.state,
            finalized=self.finalized,
            in_mode=in_mode,
        )


def _no_guard(name: str) -> bool:
    raise NotFound(f"delivery has no guard {name!r}", guard=name)
