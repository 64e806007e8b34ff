"""Privileges: the seed's keys, dependencies, activity, and the errors that explain a refusal."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.strategies import privilege_sets, privileges

from outbound_core import InvalidValue, Privilege, PrivilegeMissing, Privileges

SEED_000_KEYS = {
    "privilege.outbound.can-use",
    "privilege.outbound.can-cancel-record",
    "privilege.outbound.can-dial-alternative-chained-record",
    "privilege.outbound.can-get-next-preview-record",
    "privilege.outbound.can-mark-do-not-call",
    "privilege.outbound.can-reject-record",
    "privilege.outbound.can-reschedule",
    "privilege.outbound.can-reschedule-before-call",
    "privilege.outbound.can-reschedule-on-new-number",
    "privilege.outbound.can-set-call-result",
    "privilege.outbound.push-preview.can-use",
}


def test_the_seed_keys_are_exact() -> None:
    assert {p.value for p in Privilege if p.in_seeds} == SEED_000_KEYS
    assert {p for p in Privilege if not p.in_seeds} == {
        Privilege.CAN_DIAL_ON_NEW_NUMBER,
        Privilege.PUSH_PREVIEW_CAN_DECLINE,
    }


def test_dependencies() -> None:
    assert Privilege.CAN_USE.requires == frozenset()
    for p in Privilege:
        if p is not Privilege.CAN_USE:
            assert Privilege.CAN_USE in p.requires
    assert Privilege.CAN_RESCHEDULE in Privilege.CAN_RESCHEDULE_BEFORE_CALL.requires
    assert (
        Privilege.CAN_DIAL_ALTERNATIVE_CHAINED_RECORD in Privilege.CAN_DIAL_ON_NEW_NUMBER.requires
    )
    assert Privilege.PUSH_PREVIEW_CAN_USE in Privilege.PUSH_PREVIEW_CAN_DECLINE.requires


def active_by_definition(granted: frozenset[Privilege]) -> frozenset[Privilege]:
    """Independent oracle: active iff granted and every transitive requirement is granted."""

    def needs(p: Privilege) -> set[Privilege]:
        out: set[Privilege] = set()
        for dep in p.requires:
            out |= {dep} | needs(dep)
        return out

    return frozenset(p for p in granted if needs(p) <= granted)


@given(privilege_sets)
def test_active_is_granted_with_every_dependency(granted: frozenset[Privilege]) -> None:
    agent = Privileges(granted)
    assert agent.active == active_by_definition(granted)
    assert agent.inactive == granted - agent.active


@given(privilege_sets, privileges)
def test_granting_more_never_deactivates_another(
    granted: frozenset[Privilege], extra: Privilege
) -> None:
    before = Privileges(granted)
    after = before.with_granted(extra)
    assert before.active <= after.active


@given(privilege_sets, privileges)
def test_require_agrees_with_allows(granted: frozenset[Privilege], wanted: Privilege) -> None:
    agent = Privileges(granted)
    if agent.allows(wanted):
        agent.require(wanted)
        return
    with pytest.raises(PrivilegeMissing) as caught:
        agent.require(wanted)
    error = caught.value
    assert error.details["privilege"] == wanted.value
    assert error.details["granted"] is (wanted in granted)
    assert error.code == ("privilege-inactive" if wanted in granted else "privilege-missing")
    # Granting exactly the named missing and inactive links makes it allowed.
    repaired = agent.with_granted(wanted, *error.details["missing"])
    assert repaired.allows(wanted)


def test_inactive_message_names_the_missing_chain() -> None:
    agent = Privileges.from_names(
        ["privilege.outbound.can-use", "privilege.outbound.can-reschedule-before-call"]
    )
    assert not agent.allows(Privilege.CAN_RESCHEDULE_BEFORE_CALL)
    with pytest.raises(PrivilegeMissing) as caught:
        agent.require(Privilege.CAN_RESCHEDULE_BEFORE_CALL)
    assert str(caught.value) == (
        "can-reschedule-before-call is granted but inactive: "
        "it needs can-reschedule, which is not granted"
    )
    assert caught.value.details["missing"] == ["privilege.outbound.can-reschedule"]


def test_nested_chain_is_explained() -> None:
    agent = Privileges.from_names(["can-dial-on-new-number", "can-dial-alternative-chained-record"])
    with pytest.raises(PrivilegeMissing) as caught:
        agent.require("can-dial-on-new-number")
    message = str(caught.value)
    assert "can-dial-alternative-chained-record, which is granted but inactive" in message
    assert caught.value.details["missing"] == ["privilege.outbound.can-use"]
    assert caught.value.details["inactive"] == [
        "privilege.outbound.can-dial-alternative-chained-record"
    ]


def test_not_granted() -> None:
    agent = Privileges.from_names(["privilege.outbound.can-use"])
    with pytest.raises(PrivilegeMissing) as caught:
        agent.require("privilege.outbound.can-reject-record")
    assert caught.value.code == "privilege-missing"
    assert str(caught.value) == "can-reject-record is not granted"
    assert isinstance(caught.value, PermissionError)


def test_everything_is_all_active() -> None:
    agent = Privileges.everything()
    assert agent.active == frozenset(Privilege)
    assert agent.inactive == frozenset()


@pytest.mark.parametrize(
    ("names", "code"),
    [
        ("privilege.outbound.can-use", "wrong-type"),
        (None, "wrong-type"),
        (42, "wrong-type"),
        ([None], "wrong-type"),
        ([1], "unknown-privilege"),
        ([""], "unknown-privilege"),
        (["privilege.outbound.can-reshedule"], "unknown-privilege"),
        (["PRIVILEGE.OUTBOUND.CAN-USE"], "unknown-privilege"),
        (["privilege.outbound.can-use "], "unknown-privilege"),
    ],
)
def test_bad_names_are_refused(names: object, code: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        Privileges.from_names(names)  # type: ignore[arg-type]
    assert caught.value.code == code


def test_unknown_names_list_close_matches() -> None:
    with pytest.raises(InvalidValue) as caught:
        Privileges.from_names(["privilege.outbound.can-reshedule"])
    assert "privilege.outbound.can-reschedule" in caught.value.details["suggestions"]


def test_short_names_and_members_are_read() -> None:
    agent = Privileges.from_names(["can-use", Privilege.CAN_RESCHEDULE, "push-preview.can-use"])
    assert agent.active == {
        Privilege.CAN_USE,
        Privilege.CAN_RESCHEDULE,
        Privilege.PUSH_PREVIEW_CAN_USE,
    }


@given(privilege_sets)
def test_round_trips(granted: frozenset[Privilege]) -> None:
    agent = Privileges(granted)
    assert Privileges.from_names(agent.names()) == agent
    assert Privileges.from_dict(agent.to_dict()) == agent
    again = pickle.loads(pickle.dumps(agent))
    assert again == agent
    assert again.active == agent.active
    assert agent.without(*granted) == Privileges()


@pytest.mark.parametrize("data", [None, {}, {"names": []}, "granted"])
def test_from_dict_refuses_other_shapes(data: object) -> None:
    with pytest.raises(InvalidValue):
        Privileges.from_dict(data)  # type: ignore[arg-type]


@given(st.lists(st.text(max_size=30), max_size=4))
def test_any_names_are_read_or_refused_cleanly(names: list[str]) -> None:
    try:
        agent = Privileges.from_names(names)
    except InvalidValue as error:
        assert error.code == "unknown-privilege"
        return
    assert len(agent.granted) <= len(names)
