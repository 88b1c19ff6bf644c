"""A booth's money path (cashier, ccTalk and ID-003 drivers, their simulators with state files) SIGKILLed while a
note is in escrow, on its way to the stacker, or stacked and credited but not yet acknowledged; then restarted.

Moments: escrow (the note held, the fee reached), stack_sent (STACK decided, maybe not yet on the wire),
stacking (the validator moving the note), vend (credited in the ledger, the ACK not sent).
``child(workdir, "run", moment)`` takes one 1000-yen note for an 800-yen fee and prints ``moment`` when it comes
(and then waits to be killed); ``child(workdir, "recover", "")`` settles what was interrupted and prints the ledger
and the devices as one JSON line.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from pathlib import Path

FEE_YEN = 800


def child(workdir: Path, mode: str, moment: str) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QCoreApplication, QTimer

    from kiosk.devices.base import PendingNote
    from kiosk.devices.cctalk.acceptor import CctalkCoinAcceptor
    from kiosk.devices.cctalk.hopper import CctalkHopper
    from kiosk.devices.id003.validator import Id003BillValidator
    from kiosk.devices.sim.cctalk_device import SimCctalkBus
    from kiosk.devices.sim.id003_device import SimBillValidator, SimTiming
    from kiosk.flow.cashier import Cashier
    from kiosk.store.ledger import Ledger

    app = QCoreApplication([])
    coins = SimCctalkBus(state_path=workdir / "coins.json", coin_interval_s=0.02, link_dir=workdir / "dev")
    bills = SimBillValidator(timing=SimTiming.fast(), state_path=workdir / "bills.json", link_dir=workdir / "dev")
    ledger = Ledger(workdir / "ledger.db")
    if not ledger.has_refill():
        ledger.refill(coins.hopper_coins, 100)
    pending = ledger.pending_note()
    acceptor = CctalkCoinAcceptor(coins.port_path, poll_interval_ms=50, resume_counter=ledger.last_acceptor_counter())
    hopper = CctalkHopper(coins.port_path, bus=acceptor.bus)
    bv = Id003BillValidator(bills.port_path, notes=(1000,), poll_interval_ms=20,
                            pending=PendingNote(pending[1], pending[2], pending[3]) if pending else None)
    cashier = Cashier(acceptor, hopper, ledger, FEE_YEN, bills=bv)

    def say(text: str) -> None:
        print(text, flush=True)

    def insert() -> None:
        # when the booth takes the note (the screen shows it): its change can be paid once the hopper has
        # reported, which may come after the money recovery (it waits for the coin acceptor's counter only)
        if bills.phase == "idling" and not bv._settings_dirty and 1000 in cashier.accepted_notes:
            bills.insert_note(1000)
        else:
            QTimer.singleShot(20, insert)

    def on_recovered() -> None:
        if mode == "run":
            cashier.begin()
            cashier.open_intake()
            insert()
        else:
            QTimer.singleShot(300, report)

    def report(waited: int = 0) -> None:
        if (cashier.busy or hopper.busy or bills.phase not in ("idling", "disabled")) and waited < 200:
            QTimer.singleShot(50, lambda: report(waited + 1))
            return
        check = ledger.balance_check()
        db = ledger._db
        say(json.dumps({
            **check.as_dict(),
            "ok": check.ok,
            "credited_rows": db.execute("SELECT COUNT(*) FROM money_events WHERE kind = 'credited' "
                                        "AND note_id IS NOT NULL").fetchone()[0],
            "in_doubt": len(ledger.totals().notes_in_doubt),
            "stacker": bills.stacker_count,
            "returned_yen": bills.returned_yen,
            "sim_phase": bills.phase,
            "hopper_paid_yen": coins.lifetime * 100,
        }))
        app.quit()

    if mode == "run":
        cashier.fee_reached.connect(lambda: (say("escrow") if moment == "escrow" else cashier.pay_change()))
        stack = bv.stack

        def stacking(note_id: str) -> None:
            stack(note_id)
            if moment == "stack_sent":
                say("stack_sent")  # STACK decided; the worker sends it at its next poll
            elif moment == "stacking":
                threading.Thread(target=watch_stacking, daemon=True).start()

        def watch_stacking() -> None:  # the validator is moving the note to the stacker
            while bills.phase != "stacking":
                time.sleep(0.002)
            say("stacking")

        def vend(note_id: str) -> None:
            say("vend")  # the credit is in the ledger; killed before the ACK goes out

        bv.stack = stacking  # type: ignore[method-assign]
        if moment == "vend":
            bv.confirm_stacked = vend  # type: ignore[method-assign]
    cashier.recovered.connect(on_recovered)
    for d in (acceptor, hopper, bv):
        d.start()
    QTimer.singleShot(0, cashier.recover)
    app.exec()
    for d in (acceptor, hopper, bv):
        d.stop()


if __name__ == "__main__":
    child(Path(sys.argv[1]), sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else "")
