"""The parts of a server snapshot other than the record store, each in tables of its own.

A snapshot (`InMemoryOutboundServer.snapshot()`) is a mapping of parts. The table `parts` has
one row per part, in snapshot order, whose `data` is the part's JSON less what a table below
holds (NULL when tables hold all of it). A part this module does not know (treatment or pacing
state a later server keeps, a new scalar) is kept whole in `data`, so the store keeps every
part a server writes.

| part | tables |
|---|---|
| `settings`, `stats` | `settings`, `stats`: one row per name, its JSON value |
| `campaigns` | `campaigns`: one row per campaign (name, mode, state, and the whole item) |
| `agents` | `agent_sessions`: one row per agent (id, session state, the whole item) |
| `leases` | `leases`: one row per open lease; the id counter in `data` |
| `web_callbacks` | `web_callbacks`: one row per request; who is Ready and the rest in `data` |
| `callbacks` | `callbacks`: one row per chain with a callback or a treatment's retry pending (the record's slot, the owner, since when it waits, whether it is a retry); the wake-up heap in the heap tables (`heaps`) |
| `dnc` | `dnc`: one row per number, other contact and chain id (kind, value) |
| `treatments` | `chain_treatments`: one row per chain with an attempt history or a pass; the numbers held after abandoned calls in `data` |

In the item tables the `data` column is the item as its part writes it, the source of truth
when reading; the columns beside it are copies, for queries.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Final, Protocol

import attrs

from outbound_core.errors import ErrorCode, InvalidValue, shorten
from outbound_core.journal import CALLBACK_HEAP
from outbound_core.storage.cells import from_json, read_text, to_json, write_text
from outbound_core.storage.heaps import read_heaps, write_heap

__all__ = [
    "PART_TABLES",
    "Section",
    "TabledPart",
    "clear_parts",
    "read_part",
    "upsert_items",
    "write_part",
]


def _bad(part: str, message: str, value: object) -> InvalidValue:
    return InvalidValue(
        f"snapshot part {part}: {message}", code=ErrorCode.INVALID_VALUE, value=shorten(value)
    )


class Section(Protocol):
    """Keys of a part that tables hold: written and read together."""

    @property
    def keys(self) -> tuple[str, ...]:
        """The part's keys this section holds."""

    def write(self, connection: sqlite3.Connection, part: str, values: Mapping[str, Any]) -> None:
        """Replace what the tables hold with `values` (one per key)."""

    def read(self, connection: sqlite3.Connection) -> dict[str, Any]:
        """The value of each key, as written."""


def _copy(item: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        if not isinstance(item, Mapping):
            return None
        item = item.get(key)
    if isinstance(item, str):
        return write_text(item)
    return item if type(item) is int else None


@attrs.define(frozen=True, slots=True)
class Items:
    """A list of items, one row each: `(position, copies..., data)`."""

    keys: tuple[str, ...]
    table: str
    copies: tuple[tuple[str, tuple[str, ...]], ...]

    def write(self, connection: sqlite3.Connection, part: str, values: Mapping[str, Any]) -> None:
        items = values[self.keys[0]]
        if not isinstance(items, list | tuple):
            raise _bad(part, "expected a list of items", items)
        columns = ", ".join(["position", *(c for c, _ in self.copies), "data"])
        marks = ", ".join("?" * (len(self.copies) + 2))
        connection.execute(f"DELETE FROM {self.table}")
        connection.executemany(
            f"INSERT INTO {self.table} ({columns}) VALUES ({marks})",
            [
                (n, *(_copy(item, path) for _, path in self.copies), to_json(item))
                for n, item in enumerate(items)
            ],
        )

    def read(self, connection: sqlite3.Connection) -> dict[str, Any]:
        rows = connection.execute(f"SELECT data FROM {self.table} ORDER BY position")
        return {self.keys[0]: [from_json(data) for (data,) in rows]}

    def upsert(self, connection: sqlite3.Connection, part: str, items: Mapping[str, Any]) -> None:
        """Replace the items of these keys (the first copy column), add the new ones after the
        others, and drop those given as None."""
        column, path = self.copies[0]
        columns = ", ".join(["position", *(c for c, _ in self.copies), "data"])
        marks = ", ".join("?" * (len(self.copies) + 2))
        for key, item in items.items():
            if not isinstance(key, str):
                raise _bad(part, "items are keyed by text", key)
            found = connection.execute(
                f"SELECT position FROM {self.table} WHERE {column} = ?", (write_text(key),)
            ).fetchone()
            if item is None:
                connection.execute(
                    f"DELETE FROM {self.table} WHERE {column} = ?", (write_text(key),)
                )
                continue
            if _copy(item, path) != write_text(key):
                raise _bad(part, f"the item of {shorten(key)} names another key", item)
            position = (
                found[0]
                if found is not None
                else connection.execute(
                    f"SELECT coalesce(max(position), -1) + 1 FROM {self.table}"
                ).fetchone()[0]
            )
            connection.execute(
                f"INSERT OR REPLACE INTO {self.table} ({columns}) VALUES ({marks})",
                (position, *(_copy(item, p) for _, p in self.copies), to_json(item)),
            )


@attrs.define(frozen=True, slots=True)
class Named:
    """A mapping of names to JSON values, one row each: `(name, position, value)`."""

    keys: tuple[str, ...]
    table: str

    def write(self, connection: sqlite3.Connection, part: str, values: Mapping[str, Any]) -> None:
        named = values[self.keys[0]]
        if not isinstance(named, Mapping) or not all(isinstance(k, str) for k in named):
            raise _bad(part, "expected a mapping of names", named)
        connection.execute(f"DELETE FROM {self.table}")
        connection.executemany(
            f"INSERT INTO {self.table} (name, position, value) VALUES (?, ?, ?)",
            [(write_text(k), n, to_json(v)) for n, (k, v) in enumerate(named.items())],
        )

    def read(self, connection: sqlite3.Connection) -> dict[str, Any]:
        rows = connection.execute(f"SELECT name, value FROM {self.table} ORDER BY position")
        return {self.keys[0]: {read_text(name): from_json(value) for name, value in rows}}


_DNC_KINDS: Final = ("numbers", "contacts", "chains")


@attrs.define(frozen=True, slots=True)
class DncEntries:
    """The Do-Not-Call list's numbers, contacts and chain ids: `(kind, value)` rows."""

    keys: tuple[str, ...] = _DNC_KINDS

    def write(self, connection: sqlite3.Connection, part: str, values: Mapping[str, Any]) -> None:
        rows = []
        for kind in self.keys:
            found = values[kind]
            if not isinstance(found, list | tuple):
                raise _bad(part, f"{kind} is a list", found)
            wanted = int if kind == "chains" else str
            for value in found:
                if type(value) is not wanted:
                    raise _bad(part, f"{kind} holds {wanted.__name__} values", value)
                rows.append((kind, write_text(value) if isinstance(value, str) else value))
        connection.execute("DELETE FROM dnc")
        connection.executemany("INSERT OR IGNORE INTO dnc (kind, value) VALUES (?, ?)", rows)

    def read(self, connection: sqlite3.Connection) -> dict[str, Any]:
        found: dict[str, list[Any]] = {kind: [] for kind in self.keys}
        for kind, value in connection.execute("SELECT kind, value FROM dnc"):
            found[kind].append(read_text(value))
        return {kind: sorted(values) for kind, values in found.items()}


def _chain_key(part: str, key: object) -> int:
    if not isinstance(key, str) or not key.isdecimal() or not key.isascii() or len(key) > 18:
        raise _bad(part, "chain keys are whole numbers", key)
    return int(key)


def _callback_row(part: str, key: int, item: Mapping[str, Any]) -> tuple[Any, ...]:
    """`(chain_key, slot, owner, owned, due_since, retry)` of one chain's callback item."""
    if not isinstance(item, Mapping) or not set(item) <= {"slot", "owner", "due_since", "retry"}:
        raise _bad(part, "a callback item has slot, owner, due_since and retry", item)
    slot, since, retry = item.get("slot"), item.get("due_since"), item.get("retry", False)
    owned = "owner" in item
    owner = item.get("owner")
    if (
        (slot is not None and type(slot) is not int)
        or (owner is not None and not isinstance(owner, str))
        or (since is not None and type(since) not in (float, int))
        or type(retry) is not bool
    ):
        raise _bad(part, "a callback's slot, owner, time or retry is mistyped", item)
    cell = None if owner is None else write_text(owner)
    return (key, slot, cell, int(owned), since, int(retry))


_CALLBACK_COLUMNS: Final = "chain_key, slot, owner, owned, due_since, retry"


@attrs.define(frozen=True, slots=True)
class CallbackDetails:
    """Per chain with a callback pending: the record's slot, its owner, since when it waits,
    whether it is a treatment's retry; written whole, or chain by chain (`upsert`)."""

    keys: tuple[str, ...] = ("slot", "owner", "due_since", "retries")

    @property
    def empty(self) -> dict[str, Any]:
        """The keys of a schedule with nothing pending."""
        return {"slot": {}, "owner": {}, "due_since": {}, "retries": []}

    def write(self, connection: sqlite3.Connection, part: str, values: Mapping[str, Any]) -> None:
        slot, owner, since, retries = (values[key] for key in self.keys)
        if not all(isinstance(m, Mapping) for m in (slot, owner, since)):
            raise _bad(part, "slot, owner and due_since are mappings", values)
        if not isinstance(retries, list | tuple) or not all(type(k) is int for k in retries):
            raise _bad(part, "retries is a list of chain keys", retries)
        items: dict[int, dict[str, Any]] = {}
        for name, mapping in (("slot", slot), ("owner", owner), ("due_since", since)):
            for key, value in mapping.items():
                items.setdefault(_chain_key(part, key), {})[name] = value
        for key in retries:
            if not 0 <= key < 2**63:
                raise _bad(part, "retries is a list of chain keys", key)
            items.setdefault(key, {})["retry"] = True
        rows = [_callback_row(part, key, item) for key, item in items.items()]
        connection.execute("DELETE FROM callbacks")
        connection.executemany(
            f"INSERT INTO callbacks ({_CALLBACK_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)", rows
        )

    def read(self, connection: sqlite3.Connection) -> dict[str, Any]:
        slot: dict[str, Any] = {}
        owner: dict[str, Any] = {}
        since: dict[str, Any] = {}
        retries: list[int] = []
        for key, at, who, owned, waiting, retry in connection.execute(
            f"SELECT {_CALLBACK_COLUMNS} FROM callbacks ORDER BY chain_key"
        ):
            if at is not None:
                slot[str(key)] = at
            if owned:
                owner[str(key)] = read_text(who)
            if waiting is not None:
                since[str(key)] = waiting
            if retry:
                retries.append(key)
        return {"slot": slot, "owner": owner, "due_since": since, "retries": retries}

    def upsert(self, connection: sqlite3.Connection, part: str, items: Mapping[str, Any]) -> None:
        """Replace the rows of these chains (keyed by the chain key as text) with their items
        (`CallbackSchedule.item`), and drop those given as None."""
        for text, item in items.items():
            key = _chain_key(part, text)
            if item is None:
                connection.execute("DELETE FROM callbacks WHERE chain_key = ?", (key,))
                continue
            connection.execute(
                f"INSERT OR REPLACE INTO callbacks ({_CALLBACK_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)",
                _callback_row(part, key, item),
            )


@attrs.define(frozen=True, slots=True)
class ChainTreatments:
    """Per chain with treatment state: its attempt history and pass through the chain; written
    whole, or chain by chain (`upsert`)."""

    keys: tuple[str, ...] = ("history", "passes")

    @property
    def empty(self) -> dict[str, Any]:
        """The keys of treatments that know no chain."""
        return {"history": {}, "passes": {}}

    def write(self, connection: sqlite3.Connection, part: str, values: Mapping[str, Any]) -> None:
        history, passes = values["history"], values["passes"]
        if not isinstance(history, Mapping) or not isinstance(passes, Mapping):
            raise _bad(part, "history and passes are mappings of chain keys", values)
        items: dict[int, dict[str, Any]] = {}
        for key, value in history.items():
            items.setdefault(_chain_key(part, key), {})["history"] = value
        for key, value in passes.items():
            items.setdefault(_chain_key(part, key), {})["pass"] = value
        rows = [_treatment_row(part, key, item) for key, item in items.items()]
        connection.execute("DELETE FROM chain_treatments")
        connection.executemany(
            "INSERT INTO chain_treatments (chain_key, pass, history) VALUES (?, ?, ?)", rows
        )

    def read(self, connection: sqlite3.Connection) -> dict[str, Any]:
        history: dict[str, Any] = {}
        passes: dict[str, Any] = {}
        for key, number, found in connection.execute(
            "SELECT chain_key, pass, history FROM chain_treatments ORDER BY chain_key"
        ):
            if found is not None:
                history[str(key)] = from_json(found)
            if number is not None:
                passes[str(key)] = number
        return {"history": history, "passes": passes}

    def upsert(self, connection: sqlite3.Connection, part: str, items: Mapping[str, Any]) -> None:
        """Replace the rows of these chains (keyed by the chain key as text) with their items
        (`ResultTreatment.item`), and drop those given as None."""
        for text, item in items.items():
            key = _chain_key(part, text)
            if item is None:
                connection.execute("DELETE FROM chain_treatments WHERE chain_key = ?", (key,))
                continue
            connection.execute(
                "INSERT OR REPLACE INTO chain_treatments (chain_key, pass, history) "
                "VALUES (?, ?, ?)",
                _treatment_row(part, key, item),
            )


def _treatment_row(part: str, key: int, item: Mapping[str, Any]) -> tuple[Any, ...]:
    if not isinstance(item, Mapping) or not set(item) <= {"history", "pass"}:
        raise _bad(part, "a chain's treatment item has a history and a pass", item)
    number = item.get("pass")
    if number is not None and type(number) is not int:
        raise _bad(part, "a chain's pass is a whole number", number)
    history = item.get("history")
    return (key, number, None if "history" not in item else to_json(history))


@attrs.define(frozen=True, slots=True)
class Heap:
    """One queue in the heap tables (`outbound_core.storage.heaps`)."""

    keys: tuple[str, ...]
    heap: str

    def write(self, connection: sqlite3.Connection, part: str, values: Mapping[str, Any]) -> None:
        entries = values[self.keys[0]]
        if not isinstance(entries, list | tuple):
            raise _bad(part, "a queue is a list of entries", entries)
        write_heap(connection, self.heap, entries)

    def read(self, connection: sqlite3.Connection) -> dict[str, Any]:
        found = read_heaps(connection, lambda name: name == self.heap)
        return {self.keys[0]: found.get(self.heap, [])}


@attrs.define(frozen=True, slots=True)
class TabledPart:
    """How a part is laid out: `whole` when its value is one section's (a list or a mapping
    held by a table), else a mapping some of whose keys the sections hold."""

    sections: tuple[Section, ...]
    whole: bool = False

    def section_of(self, key: str) -> Section | None:
        """The section holding `key`, if any."""
        for section in self.sections:
            if key in section.keys:
                return section
        return None


#: The parts held by tables of their own; any other part is kept whole in `parts.data`.
PART_TABLES: Final[Mapping[str, TabledPart]] = {
    "settings": TabledPart((Named(("settings",), "settings"),), whole=True),
    "stats": TabledPart((Named(("stats",), "stats"),), whole=True),
    "campaigns": TabledPart(
        (
            Items(
                ("campaigns",),
                "campaigns",
                (("name", ("name",)), ("mode", ("mode",)), ("state", ("state",))),
            ),
        ),
        whole=True,
    ),
    "agents": TabledPart(
        (
            Items(
                ("agents",),
                "agent_sessions",
                (("agent_id", ("session", "agent_id")), ("state", ("session", "state"))),
            ),
        ),
        whole=True,
    ),
    "leases": TabledPart(
        (
            Items(
                ("leases",),
                "leases",
                (
                    ("delivery_id", ("delivery_id",)),
                    ("agent_id", ("agent_id",)),
                    ("chain_key", ("key",)),
                    ("slot", ("slot",)),
                ),
            ),
        ),
    ),
    "web_callbacks": TabledPart(
        (
            Items(
                ("requests",),
                "web_callbacks",
                (
                    ("request_id", ("request", "request_id")),
                    ("state", ("state",)),
                    ("agent_id", ("agent_id",)),
                ),
            ),
        ),
    ),
    "callbacks": TabledPart((Heap(("heap",), CALLBACK_HEAP), CallbackDetails())),
    "dnc": TabledPart((DncEntries(),)),
    "treatments": TabledPart((ChainTreatments(),)),
}


def _sections_given(name: str, layout: TabledPart, data: Mapping[str, Any]) -> Iterator[Section]:
    for section in layout.sections:
        given = [key in data for key in section.keys]
        if any(given) and not all(given):
            raise _bad(name, f"give {', '.join(section.keys)} together", sorted(data))
        if all(given):
            yield section


def write_part(
    connection: sqlite3.Connection,
    name: str,
    value: Any,
    position: int | None = None,
    *,
    merge: bool = False,
    layouts: Mapping[str, TabledPart] = PART_TABLES,
) -> None:
    """Write the part `name` of a snapshot.

    With `merge`, only the keys `value` holds are written and the part's other keys keep
    what the store holds (a table section is rewritten only when `value` holds it), so that a
    command can write the part's small keys without its large tables.

    Raises:
        InvalidValue: a part whose shape its tables cannot hold.
    """
    layout = layouts.get(name)
    old = connection.execute(
        "SELECT position, data FROM parts WHERE name = ?", (write_text(name),)
    ).fetchone()
    if position is None:
        position = (
            old[0]
            if old is not None
            else connection.execute("SELECT coalesce(max(position), -1) + 1 FROM parts").fetchone()[
                0
            ]
        )
    if layout is None:
        data: Any = value
    elif layout.whole:
        layout.sections[0].write(connection, name, {layout.sections[0].keys[0]: value})
        data = None
    else:
        if not isinstance(value, Mapping) or not all(isinstance(k, str) for k in value):
            raise _bad(name, "expected a mapping", value)
        data = dict(from_json(old[1]) or {}) if merge and old is not None else {}
        for section in _sections_given(name, layout, value):
            section.write(connection, name, value)
        for key, item in value.items():
            data[key] = None if layout.section_of(key) is not None else item
    connection.execute(
        "INSERT OR REPLACE INTO parts (name, position, data) VALUES (?, ?, ?)",
        (write_text(name), position, None if data is None else to_json(data)),
    )


def read_part(
    connection: sqlite3.Connection,
    name: str,
    data: Any,
    layouts: Mapping[str, TabledPart] = PART_TABLES,
) -> Any:
    """The part `name` as written, from its `parts.data` cell and its tables.

    Raises:
        ValueError, KeyError, TypeError: cells the store did not write.
    """
    layout = layouts.get(name)
    value = from_json(data)
    if layout is None:
        return value
    if layout.whole:
        section = layout.sections[0]
        return section.read(connection)[section.keys[0]]
    if not isinstance(value, dict):
        raise ValueError(f"part {name} is not a mapping")
    read: dict[str, Any] = {}
    for key in value:
        holder = layout.section_of(key)
        if holder is not None:
            if key not in read:
                read.update(holder.read(connection))
            value[key] = read[key]
    return value


def upsert_items(
    connection: sqlite3.Connection,
    name: str,
    items: Mapping[str, Any],
    layouts: Mapping[str, TabledPart] = PART_TABLES,
) -> None:
    """Write some items of a part's item table by key: agents by id (`agents`), campaigns by
    name (`campaigns`), leases by delivery id (`leases`), web callbacks by request id
    (`web_callbacks`), a chain's callback (`callbacks`) or treatment state (`treatments`) by
    the chain key as text.

    Raises:
        InvalidValue: a part without an item table, or an item whose key is not its own.
    """
    layout = layouts.get(name)
    table = (
        None
        if layout is None
        else next(
            (
                section
                for section in layout.sections
                if isinstance(section, Items | CallbackDetails | ChainTreatments)
            ),
            None,
        )
    )
    if layout is None or table is None:
        raise _bad(name, "has no items kept one by one", name)
    if not isinstance(items, Mapping):
        raise _bad(name, "items are a mapping of keys to items", items)
    held = connection.execute("SELECT 1 FROM parts WHERE name = ?", (write_text(name),))
    if held.fetchone() is None:
        empty = table.empty if not isinstance(table, Items) else {table.keys[0]: []}
        write_part(connection, name, [] if layout.whole else empty, layouts=layouts)
    table.upsert(connection, name, items)


def clear_parts(connection: sqlite3.Connection, tables: Sequence[str] = ()) -> None:
    """Forget every part (and the rows of `tables`)."""
    for table in ("parts", "settings", "stats", "campaigns", "agent_sessions", "leases",
                  "web_callbacks", "callbacks", "dnc", *tables):  # fmt: skip
        connection.execute(f"DELETE FROM {table}")
