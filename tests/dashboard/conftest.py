"""The browser the dashboard's tests drive: one headless Chromium per module."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from support.browser import browser_paths, start_chromium


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    if browser_paths() is None:
        pytest.skip("chromium and chromedriver are not installed (apt-get install chromium "
                    "chromium-driver; .ci/run installs them)")
    pytest.importorskip("selenium", reason="selenium is not installed (pip install -e "
                                           "'.[test]')")
    driver = start_chromium()
    try:
        yield driver
    finally:
        driver.quit()
