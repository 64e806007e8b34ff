"""How fast a Webex task notification is decoded and applied to its call (goal: at most 1.5x
`json.loads` of the same text), for both shapes: seed 004's OutboundCallStateChange sample and
the native AgentContactAssigned notification it nests."""

from __future__ import annotations

import json
import pathlib
import statistics

from _harness import machine, per_call, report
from outbound_core.replay.webex_calls import apply_webex_event
from outbound_core.wire.webex import read_outbound_call_state_change, read_webex_event

ROOT = pathlib.Path(__file__).parent.parent / "tests/fixtures"
SHAPES = {
    "seed 004 wrapper (CustAnswered / connected)": ROOT / "seed004/OutboundCallStateChange.json",
    "native AgentContactAssigned (the notification it nests)": ROOT
    / "webex/AgentContactAssigned.json",
}
OFFER = json.dumps(
    {
        "data": {
            "type": "AgentOfferContact",
            "interactionId": "1191fe75-f6ab-413a-8275-2be7e7669a97",
            "eventTime": 1718965728859,
        }
    }
)
GOAL = 1.5


def measure(name: str, text: str) -> float:
    """Print the figures of one shape; return the median ratio to `json.loads`."""
    print(f"\n{name}: {len(text):,} characters")
    offered = apply_webex_event(None, read_webex_event(OFFER), agent_ready=True).call
    parsed = json.loads(text)
    notification = read_webex_event(text)

    def decode_and_apply() -> object:
        return apply_webex_event(offered, read_webex_event(text), agent_ready=True)

    # The machine is shared and noisy: time each against json.loads back to back, seven
    # times, and take the median of the per-pair ratios as well as the median of each.
    runs = [
        (
            per_call(lambda: json.loads(text), number=3000, repeat=1),
            per_call(decode_and_apply, number=3000, repeat=1),
            per_call(lambda: read_webex_event(parsed), number=3000, repeat=1),
            per_call(
                lambda: apply_webex_event(offered, notification, agent_ready=True),
                number=3000,
                repeat=1,
            ),
        )
        for _ in range(7)
    ]
    names = [
        "json.loads (baseline)",
        "decode (text) and apply to an offered call",
        "decode only (already parsed object)",
        "apply only",
    ]
    for index, label in enumerate(names):
        report(label, statistics.median(run[index] for run in runs), unit="message")
    ratio = statistics.median(run[1] / run[0] for run in runs)
    print(f"decode and apply / json.loads (median of 7 back-to-back pairs): {ratio:.2f}x")
    return ratio


if __name__ == "__main__":
    print(machine())
    ratios = [measure(name, path.read_text(encoding="utf-8")) for name, path in SHAPES.items()]
    seed_text = (ROOT / "seed004/OutboundCallStateChange.json").read_text(encoding="utf-8")
    report(
        "\nthe seed 004 view (read_outbound_call_state_change), text",
        per_call(lambda: read_outbound_call_state_change(seed_text), number=3000),
        unit="message",
    )
    verdict = "met" if max(ratios) <= GOAL else "not met"
    print(f"goal: at most {GOAL}x json.loads for both shapes: {verdict}")
