"""The command-line options of `kiosk reception-server`, declared once (kiosk.cli and the module's own main)."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8080, help="port to listen on (0: any free port)")
    parser.add_argument("--store", type=Path, default=Path("reception-store"),
                        help="folder for the received applications")
    parser.add_argument("--cert", default="", help="TLS certificate (PEM, may hold the key too): serves HTTPS")
    parser.add_argument("--key", default="", help="key of the TLS certificate (PEM)")
    parser.add_argument("--client-ca", default="",
                        help="require a client certificate signed by this CA (PEM); its subject CN is the booth id "
                             "and must equal each application's booth_id (403 otherwise)")
    parser.add_argument("--enable-count", action="store_true",
                        help="serve GET /v1/applications/count (off by default; behind the client certificate "
                             "with --client-ca)")
    parser.add_argument("--refuse-id-file", default="",
                        help="file of application IDs (one a line) answered 422 application_id_no_longer_valid")
