"""Drive Debian's headless chromium over the DevTools protocol: load a page, wait for it, collect
console errors and network requests, read its text, take a full-page screenshot.

No browser-automation dependency: the protocol is JSON over a WebSocket (`websockets`, already in
the venv through prefect/uvicorn). scripts/install-browser.sh installs chromium.
"""

from __future__ import annotations

import base64
import itertools
import json
import shutil
import subprocess
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Self

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    # Nothing leaves the machine: any host lookup fails, so a page that is not self-contained
    # shows up as failed requests and console errors.
    "--host-resolver-rules=MAP * ~NOTFOUND",
]


def find_chromium() -> str | None:
    """The chromium executable, if one is installed."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if path := shutil.which(name):
            return path
    return None


@dataclass
class PageResult:
    """What a page did while it loaded."""

    text: str  # document.body.innerText
    console_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)  # every URL the page asked for
    ready: Any = None  # the value of the wait expression once it held (or at timeout)
    screenshot: Path | None = None


class Browser:
    """One headless chromium with a fresh profile, driven over the DevTools protocol."""

    def __init__(self, executable: str | None = None, width: int = 1280) -> None:
        self.executable = executable or find_chromium()
        if not self.executable:
            raise FileNotFoundError("chromium is not installed (scripts/install-browser.sh)")
        self.width = width
        self.profile = Path(tempfile.mkdtemp(prefix="monitor-chromium-"))
        self.process = subprocess.Popen(
            [self.executable, *FLAGS, f"--user-data-dir={self.profile}",
             "--remote-debugging-port=0", f"--window-size={width},900", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        self.port = self._wait_port()
        self._ids = itertools.count(1)

    def _wait_port(self, timeout: float = 30.0) -> int:
        """Chromium writes its DevTools port into the profile once it listens."""
        marker = self.profile / "DevToolsActivePort"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"chromium exited with {self.process.returncode}")
            if marker.exists() and (lines := marker.read_text().split()):
                return int(lines[0])
            time.sleep(0.05)
        self.close()
        raise TimeoutError("chromium did not open its DevTools port")

    def _page_socket(self) -> str:
        """The WebSocket URL of the open tab."""
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/json/list", timeout=10) as r:
            targets = json.load(r)
        return next(t["webSocketDebuggerUrl"] for t in targets if t["type"] == "page")

    def load(
        self,
        url: str,
        wait_for: str = "document.readyState === 'complete'",
        timeout: float = 30.0,
        screenshot: Path | None = None,
    ) -> PageResult:
        """Open url, wait until the JS expression is truthy, and report what happened."""
        from websockets.sync.client import connect

        result = PageResult(text="")
        with connect(self._page_socket(), max_size=None, open_timeout=10) as ws:

            def call(method: str, **params: Any) -> dict:
                msg_id = next(self._ids)
                ws.send(json.dumps({"id": msg_id, "method": method, "params": params}))
                while True:
                    message = json.loads(ws.recv(timeout=timeout))
                    if message.get("id") == msg_id:
                        if "error" in message:
                            raise RuntimeError(f"{method}: {message['error']}")
                        return message.get("result", {})
                    self._event(message, result)

            for domain in ("Runtime", "Log", "Network", "Page"):
                call(f"{domain}.enable")
            call("Emulation.setDeviceMetricsOverride", width=self.width, height=900,
                 deviceScaleFactor=1, mobile=False)  # fmt: skip
            call("Page.navigate", url=url)
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                value = call("Runtime.evaluate", expression=f"({wait_for})",
                             returnByValue=True).get("result", {}).get("value")  # fmt: skip
                result.ready = value
                if value:
                    break
                time.sleep(0.1)
            time.sleep(0.2)  # let late console messages arrive
            call("Runtime.evaluate", expression="0")
            result.text = call("Runtime.evaluate", expression="document.body.innerText",
                               returnByValue=True)["result"].get("value", "")  # fmt: skip
            if screenshot:
                height = call("Page.getLayoutMetrics")["cssContentSize"]["height"]
                call(
                    "Emulation.setDeviceMetricsOverride",
                    width=self.width,
                    height=int(min(height, 16000)),
                    deviceScaleFactor=1,
                    mobile=False,
                )
                shot = call("Page.captureScreenshot", format="png", captureBeyondViewport=True)
                screenshot.parent.mkdir(parents=True, exist_ok=True)
                screenshot.write_bytes(base64.b64decode(shot["data"]))
                result.screenshot = screenshot
        return result

    @staticmethod
    def _event(message: dict, result: PageResult) -> None:
        """Console errors, uncaught exceptions, failed loads and requests, from events."""
        method, params = message.get("method"), message.get("params", {})
        if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            args = [a.get("value", a.get("description", "")) for a in params.get("args", [])]
            result.console_errors.append("console.error: " + " ".join(map(str, args)))
        elif method == "Runtime.exceptionThrown":
            details = params.get("exceptionDetails", {})
            text = details.get("exception", {}).get("description") or details.get("text", "")
            result.console_errors.append(f"uncaught: {text}")
        elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
            entry = params["entry"]
            result.console_errors.append(f"{entry.get('source')}: {entry.get('text')} "
                                         f"{entry.get('url', '')}".strip())  # fmt: skip
        elif method == "Network.requestWillBeSent":
            result.requests.append(params.get("request", {}).get("url", ""))

    def close(self) -> None:
        """Stop this browser and remove its profile."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.profile, ignore_errors=True)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
