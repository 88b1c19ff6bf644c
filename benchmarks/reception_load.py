"""Benchmark: many booths submitting at once to the reference reception server, today's and the previous one.

For each server and each concurrency level (50, 200, 1000 by default) a fresh server process gets that many
submissions at the same moment, each over its own connection, with a distinct Idempotency-Key and a
real-sized photo (100-300 KB JPEG). Reported: how many were answered 201 with a reception number, how many
failed (connection reset or refused, time-out, other status), whether any number was given twice or any
application stored twice, p50/p95/max latency (connect to last byte of the answer), the wall time, and the
server process's resident memory before and at its peak (VmHWM).

The previous server is the hand-written http.server one, taken from git (`git show COMMIT:kiosk/server/
reception.py`) into a temporary folder for this run only; it is never committed back.

Usage: python -m benchmarks.reception_load [--levels 50,200,1000] [--baseline-commit SHA] [--json FILE]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from kiosk.devices.submitter import encode_multipart
from kiosk.server.rules import sample_jpeg

ROOT = Path(__file__).resolve().parents[1]
# a child process: start the server on loopback, print its URL, serve until stdin closes
CHILD = """
import sys, importlib, pathlib
module = importlib.import_module(sys.argv[1])
server = module.ReceptionServer("127.0.0.1", 0, pathlib.Path(sys.argv[2]))
server.start()
print(server.url, flush=True)
sys.stdin.read()
server.stop()
print(server.received, flush=True)
"""


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def baseline_commit() -> str:
    """The last commit whose reception.py is the hand-written http.server (the parent of its replacement)."""
    out = subprocess.run(
        ["git", "log", "--format=%H", "-S", "class _Handler(BaseHTTPRequestHandler)", "--",
         "kiosk/server/reception.py"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    if not out:
        raise SystemExit("reception_load: no commit with the hand-written server found in git")
    removed = out[0]
    source = subprocess.run(["git", "show", f"{removed}:kiosk/server/reception.py"], cwd=ROOT,
                            capture_output=True, text=True).stdout
    commit = removed if "BaseHTTPRequestHandler" in source else f"{removed}^"
    return subprocess.run(["git", "rev-parse", commit], cwd=ROOT, capture_output=True, text=True,
                          check=True).stdout.strip()


def photos() -> list[bytes]:
    """Eight different photos of the official shape, 100-300 KB."""
    out = []
    for seed, (width, height, quality) in enumerate([(827, 1063, 30), (827, 1063, 15), (827, 1063, 20),
                                                     (827, 1063, 25), (700, 900, 20), (700, 900, 30),
                                                     (960, 1234, 12), (960, 1234, 18)]):
        jpeg = sample_jpeg(width, height, seed=seed, quality=quality)
        assert 100_000 <= len(jpeg) <= 300_000, len(jpeg)
        out.append(jpeg)
    return out


def requests(n: int, offset: int, pictures: list[bytes]) -> list[bytes]:
    """n complete HTTP requests, each a different application under its own key."""
    out = []
    for i in range(n):
        application = json.dumps({
            "application_id": f"{offset + i:023d}", "birth_date": "1980-01-02", "signature_certificate": True,
            "user_certificate": True, "braille": False, "booth_id": f"booth-{i % 97:04d}",
            "captured_at": "2026-11-29T09:30:15+09:00", "photo_exception": None}).encode()
        content_type, body = encode_multipart([("application", "", "application/json", application),
                                               ("photo", "photo.jpg", "image/jpeg", pictures[i % len(pictures)])])
        head = (f"POST /v1/applications HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {content_type}\r\n"
                f"Idempotency-Key: {uuid.uuid4()}\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n")
        out.append(head.encode() + body)
    return out


async def submit(port: int, request: bytes, start: asyncio.Event, timeout_s: float) -> tuple[str, float, str]:
    """One submission: (outcome, seconds, reception number); outcome "201" or what went wrong."""
    await start.wait()
    t0 = time.perf_counter()
    try:
        async with asyncio.timeout(timeout_s):
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            try:
                writer.write(request)
                await writer.drain()
                answer = await reader.read()
            finally:
                writer.close()
    except TimeoutError:
        return "time-out", time.perf_counter() - t0, ""
    except (ConnectionError, OSError) as exc:
        return type(exc).__name__, time.perf_counter() - t0, ""
    took = time.perf_counter() - t0
    status = answer[9:12].decode(errors="replace") if answer.startswith(b"HTTP/1.") else "no answer"
    match = re.search(rb'"reception_number":\s*"([^"]+)"', answer)
    return status, took, match.group(1).decode() if match else ""


async def burst(port: int, batch: list[bytes], timeout_s: float) -> tuple[list[tuple[str, float, str]], float]:
    start = asyncio.Event()
    tasks = [asyncio.create_task(submit(port, request, start, timeout_s)) for request in batch]
    await asyncio.sleep(0.2)  # every task waits at the start line
    t0 = time.perf_counter()
    start.set()
    results = await asyncio.gather(*tasks)
    return list(results), time.perf_counter() - t0


def rss_kb(pid: int) -> tuple[int, int]:
    """(VmRSS, VmHWM) of a process in KiB."""
    status = Path(f"/proc/{pid}/status").read_text()
    return (int(re.search(r"VmRSS:\s+(\d+)", status).group(1)),  # type: ignore[union-attr]
            int(re.search(r"VmHWM:\s+(\d+)", status).group(1)))  # type: ignore[union-attr]


def run_level(name: str, module: str, pythonpath: str, n: int, pictures: list[bytes], work: Path,
              timeout_s: float) -> dict[str, object]:
    store = work / f"{name}-{n}"
    proc = subprocess.Popen([sys.executable, "-c", CHILD, module, str(store)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True, cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": pythonpath})
    assert proc.stdout is not None and proc.stdin is not None
    url = proc.stdout.readline().strip()
    port = int(url.rsplit(":", 1)[1])
    batch = requests(n, 10_000_000 * n, pictures)
    idle_kb, _ = rss_kb(proc.pid)
    results, wall_s = asyncio.run(burst(port, batch, timeout_s))
    _, peak_kb = rss_kb(proc.pid)
    proc.stdin.close()
    stored = int(proc.stdout.readline().strip() or -1)
    proc.wait(timeout=60)
    folders = [p for p in store.iterdir() if p.name.startswith("R")]
    ids = [json.loads((p / "application.json").read_bytes())["application_id"] for p in folders]
    ok = [r for r in results if r[0] == "201" and r[2]]
    failures: dict[str, int] = {}
    for outcome, _, _number in results:
        if outcome != "201":
            failures[outcome] = failures.get(outcome, 0) + 1
    latencies = [r[1] * 1000 for r in ok]
    numbers = [r[2] for r in ok]
    return {
        "server": name, "concurrent": n, "answered_201": len(ok), "failed": failures,
        "numbers_given_twice": len(numbers) - len(set(numbers)), "stored": stored,
        "stored_twice": len(ids) - len(set(ids)),
        "p50_ms": statistics.median(latencies) if latencies else None,
        "p95_ms": percentile(latencies, 0.95) if latencies else None,
        "max_ms": max(latencies) if latencies else None,
        "wall_s": wall_s, "rss_idle_mb": idle_kb / 1024, "rss_peak_mb": peak_kb / 1024,
    }


def table(rows: list[dict[str, object]]) -> str:
    def ms(v: object) -> str:
        return "n/a" if v is None else f"{float(v):.0f}"  # type: ignore[arg-type]

    lines = ["| server | concurrent | answered 201 | failed | doubled | p50 ms | p95 ms | max ms | wall s | "
             "RSS idle MB | RSS peak MB |", "|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        failed = ", ".join(f"{k} {v}" for k, v in sorted(r["failed"].items())) or "0"  # type: ignore[union-attr]
        doubled = int(r["numbers_given_twice"]) + int(r["stored_twice"])  # type: ignore[call-overload]
        lines.append(f"| {r['server']} | {r['concurrent']} | {r['answered_201']} | {failed} | {doubled} | "
                     f"{ms(r['p50_ms'])} | {ms(r['p95_ms'])} | {ms(r['max_ms'])} | {float(r['wall_s']):.1f} | "  # type: ignore[arg-type]
                     f"{float(r['rss_idle_mb']):.0f} | {float(r['rss_peak_mb']):.0f} |")  # type: ignore[arg-type]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--levels", default="50,200,1000", help="concurrency levels, comma-separated")
    parser.add_argument("--baseline-commit", default="", help="commit of the previous server (default: found)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds a client waits for its answer")
    parser.add_argument("--json", type=Path, help="write the rows as JSON here")
    args = parser.parse_args()
    levels = [int(x) for x in args.levels.split(",")]
    commit = args.baseline_commit or baseline_commit()
    pictures = photos()
    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory(prefix="kiosk-load-") as folder:
        work = Path(folder)
        old = work / "baseline"
        old.mkdir()
        source = subprocess.run(["git", "show", f"{commit}:kiosk/server/reception.py"], cwd=ROOT,
                                capture_output=True, text=True, check=True).stdout
        (old / "baseline_reception.py").write_text(source, encoding="utf-8")
        servers = [("today (Starlette + uvicorn)", "kiosk.server.reception", str(ROOT)),
                   ("previous (http.server)", "baseline_reception", f"{old}{os.pathsep}{ROOT}")]
        for n in levels:
            for name, module, path in servers:
                print(f"reception_load: {name}, {n} at once ...", file=sys.stderr, flush=True)
                rows.append(run_level(name.split()[0], module, path, n, pictures, work, args.timeout))
    sizes = sorted(len(p) for p in pictures)
    print(f"photos {sizes[0] // 1000}-{sizes[-1] // 1000} KB; previous server from commit {commit[:12]}; "
          f"each level on a fresh server process; client: one asyncio connection a submission")
    print(table(rows))
    complete = all(r["answered_201"] == r["concurrent"] and not r["numbers_given_twice"] and not r["stored_twice"]
                   for r in rows if r["server"] == "today")
    print(f"today's server: every submission answered once at every level: {'yes' if complete else 'NO'}")
    if args.json:
        args.json.write_text(json.dumps({"commit": commit, "rows": rows}, indent=1))
    sys.exit(0 if complete else 1)


if __name__ == "__main__":
    main()
