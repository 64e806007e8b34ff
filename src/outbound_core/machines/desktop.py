"""The Outbound Contact desktop protocol as lifecycles (reference `genesys-ocs.md` §3).

`DesktopRecordMachine` follows one record handle through the desktop's requests. The reference
documents one rule (§3.4): after RecordProcessed or DoNotCall on a record handle, no further
outbound operation may act on that handle. That a cancelled record can no longer be acted on
either is inferred: a cancelled record is not to be dialed during the current campaign run
(§4). A rejected record goes back to the queue and may be delivered again, to the same
desktop too (the Genesys agent API simulator does so): a PreviewRecord for it reopens it.

`DesktopRequestMachine` follows one request, by its `GSW_REFERENCE_ID`: sent, then answered
(by the answers that close it) or failed (an error event); partial answers (ChainedRecord, the
Campaign* answers to CampaignStatusRequest) keep it pending.
"""

from __future__ import annotations

from statemachine import State, StateMachine

__all__ = ["DesktopRecordMachine", "DesktopRequestMachine"]


class DesktopRecordMachine(StateMachine):
    """One record handle as the desktop's requests act on it."""

    on_desktop = State("On the desktop", initial=True)
    finalized = State("Finalized", final=True)
    returned = State("Returned")
    cancelled = State("Cancelled", final=True)

    preview_record = on_desktop.to(on_desktop) | returned.to(on_desktop)
    update_call_completion_stats = on_desktop.to(on_desktop)
    chained_record_request = on_desktop.to(on_desktop)
    record_reschedule = on_desktop.to(on_desktop)
    scheduled_record_reschedule = on_desktop.to(on_desktop)
    record_processed = on_desktop.to(finalized)
    do_not_call = on_desktop.to(finalized)
    record_reject = on_desktop.to(returned)
    request_record_cancel = on_desktop.to(cancelled)
    record_cancel = on_desktop.to(cancelled)


class DesktopRequestMachine(StateMachine):
    """One desktop request, from sending to its answer."""

    unsent = State("Not sent", initial=True)
    sent = State("Sent")
    answered = State("Answered", final=True)
    failed = State("Failed", final=True)

    send_request = unsent.to(sent)
    partial_answer = sent.to(sent)
    answer = sent.to(answered)
    error_answer = sent.to(failed)
