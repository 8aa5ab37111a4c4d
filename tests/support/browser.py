"""Headless Chromium driven by selenium, for the dashboard's tests: Debian's chromium
and chromium-driver (.ci/run installs them). Where they are missing a test is skipped,
naming what is missing; nothing is mocked."""

from __future__ import annotations

import os
import shutil
from typing import Any

CHROMIUM = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
DRIVER = ("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver")


def _first(paths: tuple[str, ...], name: str) -> str | None:
    found = next((p for p in paths if os.access(p, os.X_OK)), None)
    return found or shutil.which(name)


def browser_paths() -> tuple[str, str] | None:
    """Chromium and its driver, or None."""
    chromium = _first(CHROMIUM, "chromium")
    driver = _first(DRIVER, "chromedriver")
    return (chromium, driver) if chromium and driver else None


def start_chromium(width: int = 1280, height: int = 900) -> Any:
    """A headless Chromium that keeps the console log (read with `console_errors`)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    paths = browser_paths()
    assert paths is not None
    options = webdriver.ChromeOptions()
    options.binary_location = paths[0]
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                f"--window-size={width},{height}", "--allow-file-access-from-files"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(paths[1]), options=options)


def console_errors(driver: Any) -> list[str]:
    """The page's JavaScript errors and failed loads since the last call."""
    return [entry["message"] for entry in driver.get_log("browser")
            if entry.get("level") == "SEVERE"]
