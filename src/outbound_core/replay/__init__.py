"""Replay: reading recorded traces back through the lifecycles, and the checker.

Events may arrive twice or out of order; `advance` is the one rule every replay follows
(duplicate, reordered, illegal or applied), and a `Tracker` keeps it in place over a long
replay. `check_steps` judges a stream of `TraceStep`s and reports per lifecycle instance;
`read_steps` reads a recorded trace (Webex events, desktop protocol messages, simulation
steps) into those steps; `check_lines` does both from a trace's text (what `outbound-core
check` runs). `partition_lines` cuts a trace into parts checked apart (`check_line_part`) and
merged back (`merge_parts`) into exactly the report on the whole. `WebexCalls` applies Webex Contact
Center task notifications to the voice-call lifecycle as they arrive, `WebexPreviews` the
preview-campaign ones to the preview contact's.
"""

from __future__ import annotations

from outbound_core.replay.advance import (
    Position,
    StepKind,
    StepVerdict,
    Tracker,
    advance,
    progress_ranks,
)
from outbound_core.replay.check import (
    Finding,
    InteractionReport,
    TracePart,
    TraceReport,
    TraceStep,
    check_steps,
    check_steps_part,
    machine_move,
    merge_parts,
)
from outbound_core.replay.lines import check_line_part, check_lines
from outbound_core.replay.partitions import (
    ChunkRoutes,
    assign_parts,
    line_keys,
    partition_lines,
    route_chunk,
    split_chunk,
)
from outbound_core.replay.readers import (
    SimulateReader,
    TraceFormat,
    detect_format,
    read_numbered_steps,
    read_steps,
)
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
    "ChunkRoutes",
    "Finding",
    "InteractionReport",
    "Position",
    "SimulateReader",
    "StepKind",
    "StepVerdict",
    "TraceFormat",
    "TracePart",
    "TraceReport",
    "TraceStep",
    "Tracker",
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
    "assign_parts",
    "check_line_part",
    "check_lines",
    "check_steps",
    "check_steps_part",
    "detect_format",
    "line_keys",
    "machine_move",
    "merge_parts",
    "partition_lines",
    "progress_ranks",
    "read_numbered_steps",
    "read_steps",
    "route_chunk",
    "split_chunk",
]
