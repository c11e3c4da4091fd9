"""One JupyterLab (started by bin/start) and one Chromium for the browser tests.

They need Debian's Chromium at /usr/bin/chromium (bin/test installs it) and
Playwright from PyPI (requirements.txt).  Without them the tests are skipped
with the reason; nothing is ever downloaded here.
"""

from __future__ import annotations

import re

import pytest

import labdriver
from labdriver import CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS, LabServer

NO_BROWSER = (
    f"Chromium is not installed at {CHROMIUM}. bin/test installs it (apt-get install -y chromium) when it runs "
    "as root; otherwise install it yourself: sudo apt-get install -y chromium"
)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    setattr(item, f"rep_{rep.when}", rep)


@pytest.fixture(scope="session")
def chromium_ready():
    if not CHROMIUM.exists():
        pytest.skip(NO_BROWSER)
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        pytest.skip("Playwright is not installed: run bin/setup (it installs requirements.txt)")
    return CHROMIUM


@pytest.fixture(scope="session")
def lab(chromium_ready, tmp_path_factory):
    for old in SCREENSHOTS.glob("FAILED__*.png"):  # from an earlier run
        old.unlink()
    server = LabServer(tmp_path_factory.mktemp("jupyterlab"))
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def browser(chromium_ready, tmp_path_factory):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),  # a new, empty profile
            executable_path=str(chromium_ready),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1400, "height": 900},
        )
        context.set_default_timeout(60_000)
        try:
            yield context
        finally:
            context.close()


@pytest.fixture
def page(browser, lab, request):
    """A new tab; afterwards its kernels are shut down (and on failure a screenshot is kept)."""
    tab = browser.new_page()
    messages = []
    tab.on("pageerror", lambda err: messages.append(str(err)))
    tab.workspace = re.sub(r"[^A-Za-z0-9]+", "-", request.node.name).strip("-")[:80]
    tab.js_errors = messages
    yield tab
    rep = getattr(request.node, "rep_call", None)
    if rep is not None and rep.failed:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        try:
            tab.screenshot(path=str(SCREENSHOTS / labdriver.artifact_name("FAILED", tab.workspace + ".png")))
        except Exception:
            pass
    labdriver.shut_down_kernels(tab)
    tab.close()
