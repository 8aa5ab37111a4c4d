import pytest

# fixtures that build synthetic results documents (tests/support/documents.py)
pytest_plugins = ["support.documents"]


@pytest.fixture(autouse=True)
def _private_history(monkeypatch: pytest.MonkeyPatch,
                     tmp_path_factory: pytest.TempPathFactory) -> None:
    """Runs saved by tests never reach the user's (or CI's) history store."""
    monkeypatch.setenv("PYSPEED_HISTORY", str(tmp_path_factory.mktemp("hist") / "h.sqlite"))
