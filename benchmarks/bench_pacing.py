"""How fast a pacing decision and the abandon ledger are.

One controller decision (`dials_now`) is timed on the statistics of a busy Predictive
campaign (20 agents, an hour into a simulated day), against a baseline measured in the same
run: converting `now` to POSIX seconds and one floor, the least any decision must do. Goal:
under 5 µs. The ledger runs over 1,000,000 call events (200,000 calls of five events: dial,
outcome, greeting end, connect or abandon, hang-up) against a bare pass over the same
events. Goal: under 2 s.
"""

from __future__ import annotations

import math
import random
import time
from datetime import timedelta

from _harness import machine, per_call, report
from outbound_core.pacing import (
    OFCOM,
    TSR,
    AgentConnected,
    CallAbandoned,
    DialOutcome,
    DialPlaced,
    GreetingEnded,
    HangUp,
    PacingStatistics,
    PredictiveSettings,
    ProgressiveSettings,
    abandon_ledger,
    dials_now,
)
from outbound_core.simulation.pacing_day import DAY_START, run_campaign

print(machine())

predictive = PredictiveSettings()
events = run_campaign(predictive, campaign="P", agents=20, hours=1.0, seed=0)
statistics = PacingStatistics("P")
middle = DAY_START + timedelta(minutes=40)
for event in events:
    if event.at > middle:
        break
    statistics = statistics.fed(event)
now = middle
print(
    f"statistics at 40 min: {statistics.ready} ready, {statistics.busy} busy, "
    f"{statistics.in_wrap_up} in wrap-up, {statistics.calls_in_progress} calls in progress, "
    f"hit rate {statistics.hit_rate:.2f}, decision {predictive.decide(statistics, now).to_dict()}"
)

baseline = per_call(lambda: math.floor(now.timestamp() * 0.5), number=200_000)
ours = per_call(lambda: predictive.dials_now(statistics, now), number=200_000)
dispatched = per_call(lambda: dials_now(statistics, predictive, now), number=200_000)
progressive = ProgressiveSettings()
steady = per_call(lambda: progressive.dials_now(statistics, now), number=200_000)
report("now.timestamp() and a floor (baseline)", baseline, unit="decision")
report("PredictiveSettings.dials_now", ours, unit="decision")
report("dials_now(statistics, PredictiveSettings, now)", dispatched, unit="decision")
report("ProgressiveSettings.dials_now", steady, unit="decision")
print(f"{'ratio Predictive / baseline':<60} {ours / baseline:>12.2f}x   (goal: under 5 µs)")

rng = random.Random(0)
calls = 200_000
log = []
start = DAY_START
results = ["live-answer", "no-answer", "busy", "answering-machine", "failed"]
for n in range(calls):
    at = start + timedelta(seconds=n * 0.5)
    call = f"c{n}"
    result = rng.choice(results)
    answer = at + timedelta(seconds=rng.uniform(2, 20))
    log.append(DialPlaced(at, "P", call, f"+44 20 7946 {n % 10_000:04d}"))
    log.append(DialOutcome(answer, "P", call, result))
    log.append(GreetingEnded(answer + timedelta(seconds=1), "P", call))
    if rng.random() < 0.03:
        log.append(CallAbandoned(answer + timedelta(seconds=3), "P", call))
    else:
        log.append(AgentConnected(answer + timedelta(seconds=1.5), "P", call, "a1"))
    log.append(HangUp(answer + timedelta(seconds=60), "P", call, "customer"))
print(f"{len(log):,} call events")


def bare_pass() -> None:
    for event in log:
        event.at  # noqa: B018


# Wall-clock and CPU time: on a shared machine the wall clock also counts other people's work.
started, cpu = time.perf_counter(), time.process_time()
bare_pass()
bare, bare_cpu = time.perf_counter() - started, time.process_time() - cpu
timings = {}
for rules in (TSR, OFCOM):
    started, cpu = time.perf_counter(), time.process_time()
    ledger = abandon_ledger(log, rules)
    timings[rules.name] = (time.perf_counter() - started, time.process_time() - cpu)
    campaign = ledger.campaigns["P"]
    wall, used = timings[rules.name]
    print(
        f"{'abandon_ledger(1,000,000 events, ' + rules.name + ')':<60} "
        f"{wall:>7.3f} s wall {used:>7.3f} s CPU   {campaign.abandoned:,} abandoned of "
        f"{campaign.live_answers:,} live answers, {len(campaign.no_recall_until):,} no-recall numbers"
    )
print(
    f"{'a bare pass over the same events (baseline)':<60} {bare:>7.3f} s wall {bare_cpu:>7.3f} s CPU"
)
print(
    f"{'ratio ledger (ofcom) / baseline, CPU':<60} {timings['ofcom'][1] / bare_cpu:>10.1f}x   "
    "(goal: under 2 s)"
)
