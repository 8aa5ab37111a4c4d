import pytest

# synthetic results documents (tests/support/documents.py); a throwaway PostgreSQL server
# and a fresh store on each backend (tests/support/postgres.py)
pytest_plugins = ["support.documents", "support.postgres"]


@pytest.fixture(autouse=True)
def _private_history(monkeypatch: pytest.MonkeyPatch,
                     tmp_path_factory: pytest.TempPathFactory) -> None:
    """Runs saved by tests never reach the user's (or CI's) history store or spool."""
    private = tmp_path_factory.mktemp("hist")
    monkeypatch.setenv("PYSPEED_HISTORY", str(private / "h.sqlite"))
    monkeypatch.setenv("XDG_DATA_HOME", str(private / "data"))
    for name in ("PYSPEED_MACHINE", "GITHUB_HEAD_REF", "GITHUB_REF_NAME", "CI_COMMIT_REF_NAME",
                 "PYSPEED_DIALECT"):
        monkeypatch.delenv(name, raising=False)
