"""Random identifiers of sessions, envelopes and stray coins: 128 bits, in letters only.

Letters only, so that an identifier never looks like the 23-digit application ID or a date (the log filter masks
long digit runs, which would cut an identifier made of hex digits), and 128 bits, so that a fleet of thousands of
booths never draws the same one twice in practice. The stores still refuse a repeat (a test forces one).
"""

from __future__ import annotations

import math
import secrets

ALPHABET = "abcdefghijkmnpqrstuvwxyz"  # 24 letters: no l (looks like 1) and no o (looks like 0)
BITS = 128
LENGTH = math.ceil(BITS / math.log2(len(ALPHABET)))  # 28 letters


def new_id() -> str:
    """A fresh random identifier of LENGTH letters."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
