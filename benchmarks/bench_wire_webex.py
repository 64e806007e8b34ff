"""How fast a Webex OutboundCallStateChange is decoded and applied (goal: at most 2x
`json.loads` on the same text, the seed 004 sample)."""

from __future__ import annotations

import json
import pathlib
import statistics

import attrs

from _harness import machine, per_call, report
from outbound_core.replay.webex_calls import apply_webex_event
from outbound_core.wire.webex import read_outbound_call_state_change
from outbound_core.wire.webex_events import CallEvent

SAMPLE = (
    pathlib.Path(__file__).parent.parent / "tests/fixtures/seed004/OutboundCallStateChange.json"
)

if __name__ == "__main__":
    print(machine())
    text = SAMPLE.read_text(encoding="utf-8")
    print(f"text: {len(text):,} characters (the seed 004 sample, CustAnswered / connected)")
    answered = read_outbound_call_state_change(text)
    offer = attrs.evolve(
        answered,
        event=CallEvent.AGENT_OFFER_CONTACT,
        event_text="eAgentOfferContact",
        state=None,
        state_text=None,
        event_time=None,
    )
    offered = apply_webex_event(None, offer, agent_ready=True).call

    def decode_and_apply() -> object:
        message = read_outbound_call_state_change(text)
        return apply_webex_event(offered, message, agent_ready=True)

    parsed = json.loads(text)
    # The machine is shared and noisy: time each against json.loads back to back, seven
    # times, and take the median of the per-pair ratios as well as the median of each.
    pairs = [
        (
            per_call(lambda: json.loads(text), number=2000, repeat=1),
            per_call(decode_and_apply, number=2000, repeat=1),
            per_call(lambda: read_outbound_call_state_change(text), number=2000, repeat=1),
            per_call(lambda: read_outbound_call_state_change(parsed), number=2000, repeat=1),
            per_call(
                lambda: apply_webex_event(offered, answered, agent_ready=True),
                number=2000,
                repeat=1,
            ),
        )
        for _ in range(7)
    ]
    names = [
        "json.loads (baseline)",
        "decode (text) and apply to an offered call",
        "decode only (text)",
        "decode only (already parsed object)",
        "apply only (CustAnswered on a dialing call)",
    ]
    for index, name in enumerate(names):
        report(name, statistics.median(p[index] for p in pairs), unit="message")
    ratio = statistics.median(p[1] / p[0] for p in pairs)
    print(
        f"decode and apply / json.loads (median of 7 back-to-back pairs): {ratio:.2f}x (goal: at most 2x)"
    )
