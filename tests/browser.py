"""Headless Chromium (Debian's chromium and chromedriver) driven by Selenium, for view tests."""

from __future__ import annotations

import time

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--use-angle=swiftshader",
         "--enable-unsafe-swiftshader", "--window-size=1280,800"]


def start_browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in FLAGS:
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)


def open_view(driver, path, timeout: float = 60) -> float:
    """Load the page and wait until the graph has rendered once; return the seconds it took."""
    start = time.perf_counter()
    driver.get(f"file://{path}")
    while time.perf_counter() - start < timeout:
        if driver.execute_script("return document.body && document.body.dataset.ready === 'true'"):
            return time.perf_counter() - start
        time.sleep(0.05)
    raise TimeoutError(f"{path} did not render within {timeout} s")


def errors(driver) -> list[dict]:
    return [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
