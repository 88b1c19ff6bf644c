"""`kiosk sim KIND --link PATH`: one simulated device on a pseudo-terminal, driven by line commands on stdin.

For technicians and integrators who test a host (ours or their own) against a bench without the hardware. Every
kind keeps the same conventions, so a script can drive any of them:

- the simulator creates a pty and a symlink to it at PATH (replacing a stale link), then prints ``READY PATH``
  on stdout (flushed) once the link exists;
- each line on stdin is one command (``coin 100``, ``scan TEXT``, ``note 1000``, ``fault NAME``, ``status``,
  ``help``...); each is answered by one line on stdout starting with ``OK`` or ``ERR``;
- ``quit`` ends it; EOF on stdin is ignored (it keeps running, so it can be started with stdin closed);
- SIGTERM or SIGINT ends it cleanly: the pty is closed and the link removed; exit status 0.

A kind is one SimKind entry in SIM_KINDS: its name, a help line, its options, and a function that builds the
simulator from the link path and the parsed options. The simulator object needs only ``port_path``,
``command(line) -> str`` and ``close()``; the simulator panel of the booth drives the same classes.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import queue
import signal
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Protocol, TextIO


class Simulator(Protocol):
    port_path: str

    def command(self, line: str) -> str: ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class SimKind:
    name: str
    help: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    build: Callable[[Path, argparse.Namespace], Simulator]


# ---- the kinds -------------------------------------------------------------------------------------------------


def _cctalk_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--no-hopper", action="store_true", help="only the coin acceptor (address 2) on the bus")
    p.add_argument("--echo", action="store_true", help="echo every request back, like a single-wire bus")
    p.add_argument("--checksum", choices=("8bit", "crc16"), default="8bit")
    p.add_argument("--unknown-header", choices=("silent", "nak"), default="silent",
                   help="what a device does with a header it does not know (models differ)")
    p.add_argument("--hopper-coins", type=int, default=200, help="coins in the hopper at start")
    p.add_argument("--state", type=Path, help="keep the devices' powered state in this JSON file")


def _cctalk_build(link: Path, args: argparse.Namespace) -> Simulator:
    from kiosk.devices.sim.cctalk_device import SimCctalkBus

    return SimCctalkBus(link_path=link, hopper=not args.no_hopper, echo=args.echo, checksum=args.checksum,
                        unknown_header=args.unknown_header, hopper_coins=args.hopper_coins, state_path=args.state)


def _scanner_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--suffix", default="CR", help="what ends each code: CR, CRLF or LF")
    p.add_argument("--baud", type=int, default=9600, help="byte timing of the simulated link")


def _scanner_build(link: Path, args: argparse.Namespace) -> Simulator:
    from kiosk.config import normalize_suffix
    from kiosk.devices.sim.scanner_device import SimScanner

    suffix = normalize_suffix(args.suffix)
    if suffix is None:
        raise SystemExit(f"kiosk sim scanner: --suffix must be CR, CRLF or LF, not {args.suffix!r}")
    return SimScanner(link_path=link, suffix=suffix, baud=args.baud)


def _bills_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--state", type=Path, help="keep the validator's state (stacker, a note in escrow) in this file")


def _bills_build(link: Path, args: argparse.Namespace) -> Simulator:
    from kiosk.devices.sim.id003_device import SimBillValidator

    return SimBillValidator(link_path=link, state_path=args.state)


SIM_KINDS: tuple[SimKind, ...] = (
    SimKind("cctalk", "a ccTalk coin acceptor (address 2) and hopper (address 3) on one bus",
            _cctalk_arguments, _cctalk_build),
    SimKind("scanner", "a serial 2D barcode scanner that sends each code and a suffix",
            _scanner_arguments, _scanner_build),
    SimKind("bills", "a JCM ID-003 bill validator (notes of 1000 yen and more, escrow, every fault)",
            _bills_arguments, _bills_build),
)


def add_parsers(sim: argparse.ArgumentParser) -> None:
    """The `kiosk sim` sub-commands, one per kind."""
    sub = sim.add_subparsers(dest="sim_kind", metavar="KIND")
    for kind in SIM_KINDS:
        p = sub.add_parser(kind.name, help=kind.help, description=f"{kind.help}. " + _CONVENTIONS)
        p.add_argument("--link", type=Path, required=True, help="where the symlink to the pty is made")
        kind.add_arguments(p)


_CONVENTIONS = ("Prints READY PATH once the link exists; reads one command a line on stdin (help lists them; "
                "quit ends; EOF is ignored); answers OK or ERR; SIGTERM ends it cleanly.")


def run_from_args(args: argparse.Namespace) -> int:
    kind = next((k for k in SIM_KINDS if k.name == getattr(args, "sim_kind", None)), None)
    if kind is None:
        print("kiosk: usage: kiosk sim {" + ",".join(k.name for k in SIM_KINDS) + "} --link PATH", file=sys.stderr)
        return 2
    return run(kind, args.link, args)


# ---- the loop --------------------------------------------------------------------------------------------------


def _prepare_link(link: Path) -> None:
    link.parent.mkdir(parents=True, exist_ok=True)
    if link.is_symlink():
        link.unlink()  # a stale link of an earlier run
    elif link.exists():
        raise SystemExit(f"kiosk sim: {link} exists and is not a symlink; not replacing it")


def run(kind: SimKind, link: Path, args: argparse.Namespace, stdin: TextIO | None = None,
        stdout: TextIO | None = None) -> int:
    """Run one simulator until quit, SIGTERM or SIGINT; returns the exit status."""
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    _prepare_link(link)
    stop = threading.Event()
    lines: queue.Queue[str] = queue.Queue()

    def on_signal(_signum: int, _frame: FrameType | None) -> None:
        stop.set()

    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGTERM, signal.SIGINT)}
    sim = kind.build(link, args)
    try:
        _say(stdout, f"READY {link}")
        threading.Thread(target=_read_lines, args=(stdin, lines), name="sim-stdin", daemon=True).start()
        while not stop.is_set():
            try:
                line = lines.get(timeout=0.1)
            except queue.Empty:
                continue
            if not line.strip():
                continue
            if line.strip().lower() == "quit":
                _say(stdout, "OK quit")
                break
            try:
                answer = sim.command(line.strip())
            except Exception as exc:  # a simulator bug must not end the bench silently
                answer = f"ERR {type(exc).__name__}: {exc}"
            _say(stdout, answer)
    finally:
        sim.close()
        with contextlib.suppress(FileNotFoundError):
            if link.is_symlink():
                os.unlink(link)
        for s, handler in previous.items():
            signal.signal(s, handler)
    return 0


def _read_lines(stdin: TextIO, lines: queue.Queue[str]) -> None:
    """Every line of stdin into the queue; at EOF the thread ends and the simulator keeps running."""
    with contextlib.suppress(OSError, ValueError):
        for line in stdin:
            lines.put(line)


def _say(stdout: TextIO, text: str) -> None:
    with contextlib.suppress(OSError, ValueError):  # nobody reads our stdout any more: keep simulating
        stdout.write(text + "\n")
        stdout.flush()
