"""The reception API's vocabulary, shared by the booth and the reference server (docs/api/openapi.yaml)."""

from __future__ import annotations

from datetime import date

APPLICATION_ID_DIGITS = 23  # the 申請書ID: exactly this many ASCII digits
# Why a photo that fails a check may still be sent (the citizen then tells the municipality, with the ID).
PHOTO_EXCEPTION_KINDS = ("religious", "medical", "disability", "infant")
# The earliest birth date: 明治 formally starts 1868-01-25 (retroactively), but the Gregorian calendar and dated
# records of the era start with the change of era name on 1868-10-23. Earlier dates are typing errors.
EARLIEST_BIRTH_DATE = date(1868, 10, 23)


def is_application_id(text: object) -> bool:
    """Exactly APPLICATION_ID_DIGITS ASCII digits, nothing else."""
    return isinstance(text, str) and len(text) == APPLICATION_ID_DIGITS and text.isascii() and text.isdigit()
