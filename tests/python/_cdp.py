"""A tiny Chrome DevTools Protocol client for the dashboard test.

Starts Debian's headless `chromium` with a fresh profile, attaches to its first page over
the DevTools websocket (websocket-client), and offers what the test needs: navigate, wait
for a JavaScript condition, evaluate, collect console errors / uncaught exceptions /
network requests, and capture a full-page PNG screenshot.
"""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--remote-debugging-address=127.0.0.1",
    "--remote-debugging-port=0",
)


def find_chromium() -> str | None:
    for name in CHROMIUM_NAMES:
        path = shutil.which(name)
        if path:
            return path
    return None


class CdpError(RuntimeError):
    pass


class Browser:
    """One headless Chromium with one page; use as a context manager."""

    def __init__(self, executable: str, width: int = 1280, height: int = 900, timeout: float = 30):
        self.executable = executable
        self.width, self.height, self.timeout = width, height, timeout
        self.console_errors: list[str] = []
        self.requests: list[str] = []
        self._next_id = 0
        self._profile = tempfile.TemporaryDirectory(prefix="seam-chromium-")
        self._proc: subprocess.Popen | None = None
        self._ws = None

    # -- lifecycle -------------------------------------------------------------------
    def __enter__(self) -> Browser:
        import websocket  # websocket-client

        profile = Path(self._profile.name)
        self._proc = subprocess.Popen(
            [self.executable, *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
             f"--window-size={self.width},{self.height}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + self.timeout
        while not (port_file.exists() and port_file.read_text().strip()):
            if self._proc.poll() is not None:
                stderr = self._proc.stderr.read().decode()[-2000:]
                raise CdpError(f"chromium exited at start: {stderr}")
            if time.monotonic() > deadline:
                raise CdpError("chromium did not open its DevTools port")
            time.sleep(0.05)
        port = int(port_file.read_text().splitlines()[0])
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as resp:
            targets = json.load(resp)
        page = next(t for t in targets if t.get("type") == "page")
        self._ws = websocket.create_connection(
            page["webSocketDebuggerUrl"], timeout=self.timeout, suppress_origin=True
        )
        for domain in ("Runtime", "Log", "Page", "Network"):
            self.send(f"{domain}.enable")
        self.send("Emulation.setDeviceMetricsOverride", width=self.width, height=self.height,
                  deviceScaleFactor=1, mobile=False)
        return self

    def __exit__(self, *exc) -> None:
        try:
            if self._ws is not None:
                self._ws.close()
        finally:
            if self._proc is not None:
                self._proc.terminate()
                try:
                    self._proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self._proc.kill()
                    self._proc.wait()
            self._profile.cleanup()

    # -- protocol --------------------------------------------------------------------
    def _handle_event(self, message: dict) -> None:
        method, params = message.get("method"), message.get("params", {})
        if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            text = " ".join(str(a.get("value", a.get("description", ""))) for a in params["args"])
            self.console_errors.append(f"console.{params['type']}: {text}")
        elif method == "Runtime.exceptionThrown":
            details = params["exceptionDetails"]
            text = details.get("exception", {}).get("description") or details.get("text")
            self.console_errors.append(f"uncaught exception: {text}")
        elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
            entry = params["entry"]
            self.console_errors.append(
                f"log {entry.get('source')}: {entry.get('text')} {entry.get('url', '')}"
            )
        elif method == "Network.requestWillBeSent":
            self.requests.append(params["request"]["url"])
        elif method == "Network.loadingFailed":
            self.console_errors.append(f"network: failed to load ({params.get('errorText')})")

    def _recv(self) -> dict:
        message = json.loads(self._ws.recv())
        if "method" in message:
            self._handle_event(message)
        return message

    def send(self, method: str, **params) -> dict:
        self._next_id += 1
        call_id = self._next_id
        self._ws.send(json.dumps({"id": call_id, "method": method, "params": params}))
        while True:
            message = self._recv()
            if message.get("id") == call_id:
                if "error" in message:
                    raise CdpError(f"{method}: {message['error']}")
                return message.get("result", {})

    def wait_for_event(self, method: str, timeout: float | None = None) -> dict:
        deadline = time.monotonic() + (timeout or self.timeout)
        while time.monotonic() < deadline:
            message = self._recv()
            if message.get("method") == method:
                return message.get("params", {})
        raise CdpError(f"timed out waiting for {method}")

    # -- what the test uses ------------------------------------------------------------
    def open(self, url: str) -> None:
        self.send("Page.navigate", url=url)
        self.wait_for_event("Page.loadEventFired")

    def evaluate(self, expression: str):
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True,
                           awaitPromise=True)
        if "exceptionDetails" in result:
            raise CdpError(f"evaluate failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_until(self, expression: str, timeout: float | None = None) -> None:
        deadline = time.monotonic() + (timeout or self.timeout)
        while time.monotonic() < deadline:
            if self.evaluate(expression):
                return
            time.sleep(0.1)
        raise CdpError(f"timed out waiting until {expression}")

    def settle(self, seconds: float = 0.5) -> None:
        """Drain protocol events (late console messages) for a moment."""
        self._ws.settimeout(0.1)
        deadline = time.monotonic() + seconds
        try:
            while time.monotonic() < deadline:
                try:
                    self._recv()
                except Exception:  # websocket timeout: nothing pending
                    continue
        finally:
            self._ws.settimeout(self.timeout)

    def screenshot(self, path: Path, top: int = 0, max_height: int | None = None) -> Path:
        """Full-page PNG, or the band [top, top + max_height) of the page."""
        height = int(self.evaluate("Math.ceil(document.documentElement.scrollHeight)"))
        self.send("Emulation.setDeviceMetricsOverride", width=self.width, height=height,
                  deviceScaleFactor=1, mobile=False)
        params = {"format": "png", "captureBeyondViewport": True}
        if top or max_height:
            params["clip"] = {"x": 0, "y": top, "width": self.width, "scale": 1,
                              "height": min(max_height or height, height - top)}
        data = self.send("Page.captureScreenshot", **params)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data["data"]))
        self.send("Emulation.setDeviceMetricsOverride", width=self.width, height=self.height,
                  deviceScaleFactor=1, mobile=False)
        return path
