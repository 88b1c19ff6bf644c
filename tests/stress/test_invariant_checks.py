"""The soak's detectors themselves: they must see personal data and growth when it is there."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from benchmarks.soak import LeakScanner, Secrets, exactly_once, scan_files, slope_per_1000


def _secrets() -> Secrets:
    s = Secrets()
    s.add_id("12345678901234567890123")
    s.add_birth(date(1985, 4, 12))
    return s


def test_leak_scanner_finds_ids_and_birth_dates_in_any_usual_spelling() -> None:
    scanner = LeakScanner(_secrets())
    for line in ("id 12345678901234567890123\n", "id 12345 6789 0123 4567 890123\n", "born 1985-04-12\n",
                 "born 1985/4/12\n", "born 19850412\n", "born 1985年4月12日\n"):
        scanner.write(line)
    assert len(scanner.leaks) == 6
    assert all("1985" not in leak and "12345" not in leak for leak in scanner.leaks)  # reports stay clean


def test_leak_scanner_ignores_other_numbers() -> None:
    scanner = LeakScanner(_secrets())
    scanner.write("txn 8538966a paid 800 yen, counter 84, 1985-04-13, 99999999999999999999999\n")
    assert scanner.leaks == [] and scanner.lines == 1


def test_scan_files_finds_plain_text_and_utf16(tmp_path: Path) -> None:
    (tmp_path / "a.db").write_bytes(b"\x00\x01 12345678901234567890123 \x00")
    (tmp_path / "b.txt").write_bytes("19850412".encode("utf-16-le"))
    (tmp_path / "c.bin").write_bytes(b"nothing here 1985-04-13")
    assert sorted(Path(p.split(" ")[0]).name for p in scan_files(tmp_path, _secrets())) == ["a.db", "b.txt"]


def test_growth_slope_per_1000_sessions() -> None:
    assert slope_per_1000([(n, 1000 + 2 * n) for n in range(10, 200, 10)]) == 2000
    assert slope_per_1000([(n, 5) for n in range(10, 200, 10)]) == 0


def test_scan_files_skips_a_file_that_vanishes_while_it_is_read(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # a shared /tmp: another process's file is gone between the scan's look at it and its reading (a 300-session
    # timing campaign ended with a FileNotFoundError from pip's unpack folder and no report)
    (tmp_path / "pip-unpack.whl").write_bytes(b"no secret here")
    (tmp_path / "b.txt").write_bytes("19850412".encode("utf-16-le"))
    read_bytes = Path.read_bytes
    reads: dict[str, int] = {}

    def vanishing(self: Path) -> bytes:
        reads[self.name] = reads.get(self.name, 0) + 1
        if self.name == "pip-unpack.whl" and reads[self.name] > 1:
            raise FileNotFoundError(2, "No such file or directory", str(self))
        return read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", vanishing)
    assert [Path(p.split(" ")[0]).name for p in scan_files(tmp_path, _secrets())] == ["b.txt"]


def test_exactly_once_counts_a_received_row_waiting_for_its_replay_once() -> None:
    # the 300-session timing campaign: 239 charged, 239 received, 2 rows still queued that the server had stored
    # before the connection dropped (drop_after); they are not missing applications
    assert exactly_once(239, 239, 2, 2) == []
    assert exactly_once(239, 237, 2, 0) == []  # two queued, not yet received
    assert exactly_once(239, 239, 2, 0)  # two queued that were never received: doubled
    assert exactly_once(239, 238, 0, 0)  # one charged application nowhere: lost
    assert exactly_once(239, 238, 1, 1)  # the queued one is the received one: still one lost
