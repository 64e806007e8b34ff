"""Replay: reading recorded traces back through the lifecycles, and the checker.

Events may arrive twice or out of order; `advance` is the one rule every replay follows
(duplicate, reordered, illegal or applied). `check_steps` judges a stream of `TraceStep`s and
reports per lifecycle instance; `read_steps` reads a recorded trace (Webex events, desktop
protocol messages, simulation steps) into those steps. `WebexCalls` applies Webex Contact
Center task notifications to the voice-call lifecycle as they arrive, `WebexPreviews` the
preview-campaign ones to the preview contact's.
"""

from __future__ import annotations

from outbound_core.replay.advance import Position, StepKind, StepVerdict, advance, progress_ranks
from outbound_core.replay.check import (
    Finding,
    InteractionReport,
    TraceReport,
    TraceStep,
    check_steps,
    machine_move,
)
from outbound_core.replay.readers import TraceFormat, detect_format, read_steps
from outbound_core.replay.webex_calls import (
    WebexCall,
    WebexCalls,
    WebexDiagnostic,
    WebexStep,
    apply_webex_event,
)
from outbound_core.replay.webex_previews import (
    WebexPreview,
    WebexPreviews,
    apply_preview_action,
    apply_preview_event,
)

__all__ = [
    "Finding",
    "InteractionReport",
    "Position",
    "StepKind",
    "StepVerdict",
    "TraceFormat",
    "TraceReport",
    "TraceStep",
    "WebexCall",
    "WebexCalls",
    "WebexDiagnostic",
    "WebexPreview",
    "WebexPreviews",
    "WebexStep",
    "advance",
    "apply_preview_action",
    "apply_preview_event",
    "apply_webex_event",
    "check_steps",
    "detect_format",
    "machine_move",
    "progress_ranks",
    "read_steps",
]
