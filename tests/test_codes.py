"""The code catalogs against the seeds and the reference, and how they read spellings."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.strategies import call_results, case_and_separator_variants, junk

from outbound_core import (
    SERVICE_CLIENT_CALL_RESULTS,
    WORKSPACE_CALL_RESULT_SPELLINGS,
    CallbackType,
    CallResult,
    ChainScope,
    Delivery,
    DialingMode,
    InvalidValue,
    PhoneType,
    RecordStatus,
    RecordType,
)
from outbound_core.codes.call_results import _CALL_RESULT_LABELS
from outbound_core.codes.dialing_modes import may_switch_while_running
from outbound_core.codes.names import fold

# Seed 002, getListOfCallResults sample response: the keys and numbers, in the sample's order.
SEED_OFFERED = {
    "OK": 0, "GENERAL_ERROR": 3, "SYSTEM_ERROR": 4, "BUSY": 6, "NO_ANSWER": 7,
    "SIT_DETECTED": 8, "ANSWERING_MACHINE": 9, "ALL_TRUNKS_BUSY": 10, "SIT_INVALID_NUM": 11,
    "SIT_VACANT": 12, "SIT_OPERINTERCEPT": 13, "SIT_UNKNOWN": 14, "SIT_NO_CIRCUIT": 15,
    "SIT_REORDER": 16, "FAXDETECTED": 17, "ABANDONED": 21, "DROPPED": 26,
    "DROPPED_NO_ANSWER": 27, "UNKNOWN": 28, "SILENCE": 32, "ANSWER": 33, "NUTONE": 34,
    "NO_DIAL_TONE": 35, "NO_PROGRESS": 36, "NO_RINGBACK": 37, "NO_ESTABLISHED": 38,
    "PAGER_DETECTED": 39, "WRONG_PARTY": 40, "DIAL_ERROR": 41, "CALL_DROP_ERROR": 42,
    "SWITCH_ERROR": 43, "NO_FREE_PORT_ERROR": 44, "TRANSFER_ERROR": 45, "STALE": 46,
    "AGENT_CALLBACK_ERROR": 47, "GROUP_CALLBACK_ERROR": 48, "DO_NOT_CALL": 51,
    "CANCEL_RECORD": 52, "WRONG_NUMBER": 53,
}  # fmt: skip

# The foundation issue's names for the results the seed sample leaves out.
OTHERS = {
    "TRANSFERRED": 1, "CONFERENCED": 2, "REMOTE_RELEASE": 5, "QUEUE_FULL": 18, "CLEARED": 19,
    "OVERFLOWED": 20, "REDIRECTED": 22, "FORWARDED": 23, "CONSULT": 24, "PICKED_UP": 25,
    "COVERED": 29, "CONVERSE_ON": 30, "BRIDGED": 31, "DEAFENED": 49, "HELD": 50,
}  # fmt: skip

# Seed 002, getRecordFields sample: the options of the Phone Type enum field.
SEED_PHONE_TYPES = {
    "3": "Business With Extension", "2": "Direct Business Phone", "10": "Email Address",
    "1": "Home Phone", "11": "Instant Messaging", "4": "Mobile", "7": "Modem", "0": "None",
    "6": "Pager", "9": "Pin Pager", "5": "Vacation Phone", "8": "Voice Mail",
}  # fmt: skip

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference" / "genesys-ocs.md"


def reference_call_results() -> dict[int, tuple[str, str]]:
    """Rows of the reference's §2.4 table: code -> (cfg_locale name, alternative label)."""
    text = REFERENCE.read_text(encoding="utf-8")
    section = text[text.index("### 2.4 Call result") : text.index("### 2.5")]
    rows = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 3 and re.fullmatch(r"[0-9]+", cells[0]):
            rows[int(cells[0])] = (cells[1], cells[2])
    return rows


def test_call_results_are_the_54_codes_0_to_53() -> None:
    assert [int(r) for r in CallResult] == list(range(54))
    assert {r.name: int(r) for r in CallResult} == SEED_OFFERED | OTHERS


def test_offered_call_results_are_the_seed_sample_in_its_order() -> None:
    assert [(r.name, int(r)) for r in SERVICE_CLIENT_CALL_RESULTS] == list(SEED_OFFERED.items())
    assert len(SERVICE_CLIENT_CALL_RESULTS) == 39
    assert {r for r in CallResult if r.offered} == set(SERVICE_CLIENT_CALL_RESULTS)


@pytest.mark.skipif(not REFERENCE.exists(), reason="shared/reference is not beside the checkout")
def test_labels_match_the_reference_table() -> None:
    rows = reference_call_results()
    assert sorted(rows) == list(range(54))
    for number, (label, alternative) in rows.items():
        result = CallResult(number)
        assert result.label == label
        if alternative:
            assert CallResult.parse(alternative) is result


def test_labels_spot_checks() -> None:
    assert CallResult.ANSWERING_MACHINE.label == "Answering Machine Detected"
    assert CallResult.UNKNOWN.label == "Unknown Call Result"
    assert CallResult.NO_FREE_PORT_ERROR.label == "No Port Available"
    assert CallResult.SIT_VACANT.label == "SIT VC (Vacant Code)"


@given(call_results)
def test_every_spelling_of_a_result_reads_back_to_it(result: CallResult) -> None:
    assert CallResult.parse(result) is result
    assert CallResult.parse(int(result)) is result
    assert CallResult.parse(str(int(result))) is result
    assert CallResult.parse(f" {int(result)} ") is result
    assert CallResult.parse(result.name) is result
    assert CallResult.parse(result.label) is result
    assert CallResult.parse(result.camel_name) is result


@given(call_results.flatmap(lambda r: st.tuples(st.just(r), case_and_separator_variants(r.name))))
def test_case_and_separators_do_not_matter(pair: tuple[CallResult, str]) -> None:
    result, spelling = pair
    assert CallResult.parse(spelling) is result


@pytest.mark.parametrize(
    ("spelling", "expected"),
    [
        ("Answered", CallResult.ANSWER),
        ("NoAnswer", CallResult.NO_ANSWER),
        ("AnsweringMachine", CallResult.ANSWERING_MACHINE),
        ("Busy", CallResult.BUSY),
        ("WrongNumber", CallResult.WRONG_NUMBER),
        ("FaxDetected", CallResult.FAXDETECTED),
        ("DoNotCall", CallResult.DO_NOT_CALL),
        ("Converse-On", CallResult.CONVERSE_ON),
        ("Dropped on No Answer", CallResult.DROPPED_NO_ANSWER),
    ],
)
def test_workspace_spellings(spelling: str, expected: CallResult) -> None:
    assert CallResult.parse(spelling) is expected


@pytest.mark.parametrize("value", [54, -1, "54", "-1", 10**30, "9" * 5000])
def test_numbers_outside_0_to_53_are_unknown(value: object) -> None:
    with pytest.raises(InvalidValue) as caught:
        CallResult.parse(value)
    assert caught.value.code == "unknown-call-result"
    assert caught.value.details["value"] == value


def test_unknown_names_suggest_the_nearest() -> None:
    with pytest.raises(InvalidValue) as caught:
        CallResult.parse("NoAnswr")
    error = caught.value
    assert error.code == "unknown-call-result"
    assert "NoAnswer" in error.details["suggestions"]
    assert "NoAnswer" in str(error)


@pytest.mark.parametrize("value", ["", "   ", "No Answer!?", "Answered, Busy", "0x09", "6.0"])
def test_other_strings_are_unknown(value: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        CallResult.parse(value)
    assert caught.value.code == "unknown-call-result"


@given(junk)
def test_other_types_are_wrong_type(value: object) -> None:
    with pytest.raises(InvalidValue) as caught:
        CallResult.parse(value)
    assert caught.value.code == "wrong-type"


@given(st.text(max_size=40))
def test_any_text_is_read_or_refused_cleanly(text: str) -> None:
    try:
        result = CallResult.parse(text)
    except InvalidValue as error:
        assert error.code == "unknown-call-result"
        return
    spellings = {result.name, result.camel_name, *_CALL_RESULT_LABELS[result]}
    spellings |= {k for k, v in WORKSPACE_CALL_RESULT_SPELLINGS.items() if v is result}
    stripped = text.strip()
    numeric = re.fullmatch(r"[+-]?[0-9]+", stripped, re.ASCII) and int(stripped) == result
    assert numeric or fold(text) in {fold(s) for s in spellings}


def test_phone_types_match_the_seed_options() -> None:
    assert {str(int(p)): p.label for p in PhoneType} == SEED_PHONE_TYPES
    for number, label in SEED_PHONE_TYPES.items():
        assert PhoneType.parse(number) is PhoneType.parse(label) is PhoneType(int(number))


@pytest.mark.parametrize(
    ("spelling", "expected"),
    [
        ("No Contact Type", PhoneType.NONE),
        ("E-Mail Address", PhoneType.EMAIL_ADDRESS),
        ("BusinessWithExt", PhoneType.BUSINESS_WITH_EXTENSION),
        ("InstantMessaging", PhoneType.INSTANT_MESSAGING),
        (9, PhoneType.PIN_PAGER),
    ],
)
def test_phone_type_reference_spellings(spelling: object, expected: PhoneType) -> None:
    assert PhoneType.parse(spelling) is expected


def test_phone_type_tokens() -> None:
    assert PhoneType.BUSINESS_WITH_EXTENSION.token == "BusinessWithExt"
    assert PhoneType.NONE.token == "NoContactType"


def test_record_statuses_and_types_are_the_reference_tables() -> None:
    assert [(int(s), s.label) for s in RecordStatus] == list(
        enumerate(
            [
                "No Record Status", "Ready", "Retrieved", "Updated", "Stale", "Cancelled",
                "Agent Error", "Chain Updated", "Missed CallBack", "Chain Ready",
            ]
        )
    )  # fmt: skip
    assert [(int(t), t.label) for t in RecordType] == list(
        enumerate(
            [
                "No Record Type", "Unknown", "General", "Campaign Rescheduled",
                "Personal Rescheduled", "Personal CallBack", "Campaign CallBack", "No Call",
            ]
        )
    )  # fmt: skip


@pytest.mark.parametrize("enum", [PhoneType, RecordStatus, RecordType])
def test_integer_catalogs_read_every_spelling(enum: type[PhoneType]) -> None:
    for member in enum:
        assert enum.parse(int(member)) is member
        assert enum.parse(str(int(member))) is member
        assert enum.parse(member.name) is member
        assert enum.parse(member.label) is member
    with pytest.raises(InvalidValue) as caught:
        enum.parse(len(enum))
    assert caught.value.code.startswith("unknown-")
    with pytest.raises(InvalidValue) as caught:
        enum.parse(True)
    assert caught.value.code == "wrong-type"


@pytest.mark.parametrize("spelling", ["PERSONAL", "Personal", "personal", " PERSONAL "])
def test_callback_type_reads_any_case(spelling: str) -> None:
    assert CallbackType.parse(spelling) is CallbackType.PERSONAL


def test_callback_type_protocol_values() -> None:
    assert CallbackType.CAMPAIGN.protocol_value == "Campaign"
    assert CallbackType.PERSONAL.protocol_value == "Personal"


@pytest.mark.parametrize("value", ["", "PERSONNAL", 1, None, "Campaign Callback"])
def test_callback_type_refuses_the_rest(value: object) -> None:
    with pytest.raises(InvalidValue) as caught:
        CallbackType.parse(value)
    assert caught.value.code in {"unknown-callback-type", "wrong-type"}


def test_chain_scope_reads_tokens_and_names() -> None:
    assert ChainScope.parse("AllChain") is ChainScope.ALL_CHAIN
    assert ChainScope.parse("ALL_CHAIN") is ChainScope.ALL_CHAIN
    assert ChainScope.parse("record only") is ChainScope.RECORD_ONLY
    with pytest.raises(InvalidValue) as caught:
        ChainScope.parse("Chain")
    assert caught.value.code == "unknown-chain-scope"


def test_dialing_modes_carry_the_configuration_numbers() -> None:
    numbers = {m.config_number: m for m in DialingMode if m.config_number is not None}
    assert numbers == {
        1: DialingMode.PREDICTIVE,
        2: DialingMode.PROGRESSIVE,
        3: DialingMode.PREVIEW,
        4: DialingMode.PROGRESSIVE_WITH_SEIZING,
        5: DialingMode.PREDICTIVE_WITH_SEIZING,
        6: DialingMode.POWER,
        8: DialingMode.PUSH_PREVIEW,
        9: DialingMode.PROGRESSIVE_GVP,
        10: DialingMode.PREDICTIVE_GVP,
        11: DialingMode.POWER_GVP,
    }
    assert DialingMode.DIRECT_PUSH_PREVIEW.config_number is None
    for number, mode in numbers.items():
        assert DialingMode.parse(number) is mode
        assert DialingMode.parse(mode.value) is mode
        assert DialingMode.parse(mode.label) is mode


def test_dialing_mode_7_is_unknown() -> None:
    with pytest.raises(InvalidValue) as caught:
        DialingMode.parse(7)
    assert caught.value.code == "unknown-dialing-mode"


def test_dialing_mode_delivery_follows_seed_001() -> None:
    assert DialingMode.PREVIEW.delivery is Delivery.MANUAL
    for mode in (DialingMode.PUSH_PREVIEW, DialingMode.PROGRESSIVE, DialingMode.PREDICTIVE):
        assert mode.delivery is Delivery.AUTOMATIC
    agent_dials = {m for m in DialingMode if not m.system_dials}
    assert agent_dials == {
        DialingMode.PREVIEW,
        DialingMode.PUSH_PREVIEW,
        DialingMode.DIRECT_PUSH_PREVIEW,
    }
    seeds = {m for m in DialingMode if m.in_seeds}
    assert seeds == agent_dials | {DialingMode.PROGRESSIVE, DialingMode.PREDICTIVE}


@given(st.sampled_from([CallResult, PhoneType, RecordStatus, RecordType]).flatmap(st.sampled_from))
def test_members_pickle_to_themselves(member: object) -> None:
    assert pickle.loads(pickle.dumps(member)) is member


def test_the_docs_alias_table_matches_the_code() -> None:
    page = Path(__file__).resolve().parents[1] / "docs" / "concepts" / "codes.md"
    rows = [
        [cell.strip() for cell in line.strip("|").split("|")]
        for line in page.read_text(encoding="utf-8").splitlines()
        if re.match(r"\| [0-9]+ \| `", line)
    ]
    assert [int(row[0]) for row in rows] == list(range(54))
    for number, name, label, others, workspace in rows:
        result = CallResult(int(number))
        assert name == f"`{result.name}`"
        labels = _CALL_RESULT_LABELS[result]
        assert label == labels[0]
        assert others == ", ".join(labels[1:])
        for spelling in re.findall(r"`([^`]+)`", workspace):
            assert CallResult.parse(spelling) is result


def test_running_campaigns_switch_only_between_the_reference_pairs() -> None:
    allowed = {(a, b) for a in DialingMode for b in DialingMode if may_switch_while_running(a, b)}
    pairs = {
        (DialingMode.PREDICTIVE, DialingMode.PROGRESSIVE),
        (DialingMode.PREDICTIVE_WITH_SEIZING, DialingMode.PROGRESSIVE_WITH_SEIZING),
    }
    expected = {(m, m) for m in DialingMode} | pairs | {(b, a) for a, b in pairs}
    assert allowed == expected
    assert not may_switch_while_running(DialingMode.PREDICTIVE, DialingMode.PREVIEW)
    assert may_switch_while_running("Progressive", "Predictive")
