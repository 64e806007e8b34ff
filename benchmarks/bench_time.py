"""How fast reschedule arithmetic and the calling-window check are.

`callback_in` is compared with a bare `astimezone` + `strftime` of the same instant, and
`check_callable` is run over 1,000,000 records with mixed zones, windows and rules.
"""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime, timedelta

from _harness import machine, per_call, report
from outbound_core import (
    CallingWindow,
    callback_in,
    check_callable,
    resolve_zone,
    tz_database_version,
)

print(machine())
print(f"tz database {tz_database_version()}")

new_york = resolve_zone("America/New_York")
now = datetime(2026, 6, 15, 13, 30, 27, tzinfo=UTC)
hour = timedelta(hours=1)
target = now + hour
bare = per_call(
    lambda: target.astimezone(new_york.tzinfo).strftime("%m/%d/%Y %H:%M"), number=100_000
)
ours = per_call(lambda: callback_in(now, hour, new_york), number=100_000)
report("astimezone + strftime (baseline)", bare)
report("callback_in(now, 1h, America/New_York)", ours)
print(f"{'ratio callback_in / baseline':<60} {ours / bare:>12.2f}x")

names = [
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Phoenix",
    "America/St_Johns",
    "America/Toronto",
    "Europe/London",
    "Europe/Paris",
    "Asia/Kolkata",
    "Australia/Adelaide",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "ACT",
    "AET",
    "EST",
    "CST",
    "PST",
]
zones = [resolve_zone(n) for n in names]
windows = [
    CallingWindow(0, 86399),
    CallingWindow(32400, 75599),
    CallingWindow(28800, 71999),
    CallingWindow(36000, 64799),
    CallingWindow(79200, 7199),
    CallingWindow(30600, 61199),
]
rule_sets: list[tuple[str, ...]] = [
    (),
    ("us-federal",),
    ("us-florida",),
    ("canada",),
    ("australia",),
]
rng = random.Random(4)
records = [
    (rng.choice(zones), rng.choice(windows), rng.choice(rule_sets)) for _ in range(1_000_000)
]
start_of_run = now
instants = [start_of_run + timedelta(seconds=rng.randrange(8 * 3600)) for _ in range(1_000_000)]

for label, times in (("one instant", [now] * len(records)), ("instants over 8 hours", instants)):
    best = float("inf")
    allowed = 0
    for _ in range(3):
        began = time.perf_counter()
        allowed = 0
        for (zone, window, rules), at in zip(records, times, strict=True):
            allowed += check_callable(at, zone, window, rules=rules).allowed
        best = min(best, time.perf_counter() - began)
    report(f"check_callable, 1,000,000 mixed records, {label}", best / len(records), unit="check")
    print(f"{'':<60} {allowed:,} allowed, whole run {best:.2f} s")
