"""Serve a built site the way GitHub Pages does: under a /REPO/ subpath, gzip, a real 404 page.

Used by the browser tests and the benchmark (not by readers: ``make serve`` uses mkdocs serve).
"""

from __future__ import annotations

import gzip
import mimetypes
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")


class _Handler(BaseHTTPRequestHandler):
    # set on a subclass per server (StaticServer): the folder, the URL prefix, the address swap and the
    # files it applies to
    root: Path
    prefix: str
    rewrite: tuple[bytes, bytes] | None
    rewritten: tuple[str, ...]

    def log_message(self, *args: Any) -> None:  # keep test output quiet
        pass

    def _resolve(self) -> Path | None:
        path = unquote(urlsplit(self.path).path)
        if not path.startswith(self.prefix):
            return None
        rel = path[len(self.prefix) :]
        target = (self.root / rel).resolve()
        if self.root not in target.parents and target != self.root:
            return None
        if target.is_dir():
            if not path.endswith("/"):
                return target  # handled as a redirect below
            target = target / "index.html"
        return target if target.is_file() else None

    def do_GET(self) -> None:
        target = self._resolve()
        if target is not None and target.is_dir():
            self.send_response(301)
            self.send_header("Location", urlsplit(self.path).path + "/")
            self.end_headers()
            return
        status = 200
        if target is None:
            status, target = 404, self.root / "404.html"
        body = target.read_bytes()
        if self.rewrite and target.name.endswith(self.rewritten):
            # Material's instant navigation and language switcher only follow links listed in the
            # sitemap, matched by host and port: point the built site's public URLs at this server.
            body = body.replace(*self.rewrite)
        ctype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if ctype.startswith("text/") or ctype in ("application/javascript", "application/json"):
            ctype += "; charset=utf-8"
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Cache-Control", "max-age=600")  # as GitHub Pages
        if ctype.startswith(COMPRESSIBLE) and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body, compresslevel=6, mtime=0)
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def free_port() -> int:
    """A port on 127.0.0.1 nobody listens on now, for a server that must know its address before it starts."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class StaticServer:
    """``with StaticServer(site_dir, "/repo/") as url: ...`` serves on a free localhost port.

    ``public_url`` is the SITE_URL the site was built for; its sitemap is served with that
    address replaced by this server's, as if the site were deployed here. With ``everywhere``, so are
    its pages and robots.txt (for an audit that judges canonical links against the address it visits):
    HTML as a build for this server's address writes it, without building again. Data files (JSON,
    images) keep the public address."""

    def __init__(
        self,
        root: Path | str,
        prefix: str = "/",
        port: int = 0,
        public_url: str | None = None,
        everywhere: bool = False,
    ):
        self.root, self.prefix = (
            Path(root).resolve(),
            "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/",
        )
        # the handler needs the address the server gets: bound first, the handler set after
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), BaseHTTPRequestHandler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}{self.prefix}"
        rewrite = (public_url.encode(), self.url.encode()) if public_url else None

        class Handler(_Handler):
            pass

        Handler.root, Handler.prefix, Handler.rewrite = self.root, self.prefix, rewrite
        Handler.rewritten = (".html", ".xml", ".txt") if everywhere else ("sitemap.xml",)
        self.httpd.RequestHandlerClass = Handler

    def __enter__(self) -> str:
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self.url

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
