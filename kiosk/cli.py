"""The `kiosk` command: run, selftest, photo-check, reception-server, cctalk, sim, storage check, hash-pin, config."""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
from pathlib import Path

from kiosk import __version__, log
from kiosk.config import Config, ConfigError, describe, load
from kiosk.server.options import add_arguments as add_reception_arguments

LANGS = ("ja", "en", "zh_CN", "zh_TW", "ko", "es", "pt")
FAST_SCALE = 10.0  # selftest --fast: [simulator] time_scale


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kiosk", description="My Number card applications at an ID-photo booth.")
    p.add_argument("--version", action="version", version=f"kiosk {__version__}")
    sub = p.add_subparsers(dest="command")

    run = sub.add_parser("run", help="run the booth (simulator mode when no hardware is configured)")
    run.add_argument("--config", type=Path, help="TOML config file (none: simulator mode with defaults)")
    run.add_argument("--simulate", action="store_true", help="replace every device by its simulator")
    run.add_argument("--lang", choices=LANGS, default="ja", help="language of the first screen")
    run.add_argument("--size", help="window size WxH instead of full screen, e.g. 1920x1080")
    run.add_argument("--no-panel", action="store_true", help="hide the simulator control panel")

    st = sub.add_parser("selftest", help="run one whole session through the real screens and print JSON")
    st.add_argument("--config", type=Path)
    st.add_argument("--simulate", action="store_true")
    st.add_argument("--lang", choices=LANGS, default="ja")
    st.add_argument("--birth-date", default="1985-04-12", help="YYYY-MM-DD entered on the details screen")
    st.add_argument("--screenshots", type=Path, help="save a PNG of every screen visited into this folder")
    st.add_argument("--service", choices=("my_number", "idphoto"), default="my_number",
                    help="the card application (default) or one print session (idphoto)")
    st.add_argument("--size", default=None, help="window size WxH (default 1920x1080); with --service idphoto, "
                    "the photo size: 30x40, 35x45 or 24x30")
    st.add_argument("--window-size", default=None, help="window size WxH with --service idphoto")
    st.add_argument("--timeout", type=float, default=120.0, help="seconds before the selftest gives up")
    st.add_argument("--fast", action="store_true",
                    help="a simulated booth at ten times its pace ([simulator] time_scale = 10): the simulated "
                         "devices' pauses and the flow's fixed waits; refused (exit 2) on a booth with real devices")
    st.add_argument("--pay", choices=("coins", "note"), default="coins",
                    help="pay the fee in coins (the default) or with one note through the bill validator")

    pc = sub.add_parser("photo-check", help="run the photo checks on still images")
    pc.add_argument("images", nargs="+")
    pc.add_argument("--json", action="store_true")

    rs = sub.add_parser("reception-server", help="the reference reception server (HTTPS and mutual TLS)")
    add_reception_arguments(rs)

    cc = sub.add_parser("cctalk", help="ccTalk tools")
    ccsub = cc.add_subparsers(dest="cctalk_command")
    probe = ccsub.add_parser("probe", help="print what a device answers: identity, coin table, inhibits and "
                             "self-check, or a hopper's counters, level sensors and test-hopper flags")
    probe.add_argument("--port", required=True)
    probe.add_argument("--address", type=_cctalk_address, default=2, help="2..255 (coin acceptor 2, hopper 3)")
    probe.add_argument("--echo", choices=("auto", "on", "off"), default="auto")
    probe.add_argument("--checksum", choices=("8bit", "crc16"), default="8bit")
    poll = ccsub.add_parser("addresses", help="list the devices on the bus (address poll, broadcast address 0)")
    poll.add_argument("--port", required=True)
    poll.add_argument("--echo", choices=("auto", "on", "off"), default="auto")

    sg = sub.add_parser("storage", help="storage tools")
    sgsub = sg.add_subparsers(dest="storage_command")
    sc = sgsub.add_parser("check", help="check the ledger, the outbox, the key and free space (exit 0 when sound)")
    sc.add_argument("--config", type=Path)

    from kiosk.devices.sim.standalone import add_parsers

    add_parsers(sub.add_parser("sim", help="run a simulated device on a pseudo-terminal for a bench or a host"))

    sub.add_parser("input-devices", help="list the input devices (for [devices.barcode_reader] driver keyboard)")
    sub.add_parser("hash-pin", help="hash a maintenance PIN for [maintenance] pin_hash")
    cf = sub.add_parser("config", help="check a config file, or list every setting")
    cf.add_argument("--config", type=Path)
    return p


def _cctalk_address(text: str) -> int:
    try:
        value = int(text, 0)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 2 <= value <= 255:
        raise argparse.ArgumentTypeError(f"a ccTalk device address is 2..255 (1 is the host), not {value}")
    return value


def _size(text: str | None) -> tuple[int, int] | None:
    if not text:
        return None
    try:
        w, h = text.lower().split("x")
        return int(w), int(h)
    except ValueError:
        raise SystemExit(f"kiosk: --size must look like 1920x1080, not {text!r}") from None


def _load(args: argparse.Namespace) -> Config:
    try:
        return load(args.config, simulate=getattr(args, "simulate", False))
    except ConfigError as exc:
        print(f"kiosk: config error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None


def _ensure_platform() -> None:
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(argv: list[str] | None = None) -> int:
    from kiosk.store.lock import StorageInUse

    try:
        return _main(argv)
    except StorageInUse as exc:
        print(f"kiosk: cannot start: {exc}", file=sys.stderr)
        return 2


def _main(argv: list[str] | None) -> int:
    args = _parser().parse_args(argv)
    command = args.command or "run"
    if command == "run" and args.command is None:
        args = _parser().parse_args(["run", *(argv or sys.argv[1:])])
    if command == "run":
        cfg = _load(args)
        log.setup(cfg.log.level, cfg.log.json)
        from kiosk.run import leave, run_booth

        leave(run_booth(cfg, lang=args.lang, size=_size(args.size), show_panel=not args.no_panel))
    if command == "selftest":
        cfg = _load(args)
        if args.fast:
            if not cfg.booth.simulate:
                print("kiosk: selftest --fast runs a simulated booth only (--simulate, or [booth] simulate = true): "
                      "real devices keep their own time", file=sys.stderr)
                return 2
            cfg = dataclasses.replace(cfg, simulator=dataclasses.replace(cfg.simulator, time_scale=FAST_SCALE))
        log.setup("WARNING", cfg.log.json)
        _ensure_platform()
        from kiosk.selftest import run_selftest

        photo_size, window = "", args.size
        if args.service == "idphoto":
            photo_size, window = args.size or "35x45", args.window_size
            offered = cfg.idphoto.sizes if cfg.printer.driver != "none" else []
            if photo_size not in offered:
                print(f"kiosk: --size {photo_size!r} is not a print size this booth offers "
                      f"({', '.join(offered) or 'no printer'})", file=sys.stderr)
                return 2
        return run_selftest(cfg, lang=args.lang, birth_date=args.birth_date, screenshots=args.screenshots,
                            size=_size(window or "1920x1080") or (1920, 1080), timeout_s=args.timeout,
                            service=args.service, photo_size=photo_size, pay=args.pay)
    if command == "photo-check":
        from kiosk.photo.check_cli import main as photo_check

        return photo_check([*args.images, *(["--json"] if args.json else [])])
    if command == "reception-server":
        log.setup("INFO")
        from kiosk.server.reception import serve_from_args

        return serve_from_args(args)
    if command == "cctalk":
        from kiosk.devices.cctalk.probe import addresses, format_addresses, format_probe, probe

        if args.cctalk_command == "addresses":
            found = addresses(args.port, echo=args.echo)
            print(format_addresses(found))
            return 1 if "error" in found or not found.get("addresses") else 0
        if args.cctalk_command != "probe":
            print("kiosk: usage: kiosk cctalk probe --port PORT [--address N] | kiosk cctalk addresses --port PORT",
                  file=sys.stderr)
            return 2
        result = probe(args.port, args.address, echo=args.echo, checksum=args.checksum)
        print(format_probe(result))
        return 1 if "error" in result else 0
    if command == "storage":
        if args.storage_command != "check":
            print("kiosk: usage: kiosk storage check [--config FILE]", file=sys.stderr)
            return 2
        cfg = _load(args)
        from kiosk.store.check import check_folder
        from kiosk.store.db import state_dir

        folder = state_dir(cfg.storage.dir)
        findings = check_folder(folder, cfg.storage.headroom_mb * 1_000_000, cfg.storage.reserve_mb * 1_000_000)
        print(f"storage folder {folder}")
        for finding in findings:
            print(f"  {finding}")
        sound = all(f.ok for f in findings)
        print("all well" if sound else "NOT sound: see docs/technician.md (Storage)")
        return 0 if sound else 1
    if command == "sim":
        from kiosk.devices.sim.standalone import run_from_args

        return run_from_args(args)
    if command == "input-devices":
        from kiosk.devices.keyboard_reader import list_input_devices

        devices = list_input_devices()
        if not devices:
            print("no input device can be opened (none attached, or run as a user in the 'input' group)")
            return 1
        for d in devices:
            kind = "types text" if d.types_text else "no text keys"
            print(f"{d.path}  vendor_id {d.vendor:04x}  product_id {d.product:04x}  {kind}  name {d.name!r}")
        return 0
    if command == "hash-pin":
        from kiosk.ui.pin import main as hash_pin

        return hash_pin([])
    if command == "config":
        if args.config:
            _load(args)
            print(f"{args.config}: valid")
            return 0
        for key, kind, default, doc in describe():
            print(f"{key} ({kind}, default {default!r}): {doc}")
        return 0
    return 2
