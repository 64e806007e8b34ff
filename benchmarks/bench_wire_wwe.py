"""How fast getChainedRecords is decoded (goal: at most 3x `json.loads` on the same text)."""

from __future__ import annotations

import json
import pathlib
import statistics

from _harness import machine, per_call, report
from outbound_core.wire.wwe import load_text, read_chained_records, write_chained_records

SAMPLE = pathlib.Path(__file__).parent.parent / "tests/fixtures/seed002/getChainedRecords.txt"


def response(records: int, per_chain: int = 2) -> str:
    """A getChainedRecords response of `records` records shaped like seed 002's, as JSON text."""
    template = load_text(SAMPLE.read_text(encoding="utf-8"), lenient=True)["data"][0]["records"]
    data = []
    for chain in range(records // per_chain):
        members = []
        for n in range(per_chain):
            record = dict(template[n % len(template)])
            record["GSW_CHAIN_ID"] = chain
            record["GSW_RECORD_HANDLE"] = chain * per_chain + n
            record["GSW_PHONE"] = f"+336470{chain * per_chain + n:05d}"
            members.append(record)
        data.append({"records": members})
    envelope = {"request": "outbound.getChainedRecords", "data": data}
    return json.dumps({**envelope, "userAgent": "WWE Server", "protocolVersion": 2}, indent=2)


if __name__ == "__main__":
    print(machine())
    text = response(10_000)
    print(f"text: {len(text):,} characters, 10,000 records in 5,000 chains")
    # The machine is shared and noisy: time the two back to back, seven times, and take the
    # median of the per-pair ratios as well as the median of each.
    pairs = [
        (per_call(lambda: json.loads(text), number=1, repeat=1),
         per_call(lambda: read_chained_records(text), number=1, repeat=1))
        for _ in range(7)
    ]  # fmt: skip
    baseline = statistics.median(p[0] for p in pairs)
    decode = statistics.median(p[1] for p in pairs)
    report("json.loads (baseline)", baseline, unit="response")
    report("read_chained_records (JSON text -> chains)", decode, unit="response")
    ratio = statistics.median(d / j for j, d in pairs)
    print(f"ratio to json.loads (median of 7 back-to-back pairs): {ratio:.2f}x (goal: at most 3x)")
    chains = read_chained_records(text)
    report(
        "write_chained_records + json.dumps",
        per_call(lambda: json.dumps(write_chained_records(chains)), number=1),
        unit="response",
    )
    small = SAMPLE.read_text(encoding="utf-8")
    report(
        "read_chained_records(seed sample, lenient=True)",
        per_call(lambda: read_chained_records(small, lenient=True), number=2_000),
        unit="response",
    )
