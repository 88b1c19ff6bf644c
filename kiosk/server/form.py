"""The multipart/form-data body of a submission, split into parts by python-multipart, in memory (pure).

Starlette's own `Request.form()` is not used: it spools file parts of over 1 MB to a temporary file (a photo is
personal data and must not reach the disk outside the store) and it drops each text part's Content-Type, which
the API requires (the application part is application/json).
"""

from __future__ import annotations

from dataclasses import dataclass

from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header

from kiosk.server.rules import RequestRefused, invalid

MAX_PARTS = 16  # the API has two; a few extra parts are allowed (and ignored), not thousands

MALFORMED = invalid("malformed_request", "malformed multipart body", "送信データの形式の誤り")
NOT_MULTIPART = invalid("malformed_request", "not multipart/form-data", "送信データの形式の誤り", 415)


@dataclass(frozen=True)
class Part:
    """One part: its name, its media type (lower case, without parameters) and its content."""

    name: str
    content_type: str
    content: bytes


def parse_form(content_type: bytes | str, body: bytes) -> dict[str, list[Part]]:
    """Split a multipart/form-data body into {name: [parts with that name]}; RequestRefused if malformed."""
    if isinstance(content_type, str):
        try:
            content_type = content_type.encode("latin-1")  # HTTP header text is latin-1 at most
        except UnicodeEncodeError:
            raise RequestRefused(MALFORMED) from None
    media, params = parse_options_header(content_type)
    if media != b"multipart/form-data":
        raise RequestRefused(NOT_MULTIPART)
    boundary = params.get(b"boundary", b"")
    if not boundary:
        raise RequestRefused(MALFORMED)
    parts: dict[str, list[Part]] = {}
    count = 0
    headers: list[tuple[bytes, bytes]] = []
    field: list[bytes] = []
    value: list[bytes] = []
    data: list[bytes] = []
    ended = False

    def on_part_begin() -> None:
        headers.clear()
        data.clear()

    def on_header_field(chunk: bytes, start: int, end: int) -> None:
        field.append(chunk[start:end])

    def on_header_value(chunk: bytes, start: int, end: int) -> None:
        value.append(chunk[start:end])

    def on_header_end() -> None:
        headers.append((b"".join(field).strip().lower(), b"".join(value).strip()))
        field.clear()
        value.clear()

    def on_part_data(chunk: bytes, start: int, end: int) -> None:
        data.append(chunk[start:end])

    def on_part_end() -> None:
        nonlocal count
        count += 1
        if count > MAX_PARTS:
            raise RequestRefused(MALFORMED)
        found = dict(headers)
        disposition, options = parse_options_header(found.get(b"content-disposition", b""))
        name = options.get(b"name")
        if disposition != b"form-data" or name is None:
            raise RequestRefused(MALFORMED)
        media_type = parse_options_header(found.get(b"content-type", b"text/plain"))[0]
        key = name.decode("latin-1")
        parts.setdefault(key, []).append(Part(key, media_type.decode("latin-1"), b"".join(data)))

    def on_end() -> None:
        nonlocal ended
        ended = True

    try:
        parser = MultipartParser(
            boundary,
            {
                "on_part_begin": on_part_begin,
                "on_header_field": on_header_field,
                "on_header_value": on_header_value,
                "on_header_end": on_header_end,
                "on_part_data": on_part_data,
                "on_part_end": on_part_end,
                "on_end": on_end,
            },
        )
        parser.write(body)
        parser.finalize()
    except FormParserError:
        raise RequestRefused(MALFORMED) from None
    if not ended:  # python-multipart does not check that the closing boundary came (a truncated body)
        raise RequestRefused(MALFORMED)
    return parts


def submission_parts(content_type: bytes | str, body: bytes) -> tuple[bytes, bytes]:
    """(application JSON, photo JPEG) of a submission; other parts are allowed and ignored."""
    parts = parse_form(content_type, body)
    application, photo = parts.get("application", []), parts.get("photo", [])
    if len(application) != 1 or len(photo) != 1:
        raise RequestRefused(
            invalid("malformed_request", "parts application and photo expected once each", "送信データの不足")
        )
    if application[0].content_type != "application/json":
        raise RequestRefused(invalid("malformed_request", "application must be JSON", "送信データの形式の誤り"))
    if photo[0].content_type != "image/jpeg":
        raise RequestRefused(invalid("invalid_photo", "photo must be image/jpeg", "写真の形式", 415))
    return application[0].content, photo[0].content
