"""Chain scopes: how far Do Not Call or a cancel reaches [`chainAttribute`]."""

from __future__ import annotations

from enum import StrEnum

from outbound_core.codes.names import NameTable
from outbound_core.errors import ErrorCode

__all__ = ["ChainScope"]


class ChainScope(StrEnum):
    """How far Do Not Call or a cancel reaches [`chainAttribute`]: the whole chain or one record."""

    ALL_CHAIN = "AllChain"
    RECORD_ONLY = "RecordOnly"

    @classmethod
    def parse(cls, value: object) -> ChainScope:
        """The chain scope `value` names (`AllChain`, `ALL_CHAIN`, `RecordOnly`, ...).

        Raises:
            InvalidValue: `unknown-chain-scope` or `wrong-type`.
        """
        return _CHAIN_SCOPES.parse(value, (cls,))


_CHAIN_SCOPES: NameTable[ChainScope] = NameTable(
    "chain scope",
    ErrorCode.UNKNOWN_CHAIN_SCOPE,
    {m: (m.name, m.value) for m in ChainScope},
)
