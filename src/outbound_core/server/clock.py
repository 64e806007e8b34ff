"""The server's clock: the instant it stands at, moved only by the caller, never back.

The library reads no clock (DESIGN, principle 1): the server's parts read `ServerClock.now`, and
only `InMemoryOutboundServer.advance` moves it.
"""

from __future__ import annotations

from datetime import UTC, datetime

from outbound_core.errors import ErrorCode, InvalidValue
from outbound_core.timing import require_instant

__all__ = ["ServerClock"]


class ServerClock:
    """The current instant of one server, in UTC."""

    __slots__ = ("now",)

    def __init__(self, now: datetime) -> None:
        self.now: datetime = require_instant(now).astimezone(UTC)

    def checked(self, now: datetime) -> datetime:
        """`now` in UTC, if the clock may move there.

        Raises:
            InvalidValue: `now` is before the clock (it never goes back), or not an aware instant.
        """
        now = require_instant(now).astimezone(UTC)
        if now < self.now:
            raise InvalidValue(
                f"the clock does not go back: {now.isoformat()} is before {self.now.isoformat()}",
                code=ErrorCode.INVALID_VALUE,
                value=now.isoformat(),
            )
        return now
