"""Dialing modes: how the records of a campaign group are retrieved and dialed."""

from __future__ import annotations

from enum import Enum, StrEnum

from outbound_core.codes.names import NameTable
from outbound_core.errors import ErrorCode

__all__ = ["Delivery", "DialingMode", "may_switch_while_running"]


class Delivery(StrEnum):
    """How outbound calls reach the agent (seed 001): the agent asks, or the system sends."""

    MANUAL = "manual"
    AUTOMATIC = "automatic"


class DialingMode(Enum):
    """How records of a campaign group are retrieved and dialed.

    The value is the `GSW_CAMPAIGN_MODE` token; `config_number` is the Genesys configuration
    number (`CfgDialMode`) where one is known. Direct Push Preview has none: the sources
    name it only through the Service Client's startDirectPushPreview (seed 002).
    """

    PREDICTIVE = "Predictive"
    PROGRESSIVE = "Progressive"
    PREVIEW = "Preview"
    PROGRESSIVE_WITH_SEIZING = "ProgressiveWithSeizing"
    PREDICTIVE_WITH_SEIZING = "PredictiveWithSeizing"
    POWER = "Power"
    PUSH_PREVIEW = "PushPreview"
    PROGRESSIVE_GVP = "ProgressiveGVP"
    PREDICTIVE_GVP = "PredictiveGVP"
    POWER_GVP = "PowerGVP"
    DIRECT_PUSH_PREVIEW = "DirectPushPreview"

    @property
    def config_number(self) -> int | None:
        """The `CfgDialMode` number, or None where the sources give none."""
        return _DIALING_MODE_FACTS[self][0]

    @property
    def label(self) -> str:
        """The name Genesys documentation uses, e.g. "Push Preview"."""
        return _DIALING_MODE_FACTS[self][1]

    @property
    def delivery(self) -> Delivery:
        """Manual when the agent requests records (Preview); automatic otherwise (seed 001)."""
        return Delivery.MANUAL if self is DialingMode.PREVIEW else Delivery.AUTOMATIC

    @property
    def system_dials(self) -> bool:
        """Whether the system dials the customer (true) or the agent does (preview family)."""
        return self not in _AGENT_DIALS

    @property
    def in_seeds(self) -> bool:
        """Whether the seeds describe this mode (Preview, the push previews, Progressive, Predictive)."""
        return self in _SEED_MODES

    @classmethod
    def parse(cls, value: object) -> DialingMode:
        """The dialing mode `value` names: config number, token, member name or label.

        Raises:
            InvalidValue: `unknown-dialing-mode` or `wrong-type`.
        """
        return _DIALING_MODES.parse(value, (cls,))


_DIALING_MODE_FACTS: dict[DialingMode, tuple[int | None, str]] = {
    DialingMode.PREDICTIVE: (1, "Predictive"),
    DialingMode.PROGRESSIVE: (2, "Progressive"),
    DialingMode.PREVIEW: (3, "Preview"),
    DialingMode.PROGRESSIVE_WITH_SEIZING: (4, "Progressive with seizing"),
    DialingMode.PREDICTIVE_WITH_SEIZING: (5, "Predictive with seizing"),
    DialingMode.POWER: (6, "Power"),
    DialingMode.PUSH_PREVIEW: (8, "Push Preview"),
    DialingMode.PROGRESSIVE_GVP: (9, "Progressive GVP"),
    DialingMode.PREDICTIVE_GVP: (10, "Predictive GVP"),
    DialingMode.POWER_GVP: (11, "Power GVP"),
    DialingMode.DIRECT_PUSH_PREVIEW: (None, "Direct Push Preview"),
}

_AGENT_DIALS = frozenset(
    {DialingMode.PREVIEW, DialingMode.PUSH_PREVIEW, DialingMode.DIRECT_PUSH_PREVIEW}
)
_SEED_MODES = _AGENT_DIALS | {DialingMode.PROGRESSIVE, DialingMode.PREDICTIVE}

_DIALING_MODES: NameTable[DialingMode] = NameTable(
    "dialing mode",
    ErrorCode.UNKNOWN_DIALING_MODE,
    {m: (m.name, m.value, _DIALING_MODE_FACTS[m][1]) for m in DialingMode},
    numbers={n: m for m, (n, _) in _DIALING_MODE_FACTS.items() if n is not None},
)


# Reference §7.1: the pairs a running campaign may switch between without a restart.
_RUNTIME_SWITCHES = frozenset(
    {
        frozenset({DialingMode.PREDICTIVE, DialingMode.PROGRESSIVE}),
        frozenset({DialingMode.PREDICTIVE_WITH_SEIZING, DialingMode.PROGRESSIVE_WITH_SEIZING}),
    }
)


def may_switch_while_running(current: DialingMode, new: DialingMode) -> bool:
    """Whether a running campaign may change from `current` to `new` without being stopped.

    Predictive and Progressive may switch either way, and so may their "with seizing" forms
    (reference §7.1; OCS delays Progressive to Predictive until its statistics sample is
    complete, which does not change whether the switch is allowed). Every other change, any
    automatic mode to Preview among them, needs the campaign stopped first. Staying in the same
    mode is always allowed.
    """
    current, new = DialingMode.parse(current), DialingMode.parse(new)
    return current is new or frozenset({current, new}) in _RUNTIME_SWITCHES
