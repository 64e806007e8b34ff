"""One entry point for a dial loop: "how many dials now?" for a campaign's settings.

```python
statistics = statistics.fed(event)            # after every call event of the campaign
for _ in range(dials_now(statistics, settings, now)):
    ...place a dial, emit DialPlaced, feed it...
```

`settings` is a `ProgressiveSettings` or a `PredictiveSettings`; both are frozen values that
round-trip through `settings_to_dict` / `settings_from_dict` (the `mode` key says which).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from outbound_core.errors import ErrorCode, InvalidValue, shorten
from outbound_core.pacing.decision import PacingDecision
from outbound_core.pacing.predictive import PredictiveSettings
from outbound_core.pacing.progressive import ProgressiveSettings
from outbound_core.pacing.statistics import PacingStatistics

__all__ = ["PacingSettings", "decide", "dials_now", "settings_from_dict", "settings_to_dict"]

#: A system-dialed campaign's pacing settings.
PacingSettings = ProgressiveSettings | PredictiveSettings

_BY_MODE: Mapping[str, type[PacingSettings]] = {
    ProgressiveSettings.mode: ProgressiveSettings,
    PredictiveSettings.mode: PredictiveSettings,
}


def _checked(settings: object) -> PacingSettings:
    if not isinstance(settings, ProgressiveSettings | PredictiveSettings):
        raise InvalidValue(
            f"settings are ProgressiveSettings or PredictiveSettings, not {type(settings).__name__}",
            code=ErrorCode.WRONG_TYPE,
            value=shorten(settings),
        )
    return settings


def dials_now(statistics: PacingStatistics, settings: PacingSettings, now: datetime) -> int:
    """How many calls the campaign should place at `now`.

    Raises:
        InvalidValue: settings, statistics or `now` of the wrong kind.
    """
    return _checked(settings).dials_now(statistics, now)


def decide(statistics: PacingStatistics, settings: PacingSettings, now: datetime) -> PacingDecision:
    """`dials_now` with the figures the decision came from."""
    return _checked(settings).decide(statistics, now)


def settings_to_dict(settings: PacingSettings) -> dict[str, Any]:
    """The settings as plain JSON data, with their `mode`."""
    return _checked(settings).to_dict()


def settings_from_dict(data: Mapping[str, Any]) -> PacingSettings:
    """Read settings; `mode` (`progressive` or `predictive`) picks the controller.

    Raises:
        InvalidValue: no or an unknown mode, an unknown key, or a bad value.
    """
    if not isinstance(data, Mapping):
        raise InvalidValue(
            f"pacing settings are an object, not {type(data).__name__}",
            code=ErrorCode.WRONG_TYPE,
            value=shorten(data),
        )
    mode = data.get("mode")
    cls = _BY_MODE.get(mode) if type(mode) is str else None
    if cls is None:
        raise InvalidValue(
            f"pacing mode {shorten(mode)} is not progressive or predictive",
            field="mode",
            value=shorten(mode),
        )
    return cls.from_dict(data)
