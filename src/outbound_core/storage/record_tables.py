"""The server's record store in the store's tables: calling lists, chains and queues.

The snapshot's `store` part holds every record (by slot), its status and type, the chains
(their records' slots, campaign number, place and version), the queues and which agents
returned each chain. Here:

- each campaign's records are rows of its calling list (`list_tables`), the list named after
  the campaign (`calling_lists.campaign_index` binds them); a row's `oc_slot`, `oc_chain_key`
  and `chain_n` say where the server keeps it;
- `chains`: one row per chain (key, campaign number, place, version, the agents that returned
  it as JSON, NULL when none did);
- the campaigns' queues are the heaps `campaign/<n>`, the agents' own queues `personal/<id>`
  (`heaps`);
- what is left (the next free record handle, and any key a later server adds) is the part's
  `parts.data`.

Rows of a campaign's list without a slot are rows the server does not hold (an imported list's
rows it never loaded); reading the server leaves them out.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from typing import Any, Final

import attrs

from outbound_core.errors import ErrorCode, InvalidValue, shorten
from outbound_core.journal import campaign_heap, heap_owner, personal_heap
from outbound_core.storage.cells import from_json, quote, read_text, to_json, write_text
from outbound_core.storage.heaps import read_heaps, write_heap
from outbound_core.storage.list_tables import (
    ListLayout,
    ListRow,
    add_fields,
    create_list,
    fields_of_records,
    layout_of,
    read_rows,
    write_rows,
)
from outbound_core.storage.parts import PART_TABLES, TabledPart

__all__ = [
    "ALL_PARTS",
    "STORE_PART",
    "ChainRow",
    "bind_campaign_list",
    "campaign_rows",
    "upsert_chains",
]

_RECORD_KEYS: Final = (
    "records",
    "status",
    "type",
    "chains",
    "chain_campaign",
    "chain_place",
    "chain_version",
    "returned_by",
)


def _bad(message: str, value: object) -> InvalidValue:
    return InvalidValue(
        f"snapshot part store: {message}", code=ErrorCode.INVALID_VALUE, value=shorten(value)
    )


@attrs.define(frozen=True, slots=True)
class ChainRow:
    """One chain as the server keeps it.

    Attributes:
        key: the chain's key (its place among the server's chains).
        campaign: the number of its campaign.
        place: where it is (`server.store.Place`: queued, out, scheduled, done).
        version: its version (queue and callback entries of older versions do not count).
        returned_by: the agents that returned it (sorted), or None when none did.
    """

    key: int
    campaign: int
    place: int
    version: int
    returned_by: tuple[str, ...] | None = None


def _ints(name: str, values: object) -> list[int]:
    if not isinstance(values, list | tuple | bytes | bytearray) or not all(
        type(v) is int for v in values
    ):
        raise _bad(f"{name} is a list of whole numbers", values)
    return list(values)


def _campaigns(connection: sqlite3.Connection) -> list[dict[str, Any]]:
    return [from_json(data) for (data,) in connection.execute(
        "SELECT data FROM campaigns ORDER BY position"
    )]  # fmt: skip


def _field_names(campaign: Mapping[str, Any]) -> list[str]:
    fields = campaign.get("fields")
    specs = fields.get("specs") if isinstance(fields, Mapping) else None
    if not isinstance(specs, list):
        return []
    return [s["name"] for s in specs if isinstance(s, Mapping) and isinstance(s.get("name"), str)]


def bind_campaign_list(connection: sqlite3.Connection, campaign: int) -> ListLayout:
    """The calling list of campaign number `campaign`: the one bound to it, else the list
    named after the campaign (made if there is none), now bound to it, with a column for
    each custom field of the campaign's field list.

    Raises:
        InvalidValue: the store has no campaign of that number.
    """
    found = connection.execute(
        "SELECT list_id FROM calling_lists WHERE campaign_index = ?", (campaign,)
    ).fetchone()
    if found is not None:
        return layout_of(connection, found[0])
    campaigns = _campaigns(connection)
    if not 0 <= campaign < len(campaigns) or not isinstance(campaigns[campaign], Mapping):
        raise _bad(
            f"records of campaign number {campaign}, which the store does not have", campaign
        )
    name = campaigns[campaign].get("name")
    if not isinstance(name, str):
        raise _bad("a campaign without a name", campaigns[campaign])
    fields = fields_of_records((), _field_names(campaigns[campaign]))
    named = connection.execute(
        "SELECT list_id FROM calling_lists WHERE name = ?", (write_text(name),)
    ).fetchone()
    if named is None:
        return create_list(connection, name, fields, campaign=campaign)
    connection.execute(
        "UPDATE calling_lists SET campaign_index = ? WHERE list_id = ?", (campaign, named[0])
    )
    return add_fields(connection, layout_of(connection, named[0]), fields)


def campaign_rows(
    connection: sqlite3.Connection,
    layouts: dict[int, ListLayout],
    campaign: int,
    rows: list[ListRow],
) -> None:
    """Insert or replace the rows (by record id) of campaign `campaign`'s list; `layouts`
    caches the lists' layouts by campaign number (and is updated)."""
    layout = layouts.get(campaign)
    if layout is None:
        layout = bind_campaign_list(connection, campaign)
    layouts[campaign] = write_rows(connection, layout, rows)


def upsert_chains(connection: sqlite3.Connection, rows: Iterable[ChainRow]) -> None:
    """Insert or replace chains (by key)."""
    cells = []
    for row in rows:
        values = (row.key, row.campaign, row.place, row.version)
        if not all(type(v) is int for v in values):
            raise _bad("a chain's key, campaign, place and version are whole numbers", row)
        agents = row.returned_by
        if agents is not None and not all(isinstance(a, str) for a in agents):
            raise _bad("agents that returned a chain are named by text", agents)
        cells.append((*values, None if agents is None else to_json(list(agents))))
    connection.executemany(
        "INSERT OR REPLACE INTO chains (chain_key, campaign_index, place, version, returned_by) "
        "VALUES (?, ?, ?, ?, ?)",
        cells,
    )


@attrs.define(frozen=True, slots=True)
class Records:
    """The records, their statuses and types, and the chains (see the module docs)."""

    keys: tuple[str, ...] = _RECORD_KEYS

    def write(self, connection: sqlite3.Connection, part: str, values: Mapping[str, Any]) -> None:
        records = values["records"]
        if not isinstance(records, list | tuple):
            raise _bad("records is a list", records)
        status, types = _ints("status", values["status"]), _ints("type", values["type"])
        chains = values["chains"]
        campaign = _ints("chain_campaign", values["chain_campaign"])
        place = _ints("chain_place", values["chain_place"])
        version = _ints("chain_version", values["chain_version"])
        returned = values["returned_by"]
        if not len(records) == len(status) == len(types):
            raise _bad("records, status and type differ in length", len(records))
        if not isinstance(chains, list | tuple) or not (
            len(chains) == len(campaign) == len(place) == len(version)
        ):
            raise _bad("chains and their campaigns, places and versions differ in length", chains)
        if not isinstance(returned, Mapping):
            raise _bad("returned_by is a mapping", returned)
        chain_of: list[int | None] = [None] * len(records)
        chain_n = [0] * len(records)
        for key, slots in enumerate(chains):
            for n, slot in enumerate(_ints("chains", slots), 1):
                if not 0 <= slot < len(records) or chain_of[slot] is not None:
                    raise _bad(f"chain {key} names slot {slot} of no record, or a taken one", slot)
                chain_of[slot], chain_n[slot] = key, n
        if None in chain_of:
            raise _bad("a record in no chain", chain_of.index(None))
        handles = {r.get("record_handle") if isinstance(r, Mapping) else None for r in records}
        if len(handles) != len(records):
            raise _bad("two records with one handle", len(records) - len(handles))
        by_agents: dict[int, tuple[str, ...]] = {}
        for key, agents in returned.items():
            if not isinstance(key, str) or not key.isdecimal() or not key.isascii():
                raise _bad("returned_by is keyed by chain keys", key)
            if not isinstance(agents, list | tuple):
                raise _bad("returned_by names agents in lists", agents)
            by_agents[int(key)] = tuple(agents)
        connection.execute("UPDATE calling_lists SET campaign_index = NULL")
        connection.execute("DELETE FROM chains")
        grouped: dict[int, list[ListRow]] = {}
        for slot, (record, owner) in enumerate(zip(records, chain_of, strict=True)):
            chain = int(owner or 0)
            grouped.setdefault(campaign[chain], []).append(
                ListRow(record, status[slot], types[slot], chain_n[slot], slot, slot, chain)
            )
        for number in range(len(_campaigns(connection))):
            grouped.setdefault(number, [])
        for number, rows in sorted(grouped.items()):
            layout = bind_campaign_list(connection, number)
            connection.execute(f"DELETE FROM {quote(layout.table)} WHERE oc_slot IS NOT NULL")
            write_rows(connection, layout, rows)
        upsert_chains(
            connection,
            (
                ChainRow(key, campaign[key], place[key], version[key], by_agents.get(key))
                for key in range(len(chains))
            ),
        )

    def read(self, connection: sqlite3.Connection) -> dict[str, Any]:
        placed: dict[int, ListRow] = {}
        for list_id, _ in connection.execute(
            "SELECT list_id, campaign_index FROM calling_lists WHERE campaign_index IS NOT NULL"
        ).fetchall():
            for row in read_rows(connection, layout_of(connection, list_id)):
                if row.slot is not None:
                    placed[row.slot] = row
        count = len(placed)
        if sorted(placed) != list(range(count)):
            raise ValueError("the records' slots are not 0, 1, 2, ...")
        ordered = [placed[slot] for slot in range(count)]
        chain_rows = connection.execute(
            "SELECT chain_key, campaign_index, place, version, returned_by FROM chains "
            "ORDER BY chain_key"
        ).fetchall()
        if [row[0] for row in chain_rows] != list(range(len(chain_rows))):
            raise ValueError("the chain keys are not 0, 1, 2, ...")
        members: list[list[tuple[int, int]]] = [[] for _ in chain_rows]
        for row in ordered:
            members[row.chain_key].append((row.chain_n, row.slot))  # type: ignore[index, arg-type]
        returned = {
            str(key): from_json(agents) for key, _, _, _, agents in chain_rows if agents is not None
        }
        return {
            "records": [row.record for row in ordered],
            "status": [row.status for row in ordered],
            "type": [row.record_type for row in ordered],
            "chains": [[slot for _, slot in sorted(found)] for found in members],
            "chain_campaign": [row[1] for row in chain_rows],
            "chain_place": [row[2] for row in chain_rows],
            "chain_version": [row[3] for row in chain_rows],
            "returned_by": returned,
        }


@attrs.define(frozen=True, slots=True)
class CampaignQueues:
    """The campaigns' queues, heaps `campaign/0`, `campaign/1`, ..."""

    keys: tuple[str, ...] = ("queues",)

    def write(self, connection: sqlite3.Connection, part: str, values: Mapping[str, Any]) -> None:
        queues = values["queues"]
        if not isinstance(queues, list | tuple):
            raise _bad("queues is a list of queues", queues)
        for name in _heaps_of(connection, "campaign"):
            write_heap(connection, name, ())
            connection.execute("DELETE FROM heaps WHERE name = ?", (write_text(name),))
        for number, entries in enumerate(queues):
            if not isinstance(entries, list | tuple):
                raise _bad("a queue is a list of entries", entries)
            write_heap(connection, campaign_heap(number), entries)

    def read(self, connection: sqlite3.Connection) -> dict[str, Any]:
        found = read_heaps(connection, lambda name: heap_owner(name)[0] == "campaign")
        numbers = sorted(int(heap_owner(name)[1]) for name in found)  # type: ignore[arg-type]
        if numbers != list(range(len(numbers))):
            raise ValueError("the campaign queues are not 0, 1, 2, ...")
        return {"queues": [found[campaign_heap(n)] for n in numbers]}


@attrs.define(frozen=True, slots=True)
class PersonalQueues:
    """Each agent's own queue of due personal callbacks, heaps `personal/<agent id>`."""

    keys: tuple[str, ...] = ("personal",)

    def write(self, connection: sqlite3.Connection, part: str, values: Mapping[str, Any]) -> None:
        personal = values["personal"]
        if not isinstance(personal, Mapping) or not all(isinstance(k, str) for k in personal):
            raise _bad("personal maps agent ids to queues", personal)
        for name in _heaps_of(connection, "personal"):
            write_heap(connection, name, ())
            connection.execute("DELETE FROM heaps WHERE name = ?", (write_text(name),))
        for agent, entries in personal.items():
            if not isinstance(entries, list | tuple):
                raise _bad("a queue is a list of entries", entries)
            write_heap(connection, personal_heap(agent), entries)

    def read(self, connection: sqlite3.Connection) -> dict[str, Any]:
        found = read_heaps(connection, lambda name: heap_owner(name)[0] == "personal")
        return {"personal": {str(heap_owner(name)[1]): heap for name, heap in found.items()}}


def _heaps_of(connection: sqlite3.Connection, kind: str) -> list[str]:
    names = [read_text(n) for (n,) in connection.execute("SELECT name FROM heaps")]
    return [name for name in names if heap_owner(name)[0] == kind]


#: How the `store` part is laid out.
STORE_PART: Final = TabledPart((Records(), CampaignQueues(), PersonalQueues()))
#: Every part held by tables, the record store's included.
ALL_PARTS: Final[Mapping[str, TabledPart]] = {**PART_TABLES, "store": STORE_PART}
