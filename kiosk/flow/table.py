"""The flow's declaration: every state, every row (source, action, target, who fires it, its guards), and the
state sets that drive each concern. Pure data, read top to bottom; kiosk.flow.machine runs it.

Who may fire a row: CITIZEN rows are what a screen may ask (Flow.request); DEVICE rows come from a device's
event (a code read, a photo made, an answer of the server); TIMER rows from a named timer; FLOW rows from the
flow's own decision (the fee is in and the change out, an application ID parsed, a failure). A screen asking
for anything but a CITIZEN row of the active state is ignored, so double taps, taps during a transition and a
screen trying to fire a device event change nothing.

A row with a target moves the booth when all its guards hold; the first such row of a (source, action) wins,
so two rows can send one action to two places (details amended from the confirm screen go back to confirm).
A row without a target is a command: it runs its effect in place (the shutter's countdown, a typed ID).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class By(enum.Enum):
    CITIZEN = "citizen"
    DEVICE = "device"
    TIMER = "timer"
    FLOW = "flow"


@dataclass(frozen=True)
class Row:
    source: str  # a state id, or "*" for every state
    action: str
    target: str | None  # None: a command, run in place
    by: By
    guards: tuple[str, ...] = ()  # Flow.guard_<name>() must all hold
    effect: str = ""  # Flow.effect_<name>(payload) runs before the move (a command: instead of it)
    refused: str = ""  # when no row's guards hold: fire this action instead (e.g. "failed")
    note: str = ""


# The states, in the order a citizen meets them. State ids equal screen ids. The print service (idphoto) goes
# menu -> size -> payment -> guide -> camera -> review -> printing -> printed, on the same screens where it can.
SESSION_STATES = ("menu", "size", "notice", "payment", "scan", "details", "guide", "camera", "review", "confirm")
STATES = ("attract", *SESSION_STATES, "sending", "done", "printing", "printed", "timeout", "cancel",
          "out_of_service")
SERVICES = ("my_number", "idphoto")
CANCELLABLE = SESSION_STATES  # cancel (refund of the whole credit) from any of these
TIMES_OUT = SESSION_STATES  # their timeout asks 「続けますか？」 first
RESUME = "<resume>"  # the target of timeout/continue: the state the countdown interrupted

C, D, T, F = By.CITIZEN, By.DEVICE, By.TIMER, By.FLOW

ROWS: tuple[Row, ...] = (
    Row("attract", "start", "menu", C, ("can_serve",), refused="failed",
        note="a booth that cannot serve goes out of service instead"),
    Row("menu", "my_number", "notice", C, effect="choose_my_number"),
    Row("menu", "idphoto", "size", C, ("printer_ready",), note="shown greyed with the reason when not ready"),
    Row("menu", "back", "attract", C),
    Row("size", "choose", None, C, effect="choose_size", note="one of the configured sizes; its fee and rules"),
    Row("size", "chosen", "payment", F),
    Row("size", "back", "menu", C, effect="choose_my_number"),
    Row("notice", "agree", "payment", C),
    Row("payment", "paid", "guide", F, ("idphoto",), note="the print service: straight to the photo"),
    Row("payment", "paid", "scan", F, note="the fee is in and the change is out"),
    Row("scan", "typed", None, C, effect="accept_typed", note="the 23 digits typed on the keypad"),
    Row("scan", "id_accepted", "details", F, note="a scanned or typed application ID parsed"),
    Row("details", "next", None, C, effect="accept_details", note="the birth date and choices, validated"),
    Row("details", "accepted", "confirm", F, ("photo_taken",), note="amended from the confirm screen"),
    Row("details", "accepted", "guide", F),
    Row("guide", "ready", "camera", C),
    Row("camera", "shutter", None, C, effect="start_countdown"),
    Row("camera", "captured", "review", D, note="the photo is made from the burst"),
    Row("review", "retake", "camera", C, ("retakes_left",), effect="count_retake"),
    Row("review", "declare_exception", None, C, effect="declare_exception",
        note="a religious or medical head covering, a disability, an infant"),
    Row("review", "accept", "printing", C, ("idphoto", "photo_acceptable", "printer_ready"),
        note="the print service: the sheet goes to the printer"),
    Row("review", "accept", "confirm", C, ("photo_acceptable",)),
    Row("confirm", "edit_details", "details", C),
    Row("confirm", "edit_photo", "camera", C, ("retakes_left",), effect="count_retake"),
    Row("confirm", "send", "sending", C),
    Row("sending", "sent", "done", D, effect="charge", note="the server gave a reception number"),
    Row("sending", "queued", "done", T, effect="charge", note="no answer in time: safe in the outbox, sent later"),
    Row("sending", "refused", "cancel", D, note="the server refused the application: refund"),
    Row("printing", "printed", "printed", D, effect="charge", note="the printer completed the job"),
    Row("printing", "print_failed", "cancel", D,
        note="retried once, then refunded (what the hopper cannot pay is owed with a receipt code)"),
    Row("printed", "receipt", None, C, ("receipt_available",), effect="print_receipt",
        note="領収書: the booth's name, the date, the amount, a number; nothing of the citizen"),
    Row("done", "receipt", None, C, ("receipt_available",), effect="print_receipt"),
    Row("printed", "finish", "attract", C),
    Row("printed", "expired", "attract", T),
    Row("done", "finish", "attract", C),
    Row("done", "expired", "attract", T),
    Row("timeout", "continue", RESUME, C),
    Row("timeout", "end", "cancel", C),
    Row("timeout", "expired", "cancel", T, note="the countdown reached zero"),
    Row("cancel", "finish", "out_of_service", C, ("refund_out", "money_owed"),
        note="money could not be given back: staff must come"),
    Row("cancel", "finish", "attract", C, ("refund_out",), note="once the refund is out"),
    Row("cancel", "expired", "attract", T),
    Row("out_of_service", "recovered", "attract", F, note="every required device up, nothing holds the booth"),
    Row("out_of_service", "expired", "out_of_service", T, note="re-check the devices and the storage"),
    *(Row(s, "cancel", "cancel", C, effect="cancelled") for s in CANCELLABLE),
    *(Row(s, "expired", "timeout", T) for s in TIMES_OUT),
    *(Row(s, "failed", "out_of_service", F, note="an exception, or a required device down")
      for s in STATES if s != "out_of_service"),
    Row("*", "language", None, C, effect="set_language"),
    Row("*", "access", None, C, effect="set_access", note="large text, high contrast, more time, low reach"),
)

# The step indicator: which step of its service's path a state belongs to. The My Number card's five steps
# (payment, scan, details, photo, check and send), and the printed ID photo's own four (size, payment, photo,
# printing) on the screens the two services share. A state on neither path shows no step bar.
STEP_OF = {"payment": 1, "scan": 2, "details": 3, "guide": 4, "camera": 4, "review": 4,
           "confirm": 5, "sending": 5, "done": 5}
PRINT_STEP_OF = {"size": 1, "payment": 2, "guide": 3, "camera": 3, "review": 3, "printing": 4, "printed": 4}
STEPS_OF_SERVICE = {"my_number": STEP_OF, "idphoto": PRINT_STEP_OF}


def step_of(state: str, service: str) -> tuple[str, int]:
    """The path (a service) whose step bar a state shows, and its step there (0: no step bar). A state on one
    path only (size, printing, scan...) shows that path's steps whatever the session's service is so far (the
    print service is chosen with the size)."""
    paths = [s for s, steps in STEPS_OF_SERVICE.items() if state in steps]
    path = service if service in paths else (paths[0] if paths else service)
    return path, STEPS_OF_SERVICE.get(path, {}).get(state, 0)

# Devices without which the booth serves nobody; and what each state cannot do without (a failure there ends
# the session with a refund). Storage that stops taking writes ends any session at once: its money records
# still fit in the reserve, its application would not.
REQUIRED_DEVICES = ("storage", "coin_acceptor", "barcode_reader", "camera")
NEEDS = {
    **{state: ("storage",) for state in (*SESSION_STATES, "sending", "printing")},
    "payment": ("storage", "coin_acceptor"),
    "guide": ("storage", "camera"),
    "camera": ("storage", "camera"),
}

# What each concern does in which state (kiosk.flow.effects). The 「続けますか？」 countdown keeps the devices as
# the state it interrupted left them (PAUSES), except intake, which never stays open behind it.
INTAKE_OPEN = frozenset({"payment"})
READER_ON = frozenset({"scan"})
CAMERA_ON = frozenset({"guide", "camera", "review", "confirm"})  # warm from the guide to the last check
STUDIO_ON = frozenset({"camera"})
PAUSES = frozenset({"timeout"})
# The states a state timer runs in, from [timeouts]; sending and timeout run timers of their own.
# printing ends when the printer's job does (kiosk.devices.printer: job_timeout_s bounds it).
TIMED = frozenset(s for s in STATES if s not in ("attract", "sending", "printing", "timeout"))


def rows_for(source: str, action: str) -> list[Row]:
    """The rows of one (source, action), in declaration order ("*" rows after the state's own)."""
    return [r for r in ROWS if r.action == action and r.source == source] + \
        [r for r in ROWS if r.action == action and r.source == "*"]


def edges() -> list[tuple[int, Row]]:
    """Every row that moves the booth, with its index (one transition of the machine each)."""
    return [(i, r) for i, r in enumerate(ROWS) if r.target is not None and r.source != "*"]
