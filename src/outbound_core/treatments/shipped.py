"""The treatment table shipped with the package for the simulated day.

`outbound_core/data/treatments.json` gives every unsuccessful result of a working day a
treatment an integrator would expect (the Treatments concept page describes each): busy
numbers are redialed a few times with a growing wait, unanswered ones retried later, answering
machines dropped and retried, abandoned calls retried only after three days, wrong numbers
passed to the next number of the customer.
"""

from __future__ import annotations

from importlib import resources

from outbound_core.treatments.table import TreatmentTable

__all__ = ["shipped_treatments"]


def shipped_treatments() -> TreatmentTable:
    """The shipped treatment table (`outbound_core/data/treatments.json`), checked."""
    text = resources.files("outbound_core").joinpath("data/treatments.json").read_text("utf-8")
    return TreatmentTable.from_json(text)
