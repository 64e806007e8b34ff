"""Records and chains: typed system fields, invariants, lookup, adding a record on a new number."""

from __future__ import annotations

import pickle

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.strategies import chains, junk, records

from outbound_core.codes import CallResult, PhoneType
from outbound_core.errors import InvalidValue, NotFound
from outbound_core.records import RECORD_KEYS, Chain, Record, is_custom_key, key_kind


def record(handle: int = 283, chain_id: int = 3, **kw: object) -> Record:
    base: dict[str, object] = {
        "phone": f"+3364700{handle}",
        "phone_type": PhoneType.HOME_PHONE,
        "tz_name": "ACT",
        "tz_offset": 34200,
        "daily_from": 0,
        "daily_until": 86399,
        "calling_list": "Calling List Custom",
        "campaign_name": "Outbound Campaign Custom",
    }
    values = {"record_handle": handle, "chain_id": chain_id, **base, **kw}
    return Record(**values)  # type: ignore[arg-type]


@given(records())
def test_record_round_trips_through_dicts_and_pickle(value: Record) -> None:
    assert Record.from_dict(value.to_dict()) == value
    assert pickle.loads(pickle.dumps(value)) == value


@given(chains())
def test_chain_round_trips_through_dicts_and_pickle(value: Chain) -> None:
    assert Chain.from_dict(value.to_dict()) == value
    assert pickle.loads(pickle.dumps(value)) == value


@pytest.mark.parametrize(
    ("attribute", "bad"),
    [
        ("record_handle", None),
        ("record_handle", -1),
        ("record_handle", 2**31),
        ("record_handle", True),
        ("record_handle", "283"),
        ("chain_id", 1.0),
        ("phone", ""),
        ("phone", "   "),
        ("phone", None),
        ("phone", 33647005),
        ("phone_type", 1),
        ("call_result", 28),
        ("attempts", -1),
        ("tz_offset", 86400),
        ("daily_from", 86400),
        ("daily_until", -1),
        ("reference_id", 2**31),
        ("tz_name", 5),
        ("user_event", b"x"),
        ("custom", {"GSW_PHONE": "x"}),
        ("custom", {"Custom_X": [1]}),
        ("custom", {"Custom_X": float("nan")}),
        ("custom", {3: "x"}),
        ("custom", "not a mapping"),
        ("extra", {"Custom_X": 1}),
        ("extra", {"GSW_PHONE": 1}),
        ("extra", 7),
    ],
)
def test_record_refuses_bad_values(attribute: str, bad: object) -> None:
    with pytest.raises(InvalidValue) as caught:
        record(**{attribute: bad})
    assert caught.value.code in ("wrong-type", "invalid-value")


def test_key_classification() -> None:
    assert is_custom_key("Custom_Float")
    assert is_custom_key("GSW_CUSTOM_STRING")
    assert is_custom_key("GWS_FROM")
    assert not is_custom_key("GSW_PHONE")
    assert not is_custom_key("IW_CaseUid")
    assert not is_custom_key("WWE_OUTBOUND_CAMP_TYPE")
    assert not is_custom_key("InteractionType")
    assert key_kind("GSW_PHONE") == "phone"
    assert key_kind("Custom_Float") == "custom"
    assert key_kind("IW_CaseUid") == "extra"
    assert key_kind(3) == "extra"  # type: ignore[arg-type]
    assert set(RECORD_KEYS) == {a.name for a in attrs.fields(Record)} - {
        "custom",
        "extra",
        "key_order",
        "number_texts",
    }


@pytest.mark.parametrize(
    "data",
    [
        {"record_handle": 1},
        {"record_handle": 1, "chain_id": 1, "phone": "1", "bogus": 1},
        {"record_handle": 1, "chain_id": 1, "phone": "1", "phone_type": 99},
        {"record_handle": 1, "chain_id": 1, "phone": "1", "call_result": "Busy"},
    ],
)
def test_record_from_dict_refuses(data: dict[str, object]) -> None:
    with pytest.raises(InvalidValue):
        Record.from_dict(data)


@given(junk)
def test_from_dict_refuses_junk(data: object) -> None:
    with pytest.raises(InvalidValue):
        Record.from_dict(data)  # type: ignore[arg-type]
    with pytest.raises(InvalidValue):
        Chain.from_dict(data)  # type: ignore[arg-type]


def test_record_update_applies_normalized_values() -> None:
    before = record(custom={"Custom_VarChar": ""})
    after = before.updated(
        {
            "GSW_FROM": "10:15",
            "GSW_UNTIL": "23:45",
            "GSW_PHONE": "+33647999",
            "GSW_PHONE_TYPE": 9,
            "GSW_CUSTOM_STRING": "Custom message",
        }
    )
    assert (after.daily_from, after.daily_until) == (36900, 85559)
    assert after.phone == "+33647999"
    assert after.phone_type is PhoneType.PIN_PAGER
    assert after.custom == {"Custom_VarChar": "", "GSW_CUSTOM_STRING": "Custom message"}
    assert before.daily_from == 0
    assert before.custom == {"Custom_VarChar": ""}
    with pytest.raises(InvalidValue):
        before.updated({"GSW_CALL_RESULT": 9})
    with pytest.raises(InvalidValue):
        before.updated({"IW_CaseUid": "x"})


_UPDATE_NAMES = st.sampled_from(
    ["Custom_A", "GSW_CUSTOM_STRING", "GSW_FROM", "GSW_UNTIL", "GSW_PHONE", "GSW_PHONE_TYPE",
     "GSW_CALL_RESULT", "GSW_RECORD_HANDLE", "IW_CaseUid", "InteractionType", "", "Note"]
)  # fmt: skip
_UPDATE_VALUES = st.one_of(
    junk,
    st.sampled_from(["10:15", "23:59", "25:00", "+33647999", " ", 9, 10**30, float("nan")]),
)


def _refusal(update: object) -> tuple[str, str] | None:
    try:
        update()  # type: ignore[operator]
    except InvalidValue as error:
        return str(error.code), error.message
    return None


@given(
    records(),
    st.dictionaries(
        st.one_of(_UPDATE_NAMES, st.none(), st.integers(), st.text(max_size=4)),
        _UPDATE_VALUES,
        max_size=4,
    ),
)
def test_checking_an_update_refuses_exactly_what_applying_it_refuses(
    value: Record, update: dict[object, object]
) -> None:
    refused = _refusal(lambda: value.updated(update))  # type: ignore[arg-type]
    assert _refusal(lambda: value.check_update(update)) == refused  # type: ignore[arg-type]


def test_an_update_of_custom_fields_is_checked_without_building_a_record() -> None:
    before = record(custom={"Custom_VarChar": ""})
    before.check_update({"Custom_VarChar": "x", "GSW_CUSTOM_STRING": 1.5})
    with pytest.raises(InvalidValue, match="holds nan"):
        before.check_update({"Custom_VarChar": float("nan")})
    with pytest.raises(InvalidValue, match="not a field an update can set"):
        before.check_update({"IW_CaseUid": "x"})
    with pytest.raises(InvalidValue, match="phone"):
        before.check_update({"GSW_PHONE": None})


@given(
    records(),
    st.integers(-(2**32), 2**32) | junk,
    st.integers(-(2**32), 2**32) | junk,
    st.text(max_size=6) | junk,
)
def test_a_record_with_a_new_number_is_the_record_built_with_it(
    value: Record, handle: object, chain_id: object, phone: object
) -> None:
    fields = {**value.to_dict(), "phone_type": value.phone_type, "call_result": value.call_result}
    built = _refusal(
        lambda: Record(**{**fields, "record_handle": handle, "chain_id": chain_id, "phone": phone})
    )
    copied = _refusal(lambda: value.with_number(handle, chain_id, phone))  # type: ignore[arg-type]
    assert (copied is None) == (built is None)
    if copied is None:
        again = value.with_number(handle, chain_id, phone)  # type: ignore[arg-type]
        assert again == Record(
            **{**fields, "record_handle": handle, "chain_id": chain_id, "phone": phone}
        )
        assert again.custom is value.custom
    else:
        assert copied[0] == built[0]  # type: ignore[index]


def test_checks_run_again_after_a_copy_with_a_new_number() -> None:
    first = record()
    assert [f.name for f in attrs.fields(Record)][:3] == ["record_handle", "chain_id", "phone"]
    first.with_number(9, 9, "+331")
    with pytest.raises(InvalidValue):
        first.with_number(9, 9, "  ")
    with pytest.raises(InvalidValue):
        record(daily_from=-1)  # the constructor checks every value again
    with pytest.raises(InvalidValue):
        first.with_number(2**31, 1, "+331")


# Chains ------------------------------------------------------------------------------------


def seed_chain() -> Chain:
    return Chain(
        (
            record(283, user_event="PreviewRecord"),
            record(284, user_event="ChainedRecord", phone_type=PhoneType.MOBILE),
        )
    )


def test_chain_lookup_and_selected_record() -> None:
    chain = seed_chain()
    assert chain.chain_id == 3
    assert chain.handles == (283, 284)
    assert chain.record(284).phone_type is PhoneType.MOBILE
    assert chain.selected.record_handle == 283
    assert len(chain) == 2
    assert [r.record_handle for r in chain] == [283, 284]


@pytest.mark.parametrize("handle", [999, "283", 283.0, True, None])
def test_chain_lookup_names_handle_and_chain(handle: object) -> None:
    with pytest.raises(NotFound) as caught:
        seed_chain().record(handle)  # type: ignore[arg-type]
    assert caught.value.details == {"record_handle": handle, "chain_id": 3}
    assert "chain 3" in str(caught.value)


def test_selected_record_rules() -> None:
    members = (record(1, user_event="ChainedRecord"), record(2, user_event="PreviewRecord"))
    assert Chain(members).selected.record_handle == 2
    only_chained = (record(5, user_event="ChainedRecord"), record(4, user_event="ChainedRecord"))
    assert Chain(only_chained).selected.record_handle == 5
    assert Chain(members, selected_handle=1).selected.record_handle == 1
    with pytest.raises(NotFound):
        Chain(members, selected_handle=3)


@pytest.mark.parametrize(
    "members",
    [
        (),
        (record(1, chain_id=3), record(2, chain_id=4)),
        (record(1), record(1, phone="+1")),
        ("not a record",),
        "abc",
        5,
    ],
)
def test_chain_invariants(members: object) -> None:
    with pytest.raises(InvalidValue):
        Chain(members)  # type: ignore[arg-type]


def test_add_on_new_number_inherits_zone_and_window() -> None:
    chain = seed_chain()
    grown = chain.add_on_new_number("+33600000001", phone_type=PhoneType.MOBILE)
    new = grown.records[-1]
    assert grown.handles == (283, 284, 285)
    assert new.chain_id == 3
    assert (new.tz_name, new.tz_offset, new.daily_from, new.daily_until) == ("ACT", 34200, 0, 86399)
    assert new.calling_list == "Calling List Custom"
    assert new.attempts == 0
    assert new.call_result is None
    assert new.user_event is None
    assert new.custom == {}
    assert new.extra == {}
    assert chain.handles == (283, 284)  # the original chain is unchanged
    assert grown.selected.record_handle == 283


def test_add_on_new_number_with_given_values() -> None:
    grown = seed_chain().add_on_new_number(
        "+33600000001",
        record_handle=9000,
        tz_name="PST",
        tz_offset=-25200,
        daily_from=32400,
        call_result=CallResult.OK,
    )
    new = grown.record(9000)
    assert (new.tz_name, new.tz_offset, new.daily_from, new.daily_until) == (
        "PST",
        -25200,
        32400,
        86399,
    )
    assert new.call_result is CallResult.OK


@pytest.mark.parametrize(
    ("phone", "kwargs"),
    [
        ("+3364700283", {}),  # the number of record 283: not new
        ("", {}),
        (None, {}),
        ("+1", {"record_handle": 284}),
        ("+1", {"chain_id": 9}),
        ("+1", {"bogus": 1}),
        ("+1", {"daily_from": 86400}),
    ],
)
def test_add_on_new_number_refuses(phone: object, kwargs: dict[str, object]) -> None:
    chain = seed_chain()
    with pytest.raises(InvalidValue):
        chain.add_on_new_number(phone, **kwargs)  # type: ignore[arg-type]


@given(chains(), st.from_regex(r"\+[0-9]{14}", fullmatch=True))
def test_adding_keeps_the_invariants_and_the_order(chain: Chain, phone: str) -> None:
    grown = chain.add_on_new_number(phone)
    assert grown.handles[:-1] == chain.handles
    assert grown.handles[-1] not in chain.handles
    assert grown.records[-1].tz_name == chain.selected.tz_name
    assert grown.records[-1].daily_until == chain.selected.daily_until
    assert Chain.from_dict(grown.to_dict()) == grown


def test_wire_keys_in_from_dict_point_to_the_wire_decoder() -> None:
    with pytest.raises(InvalidValue) as caught:
        Record.from_dict({"GSW_RECORD_HANDLE": 1, "GSW_CHAIN_ID": 2, "GSW_PHONE": "1"})
    message = caught.value.message
    assert "GSW_CHAIN_ID, GSW_PHONE, GSW_RECORD_HANDLE are wire keys" in message
    assert "outbound_core.wire.wwe.decode_record" in message
    assert caught.value.details["wire_keys"] == ["GSW_CHAIN_ID", "GSW_PHONE", "GSW_RECORD_HANDLE"]
    with pytest.raises(InvalidValue) as caught:
        Record.from_dict({"record_handle": 1, "chain_id": 2, "phone": "1", "colour": "red"})
    assert caught.value.message == "unknown record keys colour"
