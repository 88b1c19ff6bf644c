"""A private cupsd on loopback for the printer tests: its own config, spool and logs in a temporary folder, one
queue whose backend writes each job's bytes to a folder, and faults the backend reports as a printer would.

The backend is a small shell script in the test's own ServerBin (the real CUPS daemon programs are linked
beside it). It copies the job to OUT/job-N.out; when OUT/fault holds a PWG state reason ("media-empty-error")
it reports it with a STATE: message and exits 4 (CUPS_BACKEND_STOP: CUPS stops the queue and keeps the job);
when it holds "abort" it exits 1 under the queue's abort-job error policy (CUPS aborts the job); when it holds
"hold" it waits until the file is emptied (a printer slow to finish). The backend runs as root only when its
mode is 0700 (cupsd's rule), so it can write into the 0700 temporary folder.

Debian's cupsd (package cups-daemon) is needed; start() raises CupsUnavailable with the reason when it cannot
start, and the tests skip with that reason. stop() ends the daemon (by its pid, which this helper started) and
removes the folder, always.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

CUPSD = "/usr/sbin/cupsd"
CUPS_LIB = Path("/usr/lib/cups")
CUPS_DATA = Path("/usr/share/cups")
START_TIMEOUT_S = 10.0

BACKEND = """#!/bin/sh
# booth test backend: $DEVICE_URI is boothtest:<folder>
if [ $# -eq 0 ]; then echo 'direct boothtest "Unknown" "Booth test output folder"'; exit 0; fi
dir="${DEVICE_URI#boothtest:}"
fault=$(cat "$dir/fault" 2>/dev/null)
while [ "$fault" = hold ]; do sleep 0.05; fault=$(cat "$dir/fault" 2>/dev/null); done
case "$fault" in
  "") ;;
  abort) echo "ERROR: the printer gave up" >&2; exit 1 ;;
  *) echo "STATE: +$fault" >&2; echo "ERROR: printer fault $fault" >&2; exit 4 ;;
esac
if [ -n "$6" ]; then cat "$6" > "$dir/job-$1.tmp"; else cat > "$dir/job-$1.tmp"; fi
mv "$dir/job-$1.tmp" "$dir/job-$1.out"
# printed: the printer is fine, as a real backend tells CUPS once it sees the printer ready
echo "STATE: -media-empty-error,marker-supply-empty-error,door-open-error" >&2
exit 0
"""


class CupsUnavailable(RuntimeError):
    """cupsd cannot run here; the message says why."""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class CupsServer:
    def __init__(self, queue: str = "booth") -> None:
        self.queue = queue
        self.root = Path(tempfile.mkdtemp(prefix="booth-cupsd-"))
        self.out = self.root / "out"
        self.port = 0
        self._proc: subprocess.Popen[bytes] | None = None

    @property
    def server(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self) -> CupsServer:
        try:
            self._start()
        except BaseException:
            self.stop()
            raise
        return self

    def _start(self) -> None:
        if not os.access(CUPSD, os.X_OK) or not (CUPS_LIB / "daemon").is_dir():
            raise CupsUnavailable(f"{CUPSD} is not installed (Debian package cups-daemon; scripts/setup.sh "
                                  "installs it when run as root)")
        r = self.root
        for d in ("conf", "bin/backend", "cache", "state", "spool", "tmp", "log", "out"):
            (r / d).mkdir(parents=True, exist_ok=True)
        for d in ("daemon", "filter", "notifier", "monitor", "driver"):
            if (CUPS_LIB / d).exists():
                (r / "bin" / d).symlink_to(CUPS_LIB / d)
        backend = r / "bin/backend/boothtest"
        backend.write_text(BACKEND)
        backend.chmod(0o700)
        self.port = _free_port()
        (r / "conf/cupsd.conf").write_text(f"""Listen 127.0.0.1:{self.port}
LogLevel warn
DefaultAuthType None
WebInterface No
Browsing No
JobRetryLimit 0
<Location />
  Order allow,deny
  Allow all
</Location>
<Policy default>
  JobPrivateAccess all
  JobPrivateValues none
  SubscriptionPrivateAccess all
  SubscriptionPrivateValues none
  <Limit All>
    Order allow,deny
    Allow all
  </Limit>
</Policy>
""")
        (r / "conf/cups-files.conf").write_text(f"""ServerRoot {r}/conf
ServerBin {r}/bin
DataDir {CUPS_DATA}
CacheDir {r}/cache
StateDir {r}/state
RequestRoot {r}/spool
TempDir {r}/tmp
ErrorLog {r}/log/error_log
AccessLog {r}/log/access_log
PageLog {r}/log/page_log
FileDevice Yes
""")
        self._proc = subprocess.Popen(
            [CUPSD, "-f", "-c", str(r / "conf/cupsd.conf"), "-s", str(r / "conf/cups-files.conf")],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            if self._proc.poll() is not None:
                err = (self._proc.stderr.read() if self._proc.stderr else b"").decode(errors="replace")
                log = (r / "log/error_log").read_text(errors="replace") if (r / "log/error_log").exists() else ""
                raise CupsUnavailable(f"cupsd exited with {self._proc.returncode}: {(err + log).strip()[-400:]}")
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                break
            if time.monotonic() > deadline:
                raise CupsUnavailable(f"cupsd did not listen on 127.0.0.1:{self.port} within {START_TIMEOUT_S} s")
            time.sleep(0.02)  # start-up polling of a process outside the test, bounded by the deadline
        self._add_queue()

    def _add_queue(self) -> None:
        import cups

        cups.setServer(self.server)  # libcups keeps it per thread: this (the test's) thread only
        conn = cups.Connection()
        conn.addPrinter(self.queue, device=f"boothtest:{self.out}", info="booth test queue")
        conn.setPrinterErrorPolicy(self.queue, "abort-job")
        self.ready()

    def ready(self) -> None:
        """No fault, the queue enabled and accepting (between two tests)."""
        self.set_fault("")
        conn = self.connection()
        conn.enablePrinter(self.queue)  # type: ignore[attr-defined]
        conn.acceptJobs(self.queue)  # type: ignore[attr-defined]

    def connection(self) -> object:
        import cups

        cups.setServer(self.server)
        return cups.Connection()

    def set_fault(self, fault: str) -> None:
        """"" (none), "media-empty-error" (any PWG reason), "abort" or "hold": read by the next backend run."""
        tmp = self.out / "fault.tmp"
        tmp.write_text(fault)
        tmp.replace(self.out / "fault")

    def jobs(self) -> list[Path]:
        return sorted(self.out.glob("job-*.out"), key=lambda p: int(p.stem.split("-")[1]))

    def stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)
            if proc.stderr:
                proc.stderr.close()
        # a backend still running (a held job) is the daemon's child: ended with it; give its files back
        shutil.rmtree(self.root, ignore_errors=True)
