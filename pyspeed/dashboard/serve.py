"""`--serve`: the site on localhost until Ctrl-C, for a look before publishing (the
pages also work opened from disk; a server is what a browser's stricter file:// rules
and a feed reader want)."""

from __future__ import annotations

import functools
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, TextIO

from pyspeed.errors import EXIT_USAGE, PyspeedError

HOST = "127.0.0.1"


class _Quiet(SimpleHTTPRequestHandler):
    """Serves the folder without a line per request on stderr."""

    def log_message(self, format: str, *args: Any) -> None:
        pass


def serve(folder: Path, port: int, out: TextIO) -> None:
    """Serve `folder` on HOST:port (0: any free port) until interrupted."""
    handler = functools.partial(_Quiet, directory=str(folder))
    try:
        server = ThreadingHTTPServer((HOST, port), handler)
    except OSError as exc:
        raise PyspeedError(f"dashboard: cannot serve on port {port}: "
                           f"{exc.strerror or exc}", exit_code=EXIT_USAGE) from None
    with server:
        out.write(f"pyspeed dashboard: serving {folder} at "
                  f"http://{HOST}:{server.server_address[1]}/ (Ctrl-C stops)\n")
        out.flush()
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            out.write("pyspeed dashboard: stopped\n")
