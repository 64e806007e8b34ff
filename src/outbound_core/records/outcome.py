"""What an agent's work on a record comes to: the values an outbound server applies.

An `Interaction` produces an `Outcome` when the record is marked done: the call result, Do Not
Call, the scheduled callback and the buffered field updates, with the chain as the interaction
left it (a record added on a new number included). Plain frozen values: they pickle and
round-trip through plain dicts, so they can cross a queue to the server.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from outbound_core.codes import CallbackType, CallResult, RecordStatus, RecordType, TreatmentMode
from outbound_core.errors import ErrorCode, InvalidValue, shorten
from outbound_core.records.chain import Chain
from outbound_core.timing.reschedule import Reschedule

__all__ = ["Outcome", "ScheduledCallback"]


def _malformed(kind: str, data: object, error: Exception) -> InvalidValue:
    if isinstance(error, InvalidValue):
        return error
    return InvalidValue(
        f"not {kind}: {shorten(data)} ({error})", code=ErrorCode.INVALID_VALUE, value=shorten(data)
    )


@attrs.define(frozen=True, slots=True)
class ScheduledCallback:
    """A callback an agent scheduled [rescheduleRecord]: which record, when, and for whom.

    Attributes:
        record_handle: the record of the chain to call back.
        when: the callback instant and its `MM/DD/YYYY HH:MM` text in the record's zone.
        callback_type: `PERSONAL` (back to this agent) or `CAMPAIGN` (any agent of it).
        on_new_number: whether the record was added to the chain for this callback.
    """

    record_handle: int
    when: Reschedule
    callback_type: CallbackType
    on_new_number: bool = False

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {
            "record_handle": self.record_handle,
            "when": self.when.to_dict(),
            "callback_type": self.callback_type.value,
            "on_new_number": self.on_new_number,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ScheduledCallback:
        """The callback `to_dict` wrote."""
        try:
            return cls(
                data["record_handle"],
                Reschedule.from_dict(data["when"]),
                CallbackType.parse(data["callback_type"]),
                bool(data.get("on_new_number", False)),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise _malformed("a scheduled callback", data, error) from None


@attrs.define(frozen=True, slots=True)
class Outcome:
    """The record's outcome when the agent marks it done [RecordProcessed].

    Attributes:
        interaction_id: the interaction (the call's id once a preview record was dialed).
        record_handle: the record worked.
        chain: the customer's chain as the interaction left it.
        call_result: the result set, or the one the desktop preselected.
        called: whether a call was made (a preview record can be done without one).
        do_not_call: whether the contact is to be added to the Do-Not-Call list.
        scheduled: the callback to schedule, if any.
        field_updates: validated field values to write to the record.
        unscheduled: whether the agent removed the schedule of a record that arrived as a
            scheduled callback [cancelReschedule]: it is General again.
        treatment: the treatment the desktop asks for [`outbound.treatment-mode`]: `none`
            finalizes the record with its call result; `campaign` and `personal` ask the
            server to treat the result by the calling list's treatments (RecordTreatCampaign,
            RecordTreatPersonal), unless a callback or Do Not Call settles the record.
    """

    interaction_id: str
    record_handle: int
    chain: Chain
    call_result: CallResult
    called: bool
    do_not_call: bool
    scheduled: ScheduledCallback | None
    field_updates: dict[str, Any] = attrs.field(factory=dict)
    unscheduled: bool = False
    treatment: TreatmentMode = TreatmentMode.NONE

    def status_and_type(
        self, record_handle: int, current_type: RecordType
    ) -> tuple[RecordStatus, RecordType] | None:
        """The record status and type this outcome gives a record of the chain, or None when
        it leaves the record as it is (reference §4.5, inferred):

        - the record scheduled for a callback is Ready again, as a Personal or Campaign
          CallBack (an agent's reschedule, as opposed to a treatment's Rescheduled types);
        - the record worked, when Do Not Call is set, is Updated as No Call;
        - the record worked, otherwise, is Updated and keeps its type (General again when its
          schedule was removed).
        """
        if self.scheduled is not None and self.scheduled.record_handle == record_handle:
            personal = self.scheduled.callback_type is CallbackType.PERSONAL
            kind = RecordType.PERSONAL_CALLBACK if personal else RecordType.CAMPAIGN_CALLBACK
            return RecordStatus.READY, kind
        if record_handle != self.record_handle:
            return None
        if self.do_not_call:
            return RecordStatus.UPDATED, RecordType.NO_CALL
        if self.unscheduled:
            return RecordStatus.UPDATED, RecordType.GENERAL
        return RecordStatus.UPDATED, RecordType.parse(current_type)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {
            "interaction_id": self.interaction_id,
            "record_handle": self.record_handle,
            "chain": self.chain.to_dict(),
            "call_result": int(self.call_result),
            "called": self.called,
            "do_not_call": self.do_not_call,
            "scheduled": None if self.scheduled is None else self.scheduled.to_dict(),
            "field_updates": dict(self.field_updates),
            "unscheduled": self.unscheduled,
            "treatment": self.treatment.value,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Outcome:
        """The outcome `to_dict` wrote."""
        try:
            scheduled = data["scheduled"]
            return cls(
                interaction_id=data["interaction_id"],
                record_handle=data["record_handle"],
                chain=Chain.from_dict(data["chain"]),
                call_result=CallResult.parse(data["call_result"]),
                called=data["called"],
                do_not_call=data["do_not_call"],
                scheduled=None if scheduled is None else ScheduledCallback.from_dict(scheduled),
                field_updates=dict(data["field_updates"]),
                unscheduled=bool(data.get("unscheduled", False)),
                treatment=TreatmentMode.parse(data.get("treatment", "none")),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise _malformed("an outcome", data, error) from None
