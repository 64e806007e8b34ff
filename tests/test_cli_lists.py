"""`outbound-core list import|export|show`: Genesys calling lists in and out of a store."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.command_line import run
from tests.strategies import stored_lists

from outbound_core.records import CallingListRecord
from outbound_core.storage import SqliteStore
from outbound_core.wire.calling_list_csv import read_calling_list_csv, write_calling_list_csv

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "calling_list.csv"
ZONES = {104: "Europe/London"}


def normalized(text: str, **kwargs: object) -> str:
    """The CSV as the writer writes what the reader reads: the documented normalization."""
    out = io.StringIO()
    rows = list(read_calling_list_csv(io.StringIO(text, newline=""), zones=ZONES))
    write_calling_list_csv(rows, out, **kwargs)  # type: ignore[arg-type]
    return out.getvalue()


def test_import_then_export_gives_the_list_back(tmp_path: Path) -> None:
    store = tmp_path / "x.sqlite"
    status, out, err = run("list", "import", str(FIXTURE), "--store", str(store), "--zones",
                           "104=Europe/London")  # fmt: skip
    assert status == 0, err
    assert out == (
        f"imported into {store}: calling_list: 6 records in 4 chains (table calling_list_1); "
        "custom fields: agent_id, Customer_Name, Balance_Due\n"
    )
    status, exported, err = run("list", "export", "--store", str(store), "--list", "calling_list")
    assert status == 0, err
    text = FIXTURE.read_text(encoding="utf-8")
    assert exported == normalized(text, tz_column="tz_dbid", zones=ZONES)
    # What export writes imports and exports to itself.
    again = tmp_path / "again.csv"
    again.write_text(exported, encoding="utf-8", newline="")
    assert run("list", "import", str(again), "--store", str(store), "--zones",
               "104=Europe/London")[0] == 0  # fmt: skip
    output = tmp_path / "out.csv"
    status, out, _ = run("list", "export", "--store", str(store), "--list", "again",
                         "--output", str(output))  # fmt: skip
    assert (status, out) == (0, "")
    assert output.read_bytes().decode("utf-8") == exported


def test_the_json_reports_follow_their_schema(tmp_path: Path) -> None:
    store = tmp_path / "x.sqlite"
    status, out, _ = run("list", "import", str(FIXTURE), "--store", str(store), "--name",
                         "spring", "--zones", "104=Europe/London", "--json")  # fmt: skip
    assert status == 0
    report = json.loads(out)
    assert report == {
        "store": str(store),
        "name": "spring",
        "table": "calling_list_1",
        "records": 6,
        "chains": 4,
        "campaign": None,
        "tz_column": "tz_dbid",
        "zones": {"104": "Europe/London"},
        "fields": ["agent_id", "Customer_Name", "Balance_Due"],
    }
    status, out, _ = run("list", "show", "--store", str(store), "--json")
    assert status == 0
    shown = json.loads(out)
    assert shown == {
        "store": str(store),
        "lists": [{k: v for k, v in report.items() if k != "store"}],
    }
    status, out, _ = run("list", "show", "--store", str(store))
    assert out.startswith("spring: 6 records in 4 chains (table calling_list_1);")


def test_an_empty_store_shows_no_lists(tmp_path: Path) -> None:
    store = tmp_path / "x.sqlite"
    SqliteStore(store).close()
    assert run("list", "show", "--store", str(store)) == (0, f"{store}: no calling lists\n", "")


@settings(
    max_examples=max(10, settings.default.max_examples // 5),
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(rows=stored_lists())
def test_any_calling_list_csv_exports_as_it_was_read(
    tmp_path: Path, rows: list[CallingListRecord]
) -> None:
    text = io.StringIO()
    write_calling_list_csv(rows, text)
    source = tmp_path / "generated.csv"
    source.write_bytes(text.getvalue().encode("utf-8", "surrogatepass"))
    store = tmp_path / "g.sqlite"
    status, _, err = run("list", "import", str(source), "--store", str(store), "--replace")
    if status == 2:  # a CSV the reader refuses (not UTF-8, a NUL, a column twice, ...)
        assert f"FILE {source}" in err
        return
    assert status == 0, err
    status, exported, err = run("list", "export", "--store", str(store), "--list", "generated")
    assert status == 0, err
    assert exported == normalized(text.getvalue())


@pytest.mark.parametrize(
    ("argv", "flag"),
    [
        (["list", "import", "FIXTURE", "--store", "STORE"], "FILE"),  # tz_dbid 104 unmapped
        (["list", "import", "FIXTURE", "--store", "STORE", "--zones", "x=EST"], "--zones"),
        (["list", "import", "FIXTURE", "--store", "STORE", "--zones", "99999999999=EST"], "--zones"),
        (["list", "import", "FIXTURE", "--store", "STORE", "--name", " "], "--name"),
        (["list", "import", "FIXTURE", "--store", "STORE", "--zones", "104=EST",
          "--synchronous", "off"], "--synchronous"),
        (["list", "import", "MISSING", "--store", "STORE"], "FILE"),
        (["list", "import", "FIXTURE", "--store", "NODIR", "--zones", "104=EST"], "--store"),
        (["list", "import", "FIXTURE"], "--store"),
        (["list", "export", "--store", "STORE"], "--list"),
        (["list", "export", "--store", "MISSING", "--list", "x"], "--store"),
        (["list", "show", "--store", "MISSING"], "--store"),
        (["list", "show", "--store", "GARBAGE"], "--store"),
        (["list"], "ACTION"),
    ],
)  # fmt: skip
def test_bad_input_exits_2_naming_the_flag(tmp_path: Path, argv: list[str], flag: str) -> None:
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"not a database at all" * 100)
    names = {
        "FIXTURE": str(FIXTURE),
        "STORE": str(tmp_path / "x.sqlite"),
        "MISSING": str(tmp_path / "missing.csv"),
        "NODIR": str(tmp_path / "no" / "x.sqlite"),
        "GARBAGE": str(garbage),
    }
    status, out, err = run(*[names.get(arg, arg) for arg in argv])
    assert status == 2
    assert flag in err
    assert "Traceback" not in err
    assert out == ""


def test_a_taken_name_and_an_unknown_list_exit_2(tmp_path: Path) -> None:
    store = str(tmp_path / "x.sqlite")
    imported = ["list", "import", str(FIXTURE), "--store", store, "--zones", "104=EST"]
    assert run(*imported)[0] == 0
    status, _, err = run(*imported)
    assert status == 2
    assert "FILE: the store has a calling list 'calling_list' already" in err
    status, _, err = run(*imported, "--name", "calling_list")
    assert "--name: the store has a calling list" in err
    assert run(*imported, "--replace")[0] == 0
    status, _, err = run("list", "export", "--store", store, "--list", "nope")
    assert status == 2
    assert "not-found: --list: store" in err
    status, _, err = run("list", "export", "--store", store, "--list", "calling_list", "--output",
                         str(tmp_path / "no" / "out.csv"))  # fmt: skip
    assert status == 2
    assert "--output" in err


arguments = st.lists(
    st.one_of(
        st.sampled_from(
            ["import", "export", "show", "--store", "--list", "--name", "--zones", "--json",
             "--replace", "--output", "--synchronous", "104=EST", "full", "calling_list", "STORE",
             "FIXTURE", ""]
        ),
        st.text(max_size=6),
    ),
    max_size=7,
)  # fmt: skip


@settings(
    max_examples=max(30, settings.default.max_examples // 2),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(arguments)
def test_the_command_never_prints_a_traceback(tmp_path: Path, more: list[str]) -> None:
    names = {"STORE": str(tmp_path / "fuzz.sqlite"), "FIXTURE": str(FIXTURE)}
    argv = ["list", *(names.get(arg, arg) for arg in more)]
    with contextlib.chdir(tmp_path):
        status, _, err = run(*argv)
    assert status in (0, 2)
    assert "Traceback" not in err
    if status == 2:
        assert err.strip()
