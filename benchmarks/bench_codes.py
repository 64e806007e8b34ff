"""How fast the catalogs read call results, options and privileges."""

from __future__ import annotations

from _harness import machine, per_call, report
from outbound_core import CallResult, OutboundOptions, Privileges

print(machine())
report("CallResult.parse(int)", per_call(lambda: CallResult.parse(9), number=200_000))
report(
    "CallResult.parse('NoAnswer')", per_call(lambda: CallResult.parse("NoAnswer"), number=200_000)
)
report(
    "CallResult.parse('Answering Machine Detected')",
    per_call(lambda: CallResult.parse("Answering Machine Detected"), number=200_000),
)
report(
    "CallResult(9) (stdlib enum lookup, baseline)", per_call(lambda: CallResult(9), number=200_000)
)
section = {
    "outbound.call-result-values": "Answered, NoAnswer, AnsweringMachine, Busy, WrongNumber",
    "outbound.call-result-automatically-selected": "NoAnswer",
    "outbound.preview.max-simultaneous-preview-record": "3",
    "outbound-callback.ringing-bell": "BELL|7|0",
}
report(
    "OutboundOptions.from_mapping (4 options)",
    per_call(lambda: OutboundOptions.from_mapping(section), number=20_000),
)
agent = Privileges.everything()
report(
    "Privileges.allows(Privilege)",
    per_call(lambda: agent.allows("privilege.outbound.can-reschedule"), number=200_000),
)
report(
    "Privileges.from_names (13 keys)",
    per_call(lambda: Privileges.from_names(agent.names()), number=20_000),
)
