"""A `random.Random` as plain data, so a simulated day can stop and go on with the same draws.

`random_to_text` writes a generator's whole state (Mersenne Twister: 624 words and a position,
and the Gaussian draw it keeps, if any) as compact text; `random_from_text` gives back a
generator whose next draws are the ones the first would have made.
"""

from __future__ import annotations

import base64
import json
import random
import struct
from typing import Final

from outbound_core.errors import ErrorCode, InvalidValue, shorten

__all__ = ["random_from_text", "random_to_text"]

_WORDS: Final = 625  # 624 words of state and the position in them
_PACKING: Final = struct.Struct(f"<{_WORDS}I")


def random_to_text(rng: random.Random) -> str:
    """The generator's state as text (about 3.4 kB)."""
    version, internal, gauss = rng.getstate()
    packed = base64.b64encode(_PACKING.pack(*internal)).decode("ascii")
    return json.dumps([version, packed, gauss], separators=(",", ":"))


def random_from_text(text: str) -> random.Random:
    """A generator in the state `random_to_text` wrote.

    Raises:
        InvalidValue: text `random_to_text` did not write.
    """
    try:
        version, packed, gauss = json.loads(text)
        internal = _PACKING.unpack(base64.b64decode(packed, validate=True))
        rng = random.Random()
        rng.setstate((version, internal, gauss))
    except (TypeError, ValueError, struct.error) as error:
        raise InvalidValue(
            f"not the state of a random generator: {shorten(error)}",
            code=ErrorCode.INVALID_VALUE,
            value=shorten(text),
        ) from None
    return rng
