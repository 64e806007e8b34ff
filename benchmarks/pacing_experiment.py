"""The pacing experiment: Progressive against Predictive over one seeded day, measured.

    python benchmarks/pacing_experiment.py [--agents 20] [--hours 8] [--seed 0]
        [--json FILE] [--plot docs/images/pacing-day.svg] [--trace FILE.jsonl]

Runs `outbound_core.simulation.pacing_day.pacing_experiment` with Predictive aiming at 3 %
and then at 1 % (the same list and seed each time), prints each campaign's figures, and,
with `--plot`, draws the abandon rate and the occupancy over the day against the target
(matplotlib, the `plot` extra: `pip install -e '.[plot]'`; the package never imports it).
`--trace` writes the 3 % day's call events as a trace `outbound-core abandon` reads.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from outbound_core.pacing import to_trace_event
from outbound_core.simulation.pacing_day import (
    PREDICTIVE_CAMPAIGN,
    PROGRESSIVE_CAMPAIGN,
    PacingExperiment,
    pacing_experiment,
)

TARGETS = (3.0, 1.0)


def _row(name: str, figures: dict[str, Any]) -> str:
    rates = figures["abandon_rate"]
    return (
        f"  {name:<22} dials {figures['dials']:>6,}  live {figures['live_answers']:>5,}  "
        f"abandoned {figures['abandoned']:>4}  rate tsr {rates['tsr']:5.2f} % "
        f"ofcom {rates['ofcom']:5.2f} %  occupancy {figures['occupancy']:5.1f} %  "
        f"calls/agent-hour {figures['calls_per_agent_hour']:5.2f}  "
        f"mean wait {figures['mean_customer_wait']:4.2f} s"
    )


def plot(days: dict[float, PacingExperiment], path: Path) -> None:
    """Abandon rate (cumulative) and occupancy (per 15 minutes) over the day, per target."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams["svg.hashsalt"] = "outbound-core pacing"  # the same SVG for the same day
    figure, axes = plt.subplots(2, len(days), figsize=(11, 6.5), sharex=True)
    colours = {PROGRESSIVE_CAMPAIGN: "#1f77b4", PREDICTIVE_CAMPAIGN: "#d62728"}
    for column, (target, day) in enumerate(days.items()):
        rate_axis, busy_axis = axes[0][column], axes[1][column]
        for name, series in day.series.items():
            hours = [point["minute"] / 60 for point in series]
            label = name.replace(" campaign", "")
            rate_axis.plot(
                hours, [p["abandon_rate"] for p in series], color=colours[name], label=label
            )
            busy_axis.plot(
                hours, [p["occupancy"] for p in series], color=colours[name], label=label
            )
        rate_axis.axhline(
            target, color="black", linestyle="--", linewidth=1, label=f"target {target:g} %"
        )
        rate_axis.set_title(f"Predictive aiming at {target:g} %")
        rate_axis.set_ylabel("abandon rate so far (%)")
        rate_axis.set_ylim(0, max(4.0, target * 1.5))
        busy_axis.set_ylabel("occupancy in 15 min (%)")
        busy_axis.set_xlabel("hours into the day")
        busy_axis.set_ylim(50, 100)
        rate_axis.legend(loc="lower right", fontsize=8)
        busy_axis.legend(loc="lower right", fontsize=8)
    first = next(iter(days.values()))
    figure.suptitle(
        f"One seeded day (seed {first.seed}, {first.agents} agents, {first.hours:g} h): "
        "abandon rate and occupancy, measured from the call events"
    )
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, metadata={"Date": None})
    print(f"wrote {path}")


def main() -> None:
    """Run the experiment and print (and optionally plot and save) its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agents", type=int, default=20)
    parser.add_argument("--hours", type=float, default=8.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", type=Path, help="write the figures and series as JSON")
    parser.add_argument("--plot", type=Path, help="draw the day (SVG or PNG) with matplotlib")
    parser.add_argument("--trace", type=Path, help="write the 3 % day as a trace (JSON Lines)")
    args = parser.parse_args()
    days = {
        target: pacing_experiment(
            agents=args.agents, hours=args.hours, seed=args.seed, abandon_target=target
        )
        for target in TARGETS
    }
    for target, day in days.items():
        print(
            f"Predictive aiming at {target:g} % ({args.agents} agents, {args.hours:g} h, seed {args.seed}):"
        )
        for name, figures in day.to_dict()["pacing"].items():
            print(_row(name, figures))
    if args.json:
        args.json.write_text(
            json.dumps({f"{t:g}%": d.to_dict() for t, d in days.items()}, indent=2) + "\n",
            encoding="utf-8",
        )
    if args.trace:
        events = sorted(days[TARGETS[0]].events, key=lambda e: e.at)
        with args.trace.open("w", encoding="utf-8") as out:
            for seq, event in enumerate(events, start=1):
                out.write(to_trace_event(event, seq).to_json() + "\n")
    if args.plot:
        plot(days, args.plot)


if __name__ == "__main__":
    main()
