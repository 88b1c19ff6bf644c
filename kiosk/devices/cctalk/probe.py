"""`kiosk cctalk probe`: ask a ccTalk device who it is, its coin table, inhibit state and self-check."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from kiosk.devices.cctalk.protocol import Header, parse_coin_id
from kiosk.devices.cctalk.transport import BusError, CctalkBus, read_identity


def probe(port: str, address: int = 2, echo: str = "auto", checksum: str = "8bit") -> dict[str, Any]:
    """Everything a technician needs to see that the device answers; errors are reported, not raised."""
    bus = CctalkBus(port, echo=echo, checksum=checksum)
    out: dict[str, Any] = {"port": port, "address": address}
    try:
        out["identity"] = asdict(read_identity(bus, address))
        out["echo"] = bus.echo
        if "coin" in out["identity"]["category"].lower():
            coins = {}
            for position in range(1, 17):
                raw = bus.transact(address, Header.REQUEST_COIN_ID, bytes([position])).data
                coin = parse_coin_id(raw)
                coins[position] = coin.raw if coin else None
            out["coins"] = coins
            mask = bus.transact(address, Header.REQUEST_INHIBIT_STATUS).data
            out["enabled_positions"] = [
                p for p in range(1, 17) if int.from_bytes(mask[:2], "little") >> (p - 1) & 1
            ]
            master = bus.transact(address, Header.REQUEST_MASTER_INHIBIT).data
            out["master_accepting"] = bool(master and master[0] & 1)
            check = bus.transact(address, Header.PERFORM_SELF_CHECK).data
            out["self_check"] = check[0] if check else None
        else:
            count = bus.transact(address, Header.REQUEST_DISPENSE_COUNT).data
            out["lifetime_count"] = int.from_bytes(count[:3], "little")
            flags = bus.transact(address, Header.TEST_HOPPER).data
            out["self_check"] = flags[0] if flags else None
            out["level_status"] = bus.transact(address, Header.REQUEST_LEVEL_STATUS).data.hex()
    except BusError as exc:
        out["error"] = str(exc)
    finally:
        bus.close()
    return out


def format_probe(result: dict[str, Any]) -> str:
    lines = [f"port {result['port']}, address {result['address']}"]
    ident = result.get("identity")
    if ident:
        lines += [f"  {k.replace('_', ' ')}: {v}" for k, v in ident.items() if k != "address"]
        lines.append(f"  local echo: {'yes' if result.get('echo') else 'no'}")
    if "coins" in result:
        enabled = set(result.get("enabled_positions", []))
        for pos, coin in result["coins"].items():
            if coin:
                lines.append(f"  coin {pos:2d}: {coin} {'enabled' if pos in enabled else 'inhibited'}")
        lines.append(f"  master inhibit: {'accepting' if result.get('master_accepting') else 'refusing all'}")
    if "lifetime_count" in result:
        lines.append(f"  lifetime dispense count: {result['lifetime_count']}")
        lines.append(f"  level sensors: 0x{result.get('level_status')}")
    if "self_check" in result:
        code = result["self_check"]
        lines.append(f"  self-check: {'OK' if code == 0 else f'fault code {code}'}")
    if "error" in result:
        lines.append(f"  ERROR: {result['error']}")
    return "\n".join(lines)
