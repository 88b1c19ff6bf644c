"""The reception API's vocabulary, shared by the booth and the reference server (docs/api/openapi.yaml)."""

from __future__ import annotations

APPLICATION_ID_DIGITS = 23  # the 申請書ID: exactly this many ASCII digits
# Why a photo that fails a check may still be sent (the citizen then tells the municipality, with the ID).
PHOTO_EXCEPTION_KINDS = ("religious", "medical", "disability", "infant")


def is_application_id(text: object) -> bool:
    """Exactly APPLICATION_ID_DIGITS ASCII digits, nothing else."""
    return isinstance(text, str) and len(text) == APPLICATION_ID_DIGITS and text.isascii() and text.isdigit()
