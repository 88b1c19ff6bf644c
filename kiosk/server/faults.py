"""Failures the reference server injects on purpose: for the simulator panel, the tests and the benchmarks."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from kiosk.server.rules import ID_NO_LONGER_VALID, Refusal


@dataclass
class Faults:
    """Failures to inject; change them from any thread (each request reads them under a lock)."""

    fail_next_503: int = 0  # answer 503 to the next N submissions
    drop_before_next: int = 0  # close the next N connections without reading or answering
    drop_after_store_next: int = 0  # store the next N applications, then close without answering (lost 201)
    delay_s: float = 0.0  # wait this long before answering (after storing) ...
    delay_next: int = 0  # ... for the next N requests; -1: for every request
    refusals: dict[str, Refusal] = field(default_factory=dict)  # application id -> final 4xx answer
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def take(self, name: str) -> bool:
        """Consume one count of a counted fault."""
        with self.lock:
            value = getattr(self, name)
            if value == 0:
                return False
            if value > 0:
                setattr(self, name, value - 1)
            return True

    def refuse_id(self, application_id: str, refusal: Refusal = ID_NO_LONGER_VALID) -> None:
        with self.lock:
            self.refusals[application_id] = refusal

    def refusal_for(self, application_id: str) -> Refusal | None:
        with self.lock:
            return self.refusals.get(application_id)

    def clear(self) -> None:
        with self.lock:
            self.fail_next_503 = self.drop_before_next = self.drop_after_store_next = self.delay_next = 0
            self.delay_s = 0.0
            self.refusals.clear()
