"""Where a run's numbers come from: the machine, the Python and crypto stack, the commit.

Recorded in every results document so that a comparison can refuse runs from different
machines (the fingerprint) and a trend can say at which commit a number changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import subprocess
from functools import cache
from typing import Any

_CRYPTO_FLAGS = ("aes", "pclmulqdq", "avx", "avx2", "avx512f", "sha_ni", "vaes", "vpclmulqdq",
                 "adx", "bmi2", "rdrand", "sha1", "sha2", "pmull")


@cache
def cpu_description() -> str:
    """The CPU model and its crypto-relevant features (and OPENSSL_ia32cap when set)."""
    model, flags = platform.processor() or platform.machine(), set()
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as fh:
            for line in fh:
                key, _, value = line.partition(":")
                key = key.strip()
                unnamed = model in ("", platform.machine())
                if key in ("model name", "Model", "cpu model") and unnamed:
                    model = value.strip()
                elif key in ("flags", "Features"):
                    flags = set(value.split())
                    break
    except OSError:
        pass
    have = " ".join(f for f in _CRYPTO_FLAGS if f in flags)
    text = f"{model} ({have})" if have else model
    cap = os.environ.get("OPENSSL_ia32cap")  # noqa: SIM112 - OpenSSL spells it so
    return f"{text} OPENSSL_ia32cap={cap}" if cap else text


def machine_info() -> dict[str, Any]:
    """What the numbers depend on, and a fingerprint of it that is stable across runs
    (read once per process: a sweep makes many runs; each gets its own copy)."""
    return dict(_machine_info())


@cache
def _machine_info() -> dict[str, Any]:
    import cryptography
    from cryptography.hazmat.backends.openssl.backend import backend

    info = {
        "cpu": cpu_description(),
        "cores": os.cpu_count(),
        "system": platform.system(),
        "release": platform.release(),
        "machine": platform.machine(),
        "node": platform.node(),
        "python_implementation": platform.python_implementation(),
        "python_version": platform.python_version(),
        "python_compiler": platform.python_compiler(),
        "cryptography": cryptography.__version__,
        "openssl": backend.openssl_version_text(),
    }
    stable = {k: info[k] for k in ("cpu", "cores", "system", "machine",
                                   "python_implementation", "python_version",
                                   "cryptography", "openssl")}
    info["fingerprint"] = hashlib.sha256(
        json.dumps(stable, sort_keys=True).encode()).hexdigest()[:16]
    return info


#: CI checkouts are often a detached HEAD; these name the branch the job builds
#: (GitHub Actions: the pull request's source branch, else the pushed branch)
BRANCH_ENV = ("GITHUB_HEAD_REF", "GITHUB_REF_NAME", "CI_COMMIT_REF_NAME")
MAX_BRANCH = 255  # git allows longer names; a history groups runs by this many characters


MACHINE_ENV = "PYSPEED_MACHINE"
MAX_LABEL = 64


def check_label(label: str) -> str | None:
    """Why `label` cannot name a machine (None: it can). A label is shown in tables and
    selects runs in a shared history, so it is short and printable."""
    if not label.strip():
        return "the label is empty"
    if len(label) > MAX_LABEL:
        return f"at most {MAX_LABEL} characters"
    if not label.isprintable():
        return "the label has control characters"
    return None


def machine_label(given: str | None) -> str | None:
    """The machine's label: `--machine`, else `$PYSPEED_MACHINE` (ignored if unusable,
    as a label it is optional), else none. Not part of the fingerprint: two machines of
    one build share a fingerprint and differ by label."""
    if given is not None:
        return given.strip()
    env = os.environ.get(MACHINE_ENV, "").strip()
    return env if env and check_label(env) is None else None


def commit_info(cwd: str | None = None) -> dict[str, Any] | None:
    """The git commit and branch of the working directory, when there is one (asked once
    per directory and process: a sweep makes many runs). `branch` is None on a detached
    HEAD unless the CI names it (BRANCH_ENV): the history selects baselines by branch."""
    found = _commit_info(os.path.abspath(cwd or os.getcwd()))
    if found is None:
        return None
    info = dict(found)
    if info.get("branch") is None:
        named = next((os.environ[v].strip() for v in BRANCH_ENV
                      if os.environ.get(v, "").strip()), None)
        info["branch"] = named[:MAX_BRANCH] if named else None
    return info


@cache
def _commit_info(cwd: str) -> dict[str, Any] | None:
    try:
        # one git for both: `--abbrev-ref` applies to the HEAD after it ("HEAD": detached)
        head, ref = subprocess.run(["git", "rev-parse", "HEAD", "--abbrev-ref", "HEAD"],
                                   cwd=cwd, capture_output=True, text=True, timeout=5,
                                   check=True).stdout.split()[:2]
        dirty = subprocess.run(["git", "status", "--porcelain"], cwd=cwd, capture_output=True,
                               text=True, timeout=5, check=True).stdout.strip() != ""
    except (OSError, subprocess.SubprocessError, ValueError):
        return None
    return {"id": head, "dirty": dirty, "branch": None if ref == "HEAD" else ref[:MAX_BRANCH]}
