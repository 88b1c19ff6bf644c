"""The `kiosk` command: run, selftest, photo-check, reception-server, cctalk probe, storage check, hash-pin, config."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from kiosk import __version__, log
from kiosk.config import Config, ConfigError, describe, load
from kiosk.server.options import add_arguments as add_reception_arguments

LANGS = ("ja", "en", "zh_CN", "zh_TW", "ko", "es", "pt")


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
    st.add_argument("--size", default="1920x1080")
    st.add_argument("--timeout", type=float, default=120.0, help="seconds before the selftest gives up")

    pc = sub.add_parser("photo-check", help="run the photo checks on still images")
    pc.add_argument("images", nargs="+")
    pc.add_argument("--json", action="store_true")

    rs = sub.add_parser("reception-server", help="the reference reception server (HTTPS and mutual TLS)")
    add_reception_arguments(rs)

    cc = sub.add_parser("cctalk", help="ccTalk tools")
    ccsub = cc.add_subparsers(dest="cctalk_command")
    probe = ccsub.add_parser("probe", help="print a device's identity, coin table, inhibits and self-check")
    probe.add_argument("--port", required=True)
    probe.add_argument("--address", type=int, default=2)
    probe.add_argument("--echo", choices=("auto", "on", "off"), default="auto")

    sg = sub.add_parser("storage", help="storage tools")
    sgsub = sg.add_subparsers(dest="storage_command")
    sc = sgsub.add_parser("check", help="check the ledger, the outbox, the key and free space (exit 0 when sound)")
    sc.add_argument("--config", type=Path)

    sub.add_parser("hash-pin", help="hash a maintenance PIN for [maintenance] pin_hash")
    cf = sub.add_parser("config", help="check a config file, or list every setting")
    cf.add_argument("--config", type=Path)
    return p


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
        from kiosk.run import run_booth

        return run_booth(cfg, lang=args.lang, size=_size(args.size), show_panel=not args.no_panel)
    if command == "selftest":
        cfg = _load(args)
        log.setup("WARNING", cfg.log.json)
        _ensure_platform()
        from kiosk.selftest import run_selftest

        return run_selftest(cfg, lang=args.lang, birth_date=args.birth_date, screenshots=args.screenshots,
                            size=_size(args.size) or (1920, 1080), timeout_s=args.timeout)
    if command == "photo-check":
        from kiosk.photo.check_cli import main as photo_check

        return photo_check([*args.images, *(["--json"] if args.json else [])])
    if command == "reception-server":
        log.setup("INFO")
        from kiosk.server.reception import serve_from_args

        return serve_from_args(args)
    if command == "cctalk":
        if args.cctalk_command != "probe":
            print("kiosk: usage: kiosk cctalk probe --port PORT [--address N]", file=sys.stderr)
            return 2
        from kiosk.devices.cctalk.probe import format_probe, probe

        try:
            result = probe(args.port, args.address, echo=args.echo)
        except Exception as exc:
            print(f"kiosk: no answer from a ccTalk device at {args.port} address {args.address}: {exc}",
                  file=sys.stderr)
            return 1
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
