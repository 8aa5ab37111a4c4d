"""A second real OpenSSL build beside the system's, for live A/B tests of the native
engine: another version of Debian's `openssl` and `libssl3` packages, downloaded and
unpacked into a directory (nothing is installed), run through a small wrapper that
points the binary at its own library."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path


def _run(args: list[str], cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=300,
                          check=False)


def other_version() -> str | None:
    """A version of Debian's openssl other than the installed one, if the archive has one."""
    if shutil.which("apt-cache") is None:
        return None
    for attempt in range(2):
        policy = _run(["apt-cache", "policy", "openssl"]).stdout
        installed = re.search(r"Installed: (\S+)", policy)
        versions = re.findall(r"^\s+(?:\*\*\* )?(\d\S+) \d+$", policy, re.M)
        others = [v for v in versions if not installed or v != installed.group(1)]
        if others:
            return others[-1]  # the oldest listed: the most different
        if attempt == 0 and shutil.which("apt-get"):
            _run(["apt-get", "update", "-qq"])
    return None


def build(directory: Path) -> tuple[Path, str] | str:
    """The wrapper of a second build and its `openssl version` line, or why there is none."""
    version = other_version()
    if version is None:
        return "no other openssl version in the package archive (apt-cache policy openssl)"
    directory.mkdir(parents=True, exist_ok=True)
    got = _run(["apt-get", "download", "-qq", f"openssl={version}", f"libssl3={version}"],
               cwd=directory)
    debs = sorted(directory.glob("*.deb"))
    if got.returncode != 0 or len(debs) < 2:
        return f"cannot download openssl {version}: {got.stderr.strip()[:200]}"
    root = directory / "root"
    for deb in debs:
        _run(["dpkg-deb", "-x", str(deb), str(root)])
    binary = root / "usr" / "bin" / "openssl"
    libs = next((p for p in (root / "usr" / "lib").glob("*-linux-gnu")), root / "usr" / "lib")
    wrapper = directory / "openssl"
    wrapper.write_text(f'#!/bin/sh\nLD_LIBRARY_PATH="{libs}" exec "{binary}" "$@"\n')
    wrapper.chmod(0o755)
    line = _run([str(wrapper), "version"]).stdout.strip()
    if not line.startswith("OpenSSL"):
        return f"the unpacked openssl {version} does not run: {line or 'no output'}"
    return wrapper, line


__all__ = ["build", "other_version"]
