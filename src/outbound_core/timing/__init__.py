"""Time: record zones, clock texts, durations, reschedule arithmetic and calling windows.

Instants are aware `datetime`s compared in UTC; wall-clock values carry their zone. A record's
zone comes from `resolve_zone` (Genesys time-zone names, IANA keys, offsets); a callback's date
is written `MM/DD/YYYY HH:MM` in that zone (`callback_at`, `callback_in`, `Reschedule`); whether
a number may be called at an instant is `check_callable`'s answer, from the record's daily
window (`CallingWindow`) and the legal calling hours selected (`CallingHours`, presets).
"""

from __future__ import annotations

from outbound_core.timing.calling_hours import (
    HOLIDAY_CALENDARS,
    PRESETS,
    WEEKDAYS,
    CallingHours,
    ClosedReason,
    australian_national_holidays,
    calling_hours_preset,
    calling_hours_rules,
)
from outbound_core.timing.clock import (
    CLOCK_FORMAT,
    DATE_TIME_FORMAT,
    clock_to_seconds,
    format_clock,
    format_date_time,
    parse_clock,
    parse_date_time,
    seconds_to_clock,
)
from outbound_core.timing.durations import MAX_DURATION, parse_duration
from outbound_core.timing.reschedule import (
    FOLD_POLICIES,
    GAP_POLICIES,
    Reschedule,
    callback_at,
    callback_in,
    check_reschedule,
    format_reschedule_date,
    parse_reschedule_date,
)
from outbound_core.timing.window import (
    NEXT_OPEN_HORIZON,
    CallingWindow,
    Decision,
    Reason,
    ReasonCode,
    check_callable,
)
from outbound_core.timing.zones import (
    GENESYS_ZONES,
    LEGACY_US_ZONES,
    MAX_OFFSET_SECONDS,
    RecordZone,
    ZoneSource,
    require_instant,
    resolve_zone,
    tz_database_version,
)

__all__ = [
    "CLOCK_FORMAT",
    "DATE_TIME_FORMAT",
    "FOLD_POLICIES",
    "GAP_POLICIES",
    "GENESYS_ZONES",
    "HOLIDAY_CALENDARS",
    "LEGACY_US_ZONES",
    "MAX_DURATION",
    "MAX_OFFSET_SECONDS",
    "NEXT_OPEN_HORIZON",
    "PRESETS",
    "WEEKDAYS",
    "CallingHours",
    "CallingWindow",
    "ClosedReason",
    "Decision",
    "Reason",
    "ReasonCode",
    "RecordZone",
    "Reschedule",
    "ZoneSource",
    "australian_national_holidays",
    "callback_at",
    "callback_in",
    "calling_hours_preset",
    "calling_hours_rules",
    "check_callable",
    "check_reschedule",
    "clock_to_seconds",
    "format_clock",
    "format_date_time",
    "format_reschedule_date",
    "parse_clock",
    "parse_date_time",
    "parse_duration",
    "parse_reschedule_date",
    "require_instant",
    "resolve_zone",
    "seconds_to_clock",
    "tz_database_version",
]
