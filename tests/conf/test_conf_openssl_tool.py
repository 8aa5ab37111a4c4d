"""Library configuration against the real `openssl engine -t` (when it is installed).

For each file: if pyspeed predicts a fatal error (config_diagnostics on), the tool must
fail with exactly the predicted error stack; otherwise the tool must succeed, or fail
only for a reason that needs a real engine (loading it, sending it a ctrl).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from pyspeed.conf import library_config, load

from support.conf_engine_files import ATTIC, FILES, MORE_FILES


def _openssl_3_0() -> str | None:
    """The openssl tool, if it is a 3.0 release (the stacks are 3.0's)."""
    tool = shutil.which("openssl")
    if tool is None:
        return None
    out = subprocess.run([tool, "version"], capture_output=True, text=True, check=False).stdout
    return tool if out.startswith("OpenSSL 3.0.") else None


OPENSSL = _openssl_3_0()
_TID = re.compile(r"^[0-9A-F]+:error:")


@pytest.mark.skipif(
    OPENSSL is None or not os.path.exists(ATTIC), reason="openssl 3.0 tool / loader_attic absent"
)
@pytest.mark.parametrize("name", sorted(FILES) + sorted(MORE_FILES))
def test_openssl_tool_agrees(name: str, tmp_path: Path) -> None:
    f = tmp_path / f"{name}.cnf"
    f.write_text({**FILES, **MORE_FILES}[name])
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENSSL_")}
    env["OPENSSL_CONF"] = str(f)
    assert OPENSSL is not None
    run = subprocess.run(
        [OPENSSL, "engine", "-t"], env=env, capture_output=True, text=True, timeout=60
    )
    real = [_TID.sub("", line) for line in run.stderr.splitlines() if _TID.match(line)]
    result = library_config(load(f))
    if result.fatal:
        assert run.returncode == 1
        assert result.error is not None
        assert real == [r.format("")[len(":error:") :] for r in result.error.records]
    elif run.returncode != 0:
        # Only failures that need a real engine (loading it, its ctrls) are left.
        assert any("ENGINE_by_id" in line or "ENGINE_ctrl_cmd" in line for line in real)
