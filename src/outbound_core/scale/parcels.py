"""Many small values sent to or from a worker as one pickled parcel.

Dask serializes a list item by item when it cannot tell that every item pickles plainly: a
chunk of 250,000 numbered lines took seconds to scatter, where one `pickle.dumps` of the
same list takes a few hundredths. The jobs here send their chunks, parts, chains and entries
as parcels: one bytes value each, which Dask moves as it is.
"""

from __future__ import annotations

import pickle
from typing import Any

__all__ = ["Parcel", "pack", "unpack"]

#: A list of values pickled into one bytes value.
Parcel = bytes


def pack(value: Any) -> Parcel:
    """`value` as one parcel."""
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def unpack(parcel: Parcel) -> Any:
    """The value a parcel holds (only parcels this package made: unpickling runs code)."""
    return pickle.loads(parcel)
