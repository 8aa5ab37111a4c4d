"""A throwaway PostgreSQL server for the history tests: initdb into a temporary folder,
started on a free port of 127.0.0.1 (password authentication, as a team's server) and
stopped at the end of the session. PostgreSQL refuses to run as root; as root the server
runs as the `postgres` system user. Tests that need it skip, saying why, only when the
server binaries cannot be found (`.ci/run` installs Debian's `postgresql`)."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

PASSWORD = "pyspeed-test-secret"
SUPERUSER = "postgres"


def server_binaries() -> Path | None:
    """The folder of initdb and pg_ctl: on PATH, else Debian's newest version."""
    found = shutil.which("pg_ctl")
    if found and shutil.which("initdb"):
        return Path(found).parent
    folders = sorted(glob.glob("/usr/lib/postgresql/*/bin"),
                     key=lambda d: int(Path(d).parent.name) if Path(d).parent.name.isdigit()
                     else 0)
    for folder in reversed(folders):
        if (Path(folder) / "pg_ctl").exists() and (Path(folder) / "initdb").exists():
            return Path(folder)
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    """A running server; `database()` makes a fresh, empty database for one test;
    `stop()` and `start()` take it away and bring it back (an outage)."""

    port: int
    ctl: list[str]  # pg_ctl -D DATA, as the server's user
    options: str
    log: Path
    host: str = "127.0.0.1"

    def start(self) -> None:
        proc = subprocess.run([*self.ctl, "-l", str(self.log), "-w", "-t", "60", "-o",
                               self.options, "start"], capture_output=True, text=True,
                              timeout=120, check=False)
        if proc.returncode != 0:
            tail = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise RuntimeError(f"PostgreSQL did not start: {proc.stderr}{tail}")

    def stop(self) -> None:
        subprocess.run([*self.ctl, "-m", "fast", "-w", "stop"], capture_output=True,
                       timeout=60, check=False)

    def url(self, database: str, password: str = PASSWORD) -> str:
        return f"postgresql://{SUPERUSER}:{password}@{self.host}:{self.port}/{database}"

    def database(self) -> str:
        import psycopg

        name = f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(host=self.host, port=self.port, user=SUPERUSER,
                             password=PASSWORD, dbname="postgres", autocommit=True) as con:
            con.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


def _as_server_user(root: Path) -> list[str]:
    if os.geteuid() != 0:
        return []
    try:
        user = pwd.getpwnam("postgres")
    except KeyError:
        pytest.skip("running as root and there is no `postgres` user to run the server")
    for path in (root, *root.rglob("*")):
        os.chown(path, user.pw_uid, user.pw_gid)
    return ["runuser", "-u", "postgres", "--"]


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[Server]:
    bindir = server_binaries()
    if bindir is None:
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) not found; install the "
                    "`postgresql` package (.ci/run does)")
    root = Path(tempfile.mkdtemp(prefix="pyspeed-pg-"))
    (root / "pw").write_text(PASSWORD + "\n")
    runner = _as_server_user(root)
    data, port = root / "data", _free_port()
    subprocess.run([*runner, str(bindir / "initdb"), "-D", str(data), "-U", SUPERUSER,
                    "--pwfile", str(root / "pw"), "--auth-local=trust",
                    "--auth-host=scram-sha-256", "-E", "UTF8", "--no-sync"],
                   check=True, capture_output=True, timeout=120)
    options = (f"-c listen_addresses=127.0.0.1 -p {port} -k {root} -c fsync=off "
               "-c synchronous_commit=off -c full_page_writes=off -c max_connections=100")
    server = Server(port=port, ctl=[*runner, str(bindir / "pg_ctl"), "-D", str(data)],
                    options=options, log=root / "log")
    try:
        server.start()
        yield server
    finally:
        subprocess.run([*server.ctl, "-m", "immediate", "-w", "stop"], capture_output=True,
                       timeout=60, check=False)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty history on each backend: a SQLite path, or a PostgreSQL URL."""
    if request.param == "sqlite":
        return str(tmp_path / "store" / "h.sqlite")
    server: Server = request.getfixturevalue("postgres_server")
    return server.database()
