"""`kiosk cctalk probe`: what a ccTalk device really answers: identity, coin table, inhibits, self-check, or the
hopper's counters, level sensors and test-hopper registers bit by bit; `kiosk cctalk addresses`: who is on the bus."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from kiosk.devices.cctalk.protocol import Header as H
from kiosk.devices.cctalk.protocol import (
    decode_hopper_flags,
    fault_text,
    parse_coin_id,
    parse_level_status,
)
from kiosk.devices.cctalk.transport import BusError, CctalkBus, optional, read_identity

FAULT_BITS = {(1, 0), (1, 1), (1, 3), (1, 4), (1, 5), (2, 0), (2, 3), (2, 4), (2, 5), (2, 6), (3, 0), (3, 1)}


PROBE_REPLY_TIMEOUT_MS = 500  # a technician's tool: patient with slow adapters, never quicker than it is right


def probe(port: str, address: int = 2, echo: str = "auto", checksum: str = "8bit") -> dict[str, Any]:
    """Everything a technician needs to see that the device answers; errors are reported, not raised."""
    bus = CctalkBus(port, echo=echo, checksum=checksum, reply_timeout_ms=PROBE_REPLY_TIMEOUT_MS)
    out: dict[str, Any] = {"port": port, "address": address, "echo_setting": echo}
    try:
        out["identity"] = asdict(read_identity(bus, address))
        category = out["identity"]["category"].lower()
        if "coin" in category:
            _acceptor(bus, address, out)
        elif "payout" in category or "hopper" in category:
            _hopper(bus, address, out)
    except BusError as exc:
        out["error"] = str(exc)
    finally:
        out["echo"] = bus.echo
        out["echo_seen"] = bus.echo_seen
        bus.close()
    return out


def _acceptor(bus: CctalkBus, address: int, out: dict[str, Any]) -> None:
    coins = {}
    for position in range(1, 17):
        coin = parse_coin_id(bus.transact(address, H.REQUEST_COIN_ID, bytes([position])).data)
        coins[position] = coin.raw if coin else None
    out["coins"] = coins
    mask = bus.transact(address, H.REQUEST_INHIBIT_STATUS).data
    out["enabled_positions"] = [p for p in range(1, 17) if int.from_bytes(mask[:2], "little") >> (p - 1) & 1]
    master = bus.transact(address, H.REQUEST_MASTER_INHIBIT).data
    out["master_accepting"] = bool(master and master[0] & 1)
    check = bus.transact(address, H.PERFORM_SELF_CHECK).data
    out["self_check"] = list(check)


def _hopper(bus: CctalkBus, address: int, out: dict[str, Any]) -> None:
    out["lifetime_count"] = int.from_bytes(bus.transact(address, H.REQUEST_DISPENSE_COUNT).data[:3], "little")
    status = bus.transact(address, H.REQUEST_PAYOUT_STATUS).data
    out["payout_status"] = list(status[:4])
    level = optional(bus, address, H.REQUEST_LEVEL_STATUS)
    out["level_status"] = None if level is None else level[:1].hex()
    out["test_hopper"] = list(bus.transact(address, H.TEST_HOPPER).data)


def addresses(port: str, echo: str = "auto", checksum: str = "8bit") -> dict[str, Any]:
    """The address poll (header 253 to the broadcast address 0): the address byte each device sends."""
    bus = CctalkBus(port, echo=echo, checksum=checksum)
    out: dict[str, Any] = {"port": port}
    try:
        out["addresses"] = bus.address_poll()
    except BusError as exc:
        out["error"] = str(exc)
    finally:
        bus.close()
    return out


def format_addresses(result: dict[str, Any]) -> str:
    lines = [f"port {result['port']}, address poll (header 253 to address 0)"]
    if "addresses" in result:
        found = result["addresses"]
        lines.append(f"  devices at: {', '.join(str(a) for a in found)}" if found else "  no device answered")
        if len(set(found)) != len(found):
            lines.append("  two devices answered with the same address: an address clash")
    if "error" in result:
        lines.append(f"  ERROR: {result['error']}")
    return "\n".join(lines)


def _echo_line(result: dict[str, Any]) -> str:
    setting, seen = result.get("echo_setting", "auto"), result.get("echo_seen")
    if seen is None:
        return f"  local echo: unknown (no reply; set {setting})"
    if setting == "auto":
        return f"  local echo: {'yes' if seen else 'no'} (detected)"
    if seen == (setting == "on"):
        return f"  local echo: {'yes' if seen else 'no'} (set {setting}, as the bus does)"
    if setting == "on":
        return "  local echo: set on, but the bus did not echo our bytes (use --echo off or auto)"
    return "  local echo: set off, but the bus echoes our bytes (use --echo on or auto)"


def _level_line(hex_byte: str | None) -> str:
    if hex_byte is None:
        return "  level sensors: no level status (the hopper does not know header 217)"
    s = parse_level_status(bytes.fromhex(hex_byte))
    low = ("low sensor fitted, " + ("coins below it" if s.below_low else "coins above it")) if s.low_fitted \
        else "no low sensor"
    high = ("high sensor fitted, " + ("coins above it" if s.above_high else "coins below it")) if s.high_fitted \
        else "no high sensor"
    return f"  level sensors (0x{hex_byte}): {low}; {high}"


def _hopper_flag_lines(registers: list[int]) -> list[str]:
    raw = " ".join(f"0x{r:02x}" for r in registers)
    lines = [f"  test hopper (163): {raw}"]
    faults = []
    for reg, bit, name, is_set in decode_hopper_flags(bytes(registers)):
        if name == "reserved" and not is_set:
            continue
        lines.append(f"    register {reg} bit {bit}: {name:<50} {'yes' if is_set else 'no'}")
        if is_set and (reg, bit) in FAULT_BITS:
            faults.append(name)
    lines.append(f"  hopper flags: {'faults: ' + '; '.join(faults) if faults else 'no fault flag set'}")
    return lines


def format_probe(result: dict[str, Any]) -> str:
    lines = [f"port {result['port']}, address {result['address']}"]
    ident = result.get("identity")
    if ident:
        lines += [f"  {k.replace('_', ' ')}: {v}" for k, v in ident.items() if k != "address"]
    if ident or result.get("echo_seen") is not None:
        lines.append(_echo_line(result))
    if "coins" in result:
        enabled = set(result.get("enabled_positions", []))
        for pos, coin in result["coins"].items():
            if coin:
                lines.append(f"  coin {pos:2d}: {coin} {'enabled' if pos in enabled else 'inhibited'}")
        lines.append(f"  master inhibit: {'accepting' if result.get('master_accepting') else 'refusing all'}")
    if "self_check" in result:
        check = result["self_check"]
        text = "no answer" if not check else ("OK" if check[0] == 0 else fault_text(check[0], bytes(check[1:2])))
        lines.append(f"  self-check (232): {text}")
    if "lifetime_count" in result:
        lines.append(f"  lifetime dispense count: {result['lifetime_count']}")
        status = result.get("payout_status") or []
        if len(status) == 4:
            lines.append(f"  payout status (166): event counter {status[0]}, coins remaining {status[1]}, "
                         f"last payout paid {status[2]}, unpaid {status[3]}")
        lines.append(_level_line(result.get("level_status")))
    if "test_hopper" in result:
        lines += _hopper_flag_lines(result["test_hopper"])
    if "error" in result:
        lines.append(f"  ERROR: {result['error']}")
    return "\n".join(lines)
