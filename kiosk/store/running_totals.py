"""Cash totals kept up to date from the ledger's new rows only, for readers that look often (the fleet metrics).

Ledger.totals() sums the whole journal, which grows for ever; this reads the rows written since its last look
(a primary-key range) and folds them in, so a look costs what was written since, not the booth's history. The
figures are those of Ledger.totals(): the cash box since the last collection by coin value, the note stacker since
its last collection, and the unpaid, owed and in-doubt amounts not yet settled.
"""

from __future__ import annotations

from kiosk.store.ledger import CashTotals, Ledger, Outstanding


class RunningTotals:
    def __init__(self, ledger: Ledger) -> None:
        self._reset(ledger)

    def _reset(self, ledger: Ledger) -> None:
        self._ledger = ledger
        self._last_id = 0
        self._box: dict[int, int] = {}
        self._settled_yen = 0
        self._open: dict[int, Outstanding] = {}  # unpaid, owed and in-doubt rows not settled, by row id
        self._stacker = [0, 0]  # notes, yen

    def update(self, ledger: Ledger | None = None) -> CashTotals:
        """Fold in what was written since the last look; a different ledger (stores reopened) starts afresh."""
        if ledger is not None and ledger is not self._ledger:
            self._reset(ledger)
        for row in self._ledger.rows_after(self._last_id):
            self._last_id = row.row_id
            if row.kind == "collection":
                self._box.clear()
                self._settled_yen = 0
            elif row.kind == "stacker_collection":
                self._stacker = [0, 0]
            elif row.kind == "credited" and row.note:
                self._stacker = [self._stacker[0] + 1, self._stacker[1] + row.amount_yen]
            elif row.kind == "credited":
                self._box[row.coin_yen] = self._box.get(row.coin_yen, 0) + row.amount_yen
            elif row.kind in ("unpaid", "owed", "note_in_doubt"):
                self._open[row.row_id] = Outstanding(row.row_id, row.kind, row.receipt, row.amount_yen, 0.0)
            elif row.kind == "settled":
                self._settled_yen += row.amount_yen
                if row.payout_ref is not None:
                    self._open.pop(row.payout_ref, None)
        unpaid = [(o.receipt_code, o.amount_yen) for o in self._open.values() if o.kind == "unpaid"]
        owed = [(o.receipt_code, o.amount_yen) for o in self._open.values() if o.kind == "owed"]
        doubt = [(o.receipt_code, o.amount_yen) for o in self._open.values() if o.kind == "note_in_doubt"]
        return CashTotals(dict(self._box), None, unpaid, owed, self._settled_yen, self._stacker[0], self._stacker[1],
                          doubt)
