"""Native Webex notifications replayed: the voice task, the preview-campaign contact, check."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from outbound_core.cli import main
from outbound_core.errors import TransitionNotAllowed
from outbound_core.machines import MACHINES, WebexPreviewCampaignMachine, compile_machine
from outbound_core.replay import check_steps, read_steps
from outbound_core.replay.advance import StepKind
from outbound_core.replay.webex_calls import WebexCalls, apply_webex_event
from outbound_core.replay.webex_previews import (
    PREVIEW,
    PREVIEW_RANKS,
    WebexPreview,
    WebexPreviews,
    apply_preview_action,
)
from outbound_core.wire.webex import read_webex_event

FIXTURES = Path(__file__).parent / "fixtures" / "webex"
SEED_SAMPLE = Path(__file__).parent / "fixtures" / "seed004" / "OutboundCallStateChange.json"
T0 = 1733211616959


def fixture(name: str) -> dict[str, Any]:
    value: dict[str, Any] = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    return value


def at(name: str, second: int, *, kind: str | None = None, **changes: Any) -> dict[str, Any]:
    """The fixture `name` as the notification `second` seconds into the task: its own time and
    tracking id, its type replaced by `kind` when given, `changes` set on `data`."""
    if name == "AgentContactAssigned":  # the SDK's assigned payload: its offer's, retyped
        name, kind = "AgentOfferContact", kind or "AgentContactAssigned"
    raw = fixture(name)
    data = raw["data"]
    data["eventTime"] = T0 + 1000 * second
    data["trackingId"] = f"tracking-{second}"
    if kind is not None:
        data["type"] = kind
    data.update(changes)
    return raw


#: Reserved, offered, assigned, ended, wrapping up, wrapped up: one agent's outdial task, from
#: the SDK's own test payloads (the assigned notification is AgentOfferContact's with its type).
TASK = [
    at("AgentContactReserved", 0),
    at("AgentOfferContact", 1),
    at("AgentOfferContact", 2, kind="AgentContactAssigned", interaction={"state": "connected"}),
    at("ContactEnded", 3),
    at("AgentWrapup", 4),
    at("AgentWrappedUp", 5),
]


def lines(messages: list[dict[str, Any]]) -> list[str]:
    return [json.dumps(message) for message in messages]


def test_a_whole_task_is_legal_and_finished() -> None:
    report = check_steps(read_steps(lines(TASK), "webex"))
    assert report.legal
    (task,) = report.interactions
    assert (task.state, task.finished, task.steps) == ("closed", True, 6)
    assert task.duplicates == task.reordered == ()
    calls, diagnostics = WebexCalls().apply_all(map(read_webex_event, TASK), agent_ready=True)
    assert diagnostics == ()
    assert calls.calls["0ae913a4-c857-4705-8d49-76dd3dde75e4"].state == "closed"


def test_auto_reads_native_lines_and_mixed_traces() -> None:
    report = check_steps(read_steps(lines(TASK), "auto"))
    assert report.legal
    assert report.steps == 6
    seed = json.loads(SEED_SAMPLE.read_text(encoding="utf-8"))
    mixed = [*lines(TASK), json.dumps(seed)]
    report = check_steps(read_steps(mixed, "auto"))
    assert [i.interaction_id for i in report.interactions] == [
        "0ae913a4-c857-4705-8d49-76dd3dde75e4",
        "1191fe75-f6ab-413a-8275-2be7e7669a97",
    ]
    # The seed sample alone starts in the middle of its call: its answer needs an offer before.
    assert report.interactions[1].first_illegal is not None


def test_a_duplicated_notification_is_reported_and_changes_nothing() -> None:
    report = check_steps(read_steps(lines([*TASK[:3], TASK[2], *TASK[3:]]), "webex"))
    assert report.legal
    (task,) = report.interactions
    assert [f.line for f in task.duplicates] == [4]
    assert task.state == "closed"


def test_a_shuffled_task_is_reported() -> None:
    shuffled = [TASK[0], TASK[1], TASK[3], TASK[2], TASK[4], TASK[5]]
    (task,) = check_steps(read_steps(lines(shuffled), "webex")).interactions
    assert [f.line for f in task.reordered] == [4]  # the answer arrived after the end
    assert task.state == "closed"
    late_wrap = [TASK[0], TASK[1], TASK[2], TASK[5], TASK[3], TASK[4]]
    report = check_steps(read_steps(lines(late_wrap), "webex"))
    assert not report.legal  # wrapped up before it ended: newer, refused
    assert report.interactions[0].first_illegal is not None
    assert report.interactions[0].first_illegal.line == 4


@pytest.mark.parametrize(
    ("names", "state"),
    [
        (["AgentContactReserved", "AgentOfferContactRona"], "ended"),
        (["AgentContactReserved", "AgentContactAssignFailed"], "ended"),
        (["AgentOfferContact", "AgentOutboundFailed"], "ended"),
        (["AgentContact"], "dialing"),
    ],
)
def test_offers_that_come_to_nothing(names: list[str], state: str) -> None:
    report = check_steps(read_steps(lines([at(n, i) for i, n in enumerate(names)]), "webex"))
    assert report.legal
    assert report.interactions[0].state == state


def test_hold_consultation_and_conference() -> None:
    task = [
        *TASK[:3],
        at("AgentContactHeld", 3),
        at("AgentContactUnheld", 4),
        at("AgentConsultCreated", 5),
        at("AgentConsulting", 6),
        at("AgentConsultConferenced", 7),
        at("ParticipantLeftConference", 8),
        at("ContactEnded", 9),
    ]
    calls, diagnostics = WebexCalls().apply_all(map(read_webex_event, task), agent_ready=True)
    assert diagnostics == ()
    assert calls.calls["0ae913a4-c857-4705-8d49-76dd3dde75e4"].state == "ended"
    states = []
    call = None
    for message in task:
        step = apply_webex_event(call, read_webex_event(message), agent_ready=True)
        call = step.call
        states.append(call.state)
    assert states == [
        "dialing",
        "dialing",
        "connected",
        "on_hold",
        "connected",
        "consult_requested",
        "consulting",
        "conferenced",
        "connected",
        "ended",
    ]


def test_a_consultation_that_failed_or_ended() -> None:
    base = [*TASK[:3], at("AgentConsultCreated", 3)]
    for name in ("AgentConsultFailed", "AgentConsultEnded"):
        calls, diagnostics = WebexCalls().apply_all(
            map(read_webex_event, [*base, at(name, 4)]), agent_ready=True
        )
        assert diagnostics == ()
        assert calls.calls["0ae913a4-c857-4705-8d49-76dd3dde75e4"].state == "on_hold"


def test_the_start_needs_a_ready_agent_and_comes_once() -> None:
    step = apply_webex_event(None, read_webex_event(TASK[0]), agent_ready=False)
    assert step.verdict.kind is StepKind.ILLEGAL
    assert "Ready" in step.verdict.reason
    report = check_steps(read_steps(lines([TASK[0], at("AgentContactReserved", 1)]), "webex"))
    assert not report.legal  # reserved twice


# ---- the preview-campaign contact -------------------------------------------------------------

PREVIEW_ID = "campaign-interaction-123"


def preview_trace(*names: str) -> list[dict[str, Any]]:
    return [at(name, i, interactionId=PREVIEW_ID) for i, name in enumerate(names)]


def test_the_preview_machine_is_registered() -> None:
    assert MACHINES["webex-preview-campaign"] is WebexPreviewCampaignMachine
    assert PREVIEW.initial == "reserved"
    assert PREVIEW_RANKS["reserved"] < PREVIEW_RANKS["offered"] < PREVIEW_RANKS["dialled"]
    assert compile_machine(WebexPreviewCampaignMachine).guards == frozenset(
        {"skip_disabled", "remove_disabled"}
    )


def test_an_accepted_preview_is_dialled_and_its_task_runs() -> None:
    trace = [
        at("AgentOfferCampaignReservation", 0),
        at("CampaignContactUpdated", 1),
        # The dial-out gets its own interaction, naming the reservation (the SDK re-keys it).
        at("AgentContactAssigned", 2, reservationInteractionId=PREVIEW_ID, interactionId="call-9"),
        at("ContactEnded", 3, interactionId="call-9"),
        at("AgentWrapup", 4, interactionId="call-9"),
    ]
    for message in trace[2:]:
        message["data"]["trackingId"] += "-call"
    report = check_steps(read_steps(lines(trace), "webex"))
    assert report.legal
    states = {i.interaction_id: i.state for i in report.interactions}
    assert states == {f"preview {PREVIEW_ID}": "dialled", "call-9": "wrap_up"}
    assert all(i.finished for i in report.interactions)


@pytest.mark.parametrize(
    ("names", "state", "legal"),
    [
        (["AgentOfferCampaignReservation", "CampaignPreviewSkipFailed"], "offered", True),
        (["AgentOfferCampaignReservation", "CampaignPreviewRemoveFailed"], "offered", True),
        (
            [
                "AgentOfferCampaignReservation",
                "CampaignContactUpdated",
                "CampaignPreviewAcceptFailed",
            ],
            "offered",
            True,
        ),
        (["AgentOfferCampaignReservation", "ContactEnded"], "ended", True),
        (["AgentOfferCampaignReservation", "AgentOfferContactRona"], "failed", True),
        (["CampaignContactUpdated"], "reserved", False),  # updated before it was offered
        (
            ["AgentOfferCampaignReservation", "ContactEnded", "CampaignContactUpdated"],
            "ended",
            False,
        ),
    ],
)
def test_preview_outcomes(names: list[str], state: str, legal: bool) -> None:
    report = check_steps(read_steps(lines(preview_trace(*names)), "webex"))
    previews = [i for i in report.interactions if i.interaction_id.startswith("preview ")]
    assert previews[0].state == state
    assert (previews[0].first_illegal is None) is legal


def test_preview_values_and_the_agents_actions() -> None:
    offer = read_webex_event(at("AgentOfferCampaignReservation", 0))
    previews, verdict = WebexPreviews().apply(offer)
    assert verdict is not None
    assert verdict.after == "offered"
    preview = previews.previews[PREVIEW_ID]
    assert apply_preview_action(preview, "skip").state == "skipped"
    assert apply_preview_action(preview, "remove").state == "removed"
    assert apply_preview_action(apply_preview_action(preview, "accept"), "dial").state == "dialled"
    with pytest.raises(TransitionNotAllowed):
        apply_preview_action(WebexPreview(PREVIEW_ID), "skip")  # not offered yet
    same, none = previews.apply(read_webex_event(TASK[3]))  # another interaction's end
    assert same is previews
    assert none is None


def test_the_campaigns_switches_guard_skip_and_remove() -> None:
    raw = at("AgentOfferCampaignReservation", 0)
    details = raw["data"]["interaction"]["callProcessingDetails"]
    details["campaignPreviewSkipDisabled"] = True
    details["campaignPreviewRemoveDisabled"] = "true"
    previews, _ = WebexPreviews().apply(read_webex_event(raw))
    preview = previews.previews[PREVIEW_ID]
    assert preview.position.facts == {"skip_disabled", "remove_disabled"}
    for action in ("skip", "remove"):
        with pytest.raises(TransitionNotAllowed):
            apply_preview_action(preview, action)
    assert apply_preview_action(preview, "accept").state == "accepted"


@given(st.permutations(range(1, 5)), st.lists(st.integers(0, 4), max_size=3))
def test_preview_replay_is_idempotent_and_never_moves_back(
    order: list[int], repeats: list[int]
) -> None:
    names = [
        "AgentOfferCampaignReservation",
        "CampaignPreviewSkipFailed",
        "CampaignContactUpdated",
        "AgentContactAssigned",
        "ContactEnded",
    ]
    trace = [read_webex_event(m) for m in preview_trace(*names)]
    once = [trace[0], *(trace[i] for i in order)]
    previews, verdicts = WebexPreviews().apply_all(once)
    again, more = previews.apply_all(trace[i] for i in repeats)
    assert [v.kind for v in more] == [StepKind.DUPLICATE] * len(repeats)
    assert again == previews
    for verdict in verdicts:
        if verdict.kind is StepKind.APPLIED:
            assert PREVIEW_RANKS[verdict.after] >= PREVIEW_RANKS[verdict.before]
    if order == sorted(order):
        assert [v.kind for v in verdicts] == [StepKind.APPLIED] * 5
        assert previews.previews[PREVIEW_ID].state == "dialled"


def test_check_cli_reads_a_webex_trace(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    trace = tmp_path / "task.jsonl"
    trace.write_text("\n".join(lines(TASK)) + "\n", encoding="utf-8")
    assert main(["check", str(trace), "--format", "webex", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["legal"] is True
    assert report["interactions"][0]["state"] == "closed"
    trace.write_text("\n".join(lines([TASK[1], TASK[0], *TASK[2:]])) + "\n", encoding="utf-8")
    assert main(["check", str(trace)]) == 0  # the reservation arrived late: reported, legal
    assert "reordered at line 2" in capsys.readouterr().out
    late_wrap = [TASK[0], TASK[1], TASK[2], TASK[5], TASK[3], TASK[4]]
    trace.write_text("\n".join(lines(late_wrap)) + "\n", encoding="utf-8")
    assert main(["check", str(trace)]) == 1
    assert "illegal at line 4" in capsys.readouterr().out
