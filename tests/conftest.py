import sys
from pathlib import Path

# tests/golden.py is shared test support, imported as a top-level module
sys.path.insert(0, str(Path(__file__).parent))

import pytest


@pytest.fixture(autouse=True)
def _private_history(monkeypatch: pytest.MonkeyPatch,
                     tmp_path_factory: pytest.TempPathFactory) -> None:
    """Runs saved by tests never reach the user's (or CI's) history store."""
    monkeypatch.setenv("PYSPEED_HISTORY", str(tmp_path_factory.mktemp("hist") / "h.sqlite"))
