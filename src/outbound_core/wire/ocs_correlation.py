"""Matching OCS answers to desktop requests by `GSW_REFERENCE_ID` (reference `genesys-ocs.md`
§3.1: the desktop may put a reference id on a request, and the answer echoes it back).

`Correlator` is a value: `sent` and `received` return a new one. A request stays pending until
an answer that closes it (an acknowledgement, PreviewRecord, ChainedRecordsDataEnd, ...) or an
error event; ChainedRecord answers come one per chain member and keep it pending, as do the
Campaign* answers to CampaignStatusRequest (the sources know no end to them).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType

import attrs

from outbound_core.errors import ErrorCode, InvalidValue
from outbound_core.wire._ocs_catalogue import ANSWERS, CLOSING_ANSWERS, UNSOLICITED
from outbound_core.wire._ocs_messages import DesktopRequest, ServerEvent

__all__ = ["Correlated", "Correlation", "Correlator"]


class Correlation(StrEnum):
    """How an OCS event relates to the pending requests."""

    #: An expected answer after which more come (ChainedRecord, a Campaign* status answer).
    PARTIAL = "partial"
    #: The expected answer that completes the request.
    ANSWERED = "answered"
    #: An error event for the request; it completes the request.
    FAILED = "failed"
    #: An event of a type the request does not expect (the request stays pending).
    UNEXPECTED = "unexpected"
    #: A notification OCS sends unasked (Campaign*, ScheduledCall, RecordCancel).
    UNSOLICITED = "unsolicited"
    #: An answer whose reference id matches no pending request, or that has none.
    UNMATCHED = "unmatched"


@attrs.define(frozen=True, slots=True)
class Correlated:
    """One received event with the request it answers (None when it answers none).

    Attributes:
        kind: how the event relates to the pending requests.
        event: the event.
        request: the request it answers, or None.
    """

    kind: Correlation
    event: ServerEvent
    request: DesktopRequest | None = None


def _frozen(pending: Mapping[int, DesktopRequest]) -> Mapping[int, DesktopRequest]:
    return MappingProxyType(dict(pending))


@attrs.define(frozen=True, slots=True)
class Correlator:
    """The requests sent and not yet completed, by reference id.

    Attributes:
        pending: the pending requests by `GSW_REFERENCE_ID` (read-only).
    """

    pending: Mapping[int, DesktopRequest] = attrs.field(
        factory=lambda: MappingProxyType({}), converter=_frozen
    )

    def sent(self, request: DesktopRequest) -> Correlator:
        """The correlator with `request` pending.

        Raises:
            InvalidValue: the request has no reference id, or one already pending.
        """
        reference = request.reference_id
        if reference is None:
            raise InvalidValue(
                f"{request.name} has no GSW_REFERENCE_ID; its answer cannot be matched",
                code=ErrorCode.INVALID_VALUE,
                request=request.name,
            )
        if reference in self.pending:
            raise InvalidValue(
                f"GSW_REFERENCE_ID {reference} is already pending ({self.pending[reference].name})",
                code=ErrorCode.INVALID_VALUE,
                reference_id=reference,
            )
        return Correlator({**self.pending, reference: request})

    def received(self, event: ServerEvent) -> tuple[Correlator, Correlated]:
        """Match `event` to its request; the correlator after it, and the match."""
        reference = event.reference_id
        request = None if reference is None else self.pending.get(reference)
        if request is None:
            if event.event in UNSOLICITED:
                return self, Correlated(Correlation.UNSOLICITED, event)
            return self, Correlated(Correlation.UNMATCHED, event)
        expected = ANSWERS.get(request.request, frozenset()) if request.request else frozenset()
        if event.is_error:
            kind = Correlation.FAILED
        elif event.event in expected:
            closing = event.event in CLOSING_ANSWERS
            kind = Correlation.ANSWERED if closing else Correlation.PARTIAL
        else:
            return self, Correlated(Correlation.UNEXPECTED, event, request)
        if kind is Correlation.PARTIAL:
            return self, Correlated(kind, event, request)
        remaining = {k: v for k, v in self.pending.items() if k != reference}
        return Correlator(remaining), Correlated(kind, event, request)
