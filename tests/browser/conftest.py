"""Browser fixtures: the demo archive served by uvicorn in a thread, Debian's Chromium driven
by Playwright. Skipped, saying why, without Playwright or Chromium (scripts/ci-browser.sh
installs both; `playwright install` is never needed).
"""

from __future__ import annotations

import io
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from webui import CHROMIUM_ARGS, Page, chromium_path, hostile


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright not installed (scripts/ci-browser.sh)")
    exe = chromium_path()
    if exe is None:
        pytest.skip("Debian chromium not installed (scripts/ci-browser.sh installs it)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of the web UI over the demo archive (plus a hostile document)."""
    uvicorn = pytest.importorskip("uvicorn", reason="the web UI needs the 'web' extra")
    from rich.console import Console

    from svodka.api import create_app
    from svodka.cli_archive import demo_archive
    from svodka.store import open_store
    from svodka.store.rows import ArchiveRecord

    url = demo_archive(str(tmp_path_factory.mktemp("web") / "demo.sqlite"),
                       Console(file=io.StringIO()))
    with open_store(url) as store:
        store.add_batch([ArchiveRecord(hostile())])
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(create_app(url), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(200):
        if srv.started:
            break
        time.sleep(0.05)
    else:
        pytest.fail("uvicorn did not start")
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1360, "height": 900})
    p = Page(context.new_page(), server)
    p.page.set_default_timeout(10_000)
    yield p
    context.close()
