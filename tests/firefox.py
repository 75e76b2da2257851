"""Headless Firefox for the tests, driven over Marionette (its own protocol: length-prefixed JSON over TCP).

Playwright's Firefox is a patched build it downloads, which the test machines cannot do; Debian's
`firefox-esr` is what a reader runs. Marionette needs no driver binary and no library: a socket and json.
Every request but those to 127.0.0.1 goes to a closed proxy port, so the browser reaches no other host.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

FIREFOX = shutil.which("firefox-esr") or shutil.which("firefox")

PREFS = {
    "marionette.port": 0,  # any free port; Firefox writes it to MarionetteActivePort in the profile
    "network.proxy.type": 1,  # manual proxy to a closed port: no host but the test server (127.0.0.1)
    "network.proxy.http": "127.0.0.1",
    "network.proxy.http_port": 9,
    "network.proxy.ssl": "127.0.0.1",
    "network.proxy.ssl_port": 9,
    "network.proxy.no_proxies_on": "127.0.0.1",
    "browser.shell.checkDefaultBrowser": False,
    "datareporting.policy.dataSubmissionEnabled": False,
    "toolkit.telemetry.reportingpolicy.firstRun": False,
    "app.update.disabledForTesting": True,
    "browser.startup.homepage_override.mstone": "ignore",
}


class Firefox:
    """``with Firefox() as ff: ff.get(url); ff.script("return document.title")``."""

    def __init__(self, width: int = 1280, height: int = 900, prefs: dict | None = None):
        self.size, self.prefs = (width, height), {**PREFS, **(prefs or {})}

    def __enter__(self) -> Firefox:
        self.profile = Path(tempfile.mkdtemp(prefix="firefox-profile-"))
        (self.profile / "user.js").write_text(
            "".join(f"user_pref({json.dumps(k)}, {json.dumps(v)});\n" for k, v in self.prefs.items())
        )
        w, h = self.size
        self.proc = subprocess.Popen(
            [FIREFOX, "--headless", "--marionette", "--no-remote", "--profile", str(self.profile)]
            + [f"--width={w}", f"--height={h}", "about:blank"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        port_file, deadline = self.profile / "MarionetteActivePort", time.monotonic() + 60
        while not (port_file.exists() and port_file.read_text().strip()):
            if time.monotonic() > deadline or self.proc.poll() is not None:
                self.__exit__()
                raise RuntimeError("Firefox did not start Marionette within 60 s")
            time.sleep(0.1)  # polling for a file the browser writes, not waiting on the page
        self.sock = socket.create_connection(("127.0.0.1", int(port_file.read_text())), timeout=60)
        self.buf, self.id = b"", 0
        self._read()  # the server's hello
        self.command("WebDriver:NewSession", {"capabilities": {}})
        self.command("WebDriver:SetWindowRect", {"width": w, "height": h})
        return self

    def __exit__(self, *exc) -> None:
        if getattr(self, "sock", None):
            self.sock.close()
        self.proc.kill()
        self.proc.wait()
        shutil.rmtree(self.profile, ignore_errors=True)

    def _read(self):
        while b":" not in self.buf:
            self.buf += self.sock.recv(65536)
        size, _, rest = self.buf.partition(b":")
        while len(rest) < int(size):
            rest += self.sock.recv(65536)
        self.buf = rest[int(size) :]
        return json.loads(rest[: int(size)])

    def command(self, name: str, params: dict):
        self.id += 1
        body = json.dumps([0, self.id, name, params]).encode()
        self.sock.sendall(str(len(body)).encode() + b":" + body)
        while True:
            _, rid, error, result = self._read()
            if rid == self.id:
                if error:
                    raise RuntimeError(f"{name}: {error}")
                return result

    def get(self, url: str) -> None:
        self.command("WebDriver:Navigate", {"url": url})

    def script(self, js: str):
        return self.command("WebDriver:ExecuteScript", {"script": js, "args": []})["value"]

    def wait_for(self, js: str, timeout: float = 10) -> None:
        """Until the expression ``js`` is true in the page, polled every 50 ms in the page itself."""
        self.command("WebDriver:SetTimeouts", {"script": int(timeout * 1000)})
        poll = (
            "const done = arguments[0];"
            f"const t = setInterval(() => {{ if ({js}) {{ clearInterval(t); done(true); }} }}, 50);"
        )
        self.command("WebDriver:ExecuteAsyncScript", {"script": poll, "args": []})
