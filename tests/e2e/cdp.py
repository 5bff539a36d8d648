"""Headless Chromium driven through the Chrome DevTools Protocol, for the browser tours.

The tours click, tap, type and drag with real input events (``Input.dispatch*``), as a person
would, against the end-to-end server of tests/suite_server.py; the tests then check the outcome
in the database. Screenshots are saved as artefacts in ``.run/artefacts/screenshots/``.

Standard library plus ``websocket-client`` (an Odoo test requirement, in the virtualenv).
"""

import base64
import http.cookiejar
import json
import os
import resource
import shutil
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import websocket

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / ".run" / "artefacts" / "screenshots"

# an ordinary phone (CSS pixels) for the customer's pages
PHONE = {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True}
PHONE_UA = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36"
)


class BrowserError(AssertionError):
    pass


def chromium_executable():
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    raise BrowserError("no Chromium found (apt-get install chromium)")


def _unlimited_address_space():
    """Chromium reserves far more address space than it uses: under an Odoo process (pytest-odoo
    sets Odoo's memory limit, RLIMIT_AS) it dies with SIGTRAP unless the limit is lifted, as Odoo's
    own ChromeBrowser does."""
    resource.setrlimit(resource.RLIMIT_AS, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))


def session_cookie(url, db, login, password):
    """The session id of a user logged in through /web/session/authenticate."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    payload = {"jsonrpc": "2.0", "method": "call", "params": {"db": db, "login": login, "password": password}}
    req = urllib.request.Request(
        f"{url}/web/session/authenticate", json.dumps(payload).encode(), {"Content-Type": "application/json"}
    )
    with opener.open(req, timeout=120) as resp:
        body = json.load(resp)
    if "error" in body or not (body.get("result") or {}).get("uid"):
        raise BrowserError(f"login {login} refused: {body.get('error')}")
    for cookie in jar:
        if cookie.name == "session_id":
            return cookie.value
    raise BrowserError("no session cookie after login")


class Chrome:
    """One headless Chromium with one page; use as a context manager."""

    def __init__(self, width=1366, height=900, timezone="Asia/Shanghai", lang="en-US"):
        self.width, self.height, self.timezone, self.lang = width, height, timezone, lang
        self.proc = None
        self.stderr = None
        self.ws = None
        self._id = 0
        self.errors = []  # uncaught exceptions and console errors of the page
        self.dialogs = []  # texts of alert/confirm/prompt, all accepted
        self.prompt_text = ""
        self.profile = tempfile.mkdtemp(prefix="e2e-chrome-")

    # process -----------------------------------------------------------------------------------
    def __enter__(self):
        cmd = [
            chromium_executable(),
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-extensions",
            "--disable-background-networking",
            "--disable-background-timer-throttling",
            "--disable-renderer-backgrounding",
            "--disable-backgrounding-occluded-windows",
            "--disable-translate",
            "--no-first-run",
            "--no-default-browser-check",
            "--mute-audio",
            "--hide-scrollbars",
            f"--lang={self.lang}",
            f"--window-size={self.width},{self.height}",
            "--remote-debugging-address=127.0.0.1",
            "--remote-debugging-port=0",
            "--remote-allow-origins=*",
            f"--user-data-dir={self.profile}",
            "about:blank",
        ]
        self.stderr = open(Path(self.profile, "stderr.log"), "wb")
        self.proc = subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=self.stderr,
            env={**os.environ, "TMPDIR": self.profile},
            start_new_session=True,
            preexec_fn=_unlimited_address_space,  # noqa: PLW1509 - no threads started by then
        )
        port_file = Path(self.profile, "DevToolsActivePort")
        deadline = time.time() + 60
        while not (port_file.is_file() and port_file.stat().st_size > 5):
            if self.proc.poll() is not None or time.time() > deadline:
                code = self.proc.poll()
                self.stderr.flush()
                tail = Path(self.profile, "stderr.log").read_text(errors="replace")[-2000:]
                self.__exit__(None, None, None)
                raise BrowserError(f"Chromium did not start (exit code {code}):\n{tail}")
            time.sleep(0.1)
        port = int(port_file.read_text().split()[0])
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=5) as resp:
                    pages = [t for t in json.load(resp) if t["type"] == "page"]
                if pages:
                    break
            except OSError:
                pass
            time.sleep(0.1)
        else:
            raise BrowserError("Chromium shows no page")
        self.ws = websocket.create_connection(pages[0]["webSocketDebuggerUrl"], timeout=120, suppress_origin=True)
        for domain in ("Page", "Runtime", "Network"):
            self.send(f"{domain}.enable")
        self.send("Emulation.setTimezoneOverride", timezoneId=self.timezone)
        self.send(
            "Emulation.setDeviceMetricsOverride",
            width=self.width,
            height=self.height,
            deviceScaleFactor=1,
            mobile=False,
        )
        return self

    def __exit__(self, *exc):
        if self.ws:
            try:
                self.ws.close()
            except OSError:
                pass
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.stderr:
            self.stderr.close()
        shutil.rmtree(self.profile, ignore_errors=True)

    # protocol ------------------------------------------------------------------------------------
    def send(self, method, **params):
        self._id += 1
        mid = self._id
        self.ws.send(json.dumps({"id": mid, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == mid:
                if "error" in msg:
                    raise BrowserError(f"{method}: {msg['error'].get('message')}")
                return msg.get("result", {})
            self._event(msg)

    def _event(self, msg):
        method, params = msg.get("method"), msg.get("params", {})
        if method == "Page.javascriptDialogOpening":
            self.dialogs.append(params.get("message"))
            # answered without waiting for our own command's reply (the page is blocked)
            self._id += 1
            self.ws.send(
                json.dumps(
                    {
                        "id": self._id,
                        "method": "Page.handleJavaScriptDialog",
                        "params": {"accept": True, "promptText": self.prompt_text},
                    }
                )
            )
        elif method == "Runtime.exceptionThrown":
            details = params.get("exceptionDetails", {})
            self.errors.append((details.get("exception") or {}).get("description") or details.get("text"))
        elif method == "Runtime.consoleAPICalled" and params.get("type") == "error":
            self.errors.append(" ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", [])))

    def js(self, expression, timeout=60):
        """The value of a JavaScript expression in the page (promises are awaited)."""
        result = self.send(
            "Runtime.evaluate",
            expression=expression,
            awaitPromise=True,
            returnByValue=True,
            timeout=timeout * 1000,
        )
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            raise BrowserError(
                f"{(details.get('exception') or {}).get('description') or details.get('text')}\n  in: {expression}"
            )
        return result.get("result", {}).get("value")

    def wait(self, condition, timeout=60, what=None):
        """Poll a JavaScript condition until it is truthy (an element found, a test passing)."""
        deadline = time.time() + timeout
        while True:
            if self.js(f"!!({condition})"):
                return True
            if time.time() > deadline:
                self.screenshot("timeout")
                raise BrowserError(f"timed out after {timeout} s waiting for {what or condition}")
            time.sleep(0.25)

    # pages -----------------------------------------------------------------------------------------
    def phone(self):
        """Emulate a phone: small viewport, touch, mobile user agent."""
        self.width, self.height = PHONE["width"], PHONE["height"]
        self.send("Emulation.setDeviceMetricsOverride", **PHONE)
        self.send("Emulation.setTouchEmulationEnabled", enabled=True, maxTouchPoints=5)
        self.send("Emulation.setUserAgentOverride", userAgent=PHONE_UA)

    def login(self, url, db, login, password):
        value = session_cookie(url, db, login, password)
        self.send("Network.setCookie", name="session_id", value=value, url=url, httpOnly=True)

    def goto(self, url, ready=None, timeout=90):
        self.send("Page.navigate", url=url)
        time.sleep(0.3)
        self.wait("document.readyState === 'complete'", timeout=timeout, what=f"{url} to load")
        if ready:
            self.wait(ready, timeout=timeout, what=ready)

    def screenshot(self, name):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        data = self.send("Page.captureScreenshot", format="png", captureBeyondViewport=False)["data"]
        path.write_bytes(base64.b64decode(data))
        print(f"screenshot: {path}")
        return path

    # input -----------------------------------------------------------------------------------------
    def box(self, selector, text=None):
        """Position and size of the first element matching a CSS selector (and showing a text),
        scrolled into view."""
        rect = self.js(
            f"""(() => {{
                const text = {json.dumps(text)};
                const el = [...document.querySelectorAll({json.dumps(selector)})]
                    .find(e => text === null || e.textContent.includes(text));
                if (!el) return null;
                el.scrollIntoView({{block: "center", inline: "center"}});
                const r = el.getBoundingClientRect();
                return {{x: r.left, y: r.top, width: r.width, height: r.height}};
            }})()"""
        )
        if not rect:
            self.screenshot("missing")
            raise BrowserError(f"nothing matches {selector}" + (f" with {text!r}" if text else ""))
        return rect

    def click(self, selector, text=None):
        rect = self.box(selector, text)
        self.click_at(rect["x"] + rect["width"] / 2, rect["y"] + rect["height"] / 2)

    def click_at(self, x, y):
        self.send("Input.dispatchMouseEvent", type="mouseMoved", x=x, y=y)
        self.send("Input.dispatchMouseEvent", type="mousePressed", x=x, y=y, button="left", buttons=1, clickCount=1)
        self.send("Input.dispatchMouseEvent", type="mouseReleased", x=x, y=y, button="left", buttons=0, clickCount=1)

    def tap(self, selector):
        """A finger tap (touch events, then the click the browser derives from them)."""
        rect = self.box(selector)
        point = {"x": rect["x"] + rect["width"] / 2, "y": rect["y"] + rect["height"] / 2}
        self.send("Input.dispatchTouchEvent", type="touchStart", touchPoints=[point])
        self.send("Input.dispatchTouchEvent", type="touchEnd", touchPoints=[])

    def drag(self, start, end, steps=12):
        """Press the mouse at start (x, y), move in steps to end, release."""
        (x0, y0), (x1, y1) = start, end
        self.send("Input.dispatchMouseEvent", type="mouseMoved", x=x0, y=y0)
        self.send("Input.dispatchMouseEvent", type="mousePressed", x=x0, y=y0, button="left", buttons=1, clickCount=1)
        for i in range(1, steps + 1):
            x, y = x0 + (x1 - x0) * i / steps, y0 + (y1 - y0) * i / steps
            self.send("Input.dispatchMouseEvent", type="mouseMoved", x=x, y=y, button="left", buttons=1)
            time.sleep(0.03)
        self.send("Input.dispatchMouseEvent", type="mouseReleased", x=x1, y=y1, button="left", buttons=0, clickCount=1)

    def type(self, selector, text, enter=False):
        """Focus a field, replace its text as typed, optionally press Enter."""
        self.click(selector)
        self.js(f"document.querySelector({json.dumps(selector)}).select()")
        self.send("Input.insertText", text=text)
        if enter:
            self.key("Enter", 13)

    def key(self, key, code):
        for kind in ("keyDown", "keyUp"):
            self.send(
                "Input.dispatchKeyEvent",
                type=kind,
                key=key,
                code=key,
                windowsVirtualKeyCode=code,
                nativeVirtualKeyCode=code,
            )
