"""A calling list grown from checked pattern chains to any size, its records made on demand.

Round `r` of a list grown from `C` pattern chains holding `R` records repeats every pattern
chain `c` as chain number `r * C + c`, with:

- the chain id `r * W + ` the pattern's chain id, where `W` is the width of the pattern chain
  ids (the largest less the smallest, plus one), so no two chains share one;
- record handles counting on from 1 in chain order (`r * R + n + 1` for the round's `n`-th);
- phone numbers written as the pattern's, their last (up to six) digits replaced by the
  round's number (round 0 keeps the patterns' numbers);
- every other value the pattern record's.

A list of `N` records stops after its `N`-th record, which may cut the last chain short. A
`GrownList` holds the chains whose number is `part` modulo `parts` (every chain by default: a
list dealt out among campaigns), as one small array entry per chain, and makes its `i`-th record
when asked (`record`). The patterns were checked when they were made and the rules above keep
every handle unique and every chain one chain id, so the server loads a grown list without
making its records (`InMemoryOutboundServer.load_chains`).
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator, Sequence
from itertools import accumulate, pairwise, repeat
from itertools import chain as concatenated
from operator import add, floordiv, mod, mul, sub
from typing import Any, final

from outbound_core.errors import ErrorCode, InvalidValue, require_whole, shorten
from outbound_core.records.chain import Chain
from outbound_core.records.record import Record

__all__ = ["MAX_GROWN_RECORDS", "GrownList", "PhoneTemplate"]

#: The digits of a number that a round replaces.
_ROUND_DIGITS = 6
#: The most records a grown list holds: a server holding them takes about 3 GB.
MAX_GROWN_RECORDS = 10_000_000


@final
class GrownList:
    """The chains numbered `part` modulo `parts` of the list of `records` records grown from
    `patterns` (see the module docs); all of one round when `records` is None.

    Raises:
        InvalidValue: patterns that are not a non-empty sequence of `Chain`s with distinct
            chain ids; a `records`, `part` or `parts` that is not a count (`part` below
            `parts`, `records` at most `MAX_GROWN_RECORDS`); or a list whose last handle or
            chain id is out of range.
    """

    __slots__ = (
        "_chain_ids",
        "_offsets",
        "_per_round",
        "_starts",
        "_templates",
        "_total",
        "_width",
        "part",
        "parts",
        "patterns",
    )

    def __init__(
        self,
        patterns: Sequence[Chain],
        records: int | None = None,
        *,
        part: int = 0,
        parts: int = 1,
    ) -> None:
        if isinstance(patterns, str | bytes) or not isinstance(patterns, Sequence):
            raise InvalidValue(
                f"patterns are a sequence of chains, not {shorten(patterns)}",
                code=ErrorCode.WRONG_TYPE,
                value=shorten(patterns),
            )
        if not patterns or not all(isinstance(chain, Chain) for chain in patterns):
            raise InvalidValue(
                "a grown list needs at least one pattern chain, each a Chain",
                code=ErrorCode.WRONG_TYPE if patterns else ErrorCode.INVALID_VALUE,
                value=shorten(patterns),
            )
        chain_ids = [chain.chain_id for chain in patterns]
        if len(set(chain_ids)) != len(chain_ids):
            raise InvalidValue(
                "the pattern chains share a chain id; a grown list needs them distinct",
                value=shorten(chain_ids),
            )
        self.parts = require_whole("parts", parts, 1)
        self.part = require_whole("part", part, 0)
        if self.part >= self.parts:
            raise InvalidValue(
                f"part must be below parts ({self.parts}), not {self.part}",
                field="part",
                value=self.part,
            )
        #: The pattern records, in chain order (a made record's `pattern_of` indexes them).
        self.patterns: tuple[Record, ...] = tuple(r for chain in patterns for r in chain)
        self._chain_ids = chain_ids
        self._width = max(chain_ids) - min(chain_ids) + 1
        self._templates = tuple(PhoneTemplate.of(record.phone) for record in self.patterns)
        offsets, n = [], 0
        for chain in patterns:
            offsets.append(n)
            n += len(chain)
        self._offsets = offsets
        self._per_round = n
        total = n if records is None else require_whole("records", records, 0, MAX_GROWN_RECORDS)
        self._total = total
        if total:
            # The largest handle and chain id of the whole list, checked as a record checks them.
            rounds, rest = divmod(total - 1, n)
            last_ids = [i for i, offset in zip(chain_ids, offsets, strict=True) if offset <= rest]
            pattern = self.patterns[0]
            pattern.with_number(total, rounds * self._width + max(last_ids), pattern.phone)
        self._starts = self._chain_starts(len(patterns))

    def _pattern_chains(self) -> list[Chain]:
        bounds = [*self._offsets, self._per_round]
        return [Chain(self.patterns[a:b]) for a, b in pairwise(bounds)]

    def _chain_starts(self, count: int) -> array[int]:
        """Each of this part's chains' first record (by index in this part), then the end."""
        per_round, total = self._per_round, self._total
        sizes = [*map(sub, self._offsets[1:], self._offsets[:-1]), per_round - self._offsets[-1]]
        numbers = self._numbers()
        lengths = list(map(sizes.__getitem__, map(mod, numbers, repeat(count))))
        if lengths and numbers[-1] == self.chains_in_list() - 1:
            round_, c = divmod(numbers[-1], count)
            lengths[-1] = min(lengths[-1], total - round_ * per_round - self._offsets[c])
        return array("q", accumulate(lengths, initial=0))

    def _numbers(self) -> range:
        """The numbers (in the whole list) of this part's chains."""
        return range(self.part, self.chains_in_list(), self.parts)

    def chains_in_list(self) -> int:
        """How many chains the whole grown list has (in every part)."""
        count = len(self._offsets)
        rounds, rest = divmod(self._total, self._per_round)
        return rounds * count + sum(1 for offset in self._offsets if offset < rest)

    def __len__(self) -> int:
        """How many records this part has."""
        return self._starts[-1]

    def chain_count(self) -> int:
        """How many chains this part has."""
        return len(self._starts) - 1

    def chain_lengths(self) -> Iterator[int]:
        """The records of each of this part's chains, in chain order."""
        starts = self._starts
        return map(sub, starts[1:], starts[:-1])

    def _first_handles(self) -> Iterator[int]:
        count, numbers = len(self._offsets), self._numbers()
        rounds = map(mul, map(floordiv, numbers, repeat(count)), repeat(self._per_round))
        firsts = [offset + 1 for offset in self._offsets]
        return map(add, rounds, map(firsts.__getitem__, map(mod, numbers, repeat(count))))

    def handles(self) -> Iterator[int]:
        """The record handles of this part, in order."""
        return concatenated.from_iterable(
            map(range, self._first_handles(), map(add, self._first_handles(), self.chain_lengths()))
        )

    def last_handle(self) -> int:
        """The largest record handle of this part (0 when it has no record)."""
        if not len(self):
            return 0
        count = len(self._offsets)
        round_, c = divmod(self.part + (self.chain_count() - 1) * self.parts, count)
        first = round_ * self._per_round + self._offsets[c] + 1
        return first + self._starts[-1] - self._starts[-2] - 1

    def _place(self, index: int) -> tuple[int, int]:
        """The round and the pattern record of this part's `index`-th record."""
        if type(index) is not int or not 0 <= index < len(self):
            raise InvalidValue(
                f"a grown list of {len(self)} records has no record {shorten(index)}",
                code=ErrorCode.NOT_FOUND,
                value=shorten(index),
            )
        j = bisect_right(self._starts, index) - 1
        round_, c = divmod(self.part + j * self.parts, len(self._offsets))
        return round_, self._offsets[c] + index - self._starts[j]

    def pattern_of(self, index: int) -> int:
        """The pattern record (an index into `patterns`) this part's `index`-th record repeats."""
        return self._place(index)[1]

    def pattern_counts(self) -> Counter[int]:
        """How many of this part's records repeat each pattern record (by index)."""
        counts: Counter[int] = Counter()
        chains = Counter(
            zip(
                map(mod, self._numbers(), repeat(len(self._offsets))),
                self.chain_lengths(),
                strict=True,
            )
        )
        for (c, length), times in chains.items():
            first = self._offsets[c]
            for pattern in range(first, first + length):
                counts[pattern] += times
        return counts

    def record(self, index: int) -> Record:
        """This part's `index`-th record, made from its pattern (`Record.with_number`).

        Raises:
            InvalidValue: no such record (`not-found`).
        """
        round_, p = self._place(index)
        pattern = self.patterns[p]
        chain_id = round_ * self._width + pattern.chain_id
        handle = round_ * self._per_round + p + 1
        if not round_:
            return pattern.with_number(handle, chain_id, pattern.phone)
        tail = str(round_).zfill(_ROUND_DIGITS)[-_ROUND_DIGITS:]
        return pattern.with_number(handle, chain_id, self._templates[p].renumbered(tail))

    def __iter__(self) -> Iterator[Chain]:
        """This part's chains, their records made, in chain order."""
        for j, length in enumerate(self.chain_lengths()):
            first = self._starts[j]
            yield Chain(tuple(self.record(i) for i in range(first, first + length)))

    def __repr__(self) -> str:
        return (
            f"GrownList({len(self.patterns)} pattern records, {self._total} records, "
            f"part {self.part} of {self.parts})"
        )

    def __eq__(self, other: object) -> bool:
        """Two grown lists are equal when they grow the same patterns (in the same chains) to
        the same size and hold the same part."""
        if not isinstance(other, GrownList):
            return NotImplemented
        return (self.patterns, self._offsets, self._total, self.part, self.parts) == (
            other.patterns, other._offsets, other._total, other.part, other.parts
        )  # fmt: skip

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> tuple[Any, ...]:
        return (_grown, (self._pattern_chains(), self._total, self.part, self.parts))


def _grown(patterns: list[Chain], records: int, part: int, parts: int) -> GrownList:
    return GrownList(patterns, records, part=part, parts=parts)


@final
class PhoneTemplate:
    """A written number whose last six digits a round replaces (a new number, the same format)."""

    __slots__ = ("digits", "pattern")

    def __init__(self, pattern: str, digits: int) -> None:
        self.pattern = pattern
        self.digits = digits

    @classmethod
    def of(cls, phone: str) -> PhoneTemplate:
        """The template of `phone`: its text with its last (up to six) digits left open."""
        places = [i for i, char in enumerate(phone) if char.isdigit()][-_ROUND_DIGITS:]
        pieces, start = [], 0
        for place in places:
            pieces.append(phone[start:place])
            start = place + 1
        pieces.append(phone[start:])
        escaped = (piece.replace("{", "{{").replace("}", "}}") for piece in pieces)
        return cls("{}".join(escaped), len(places))

    def renumbered(self, tail: str) -> str:
        """The number with its open digits taken from `tail` (six digits), in order."""
        return self.pattern.format(*tail[: self.digits])
