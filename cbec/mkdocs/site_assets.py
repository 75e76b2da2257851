"""MkDocs hook: add the generated chart JSON, CSV downloads, plotly.js, preview image and robots.txt.

Files are added in memory (``File.generated``), never written into docs/, so ``mkdocs serve``
does not loop on its own output; ``on_serve`` watches data/ and cbec/ so an edited table
rebuilds the site. The logic lives in cbec/ (plain functions, tested without MkDocs).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

from cbec.mkdocs.site_config import data_dir, load_site
from cbec.symlinks import refusal


@event_priority(-100)  # after mkdocs-static-i18n has sorted the real files by language
def on_files(files: Files, config: MkDocsConfig) -> Files:
    root, docs = Path(config.config_file_path).parent, Path(config.docs_dir)
    for f in files:  # our pages and assets (theme files live in the virtualenv, wherever that is)
        src = Path(f.abs_src_path) if f.abs_src_path else None
        if src and src.is_relative_to(docs) and (problem := refusal(src, root, f"docs/{f.src_uri}")):
            raise PluginError(problem)
    site = load_site(config)
    for path, content in sorted(site.files.items()):
        files.append(File.generated(config, path, content=content))
    # robots.txt names the sitemap at the configured public address (SITE_URL).
    robots = f"User-agent: *\nAllow: /\n\nSitemap: {config.site_url}sitemap.xml\n"
    files.append(File.generated(config, "robots.txt", content=robots))
    # A custom domain in SITE_URL gets the CNAME file GitHub Pages expects (unless docs/ has one).
    host = urlsplit(config.site_url or "").hostname or ""
    if (
        host
        and not host.endswith(".github.io")
        and host not in ("localhost", "127.0.0.1")
        and files.get_file_from_path("CNAME") is None
    ):
        files.append(File.generated(config, "CNAME", content=host + "\n"))
    return files


def on_post_build(config: MkDocsConfig) -> None:
    """Give each language root its own sitemap.xml: Material's language switcher fetches
    <language root>/sitemap.xml to find the current page's counterpart."""
    site = Path(config.site_dir)
    sitemap = site / "sitemap.xml"
    for alt in config.extra.get("alternate", []):
        folder = site / alt["link"].strip("./")
        if alt["link"].strip("./") and folder.is_dir() and sitemap.exists():
            shutil.copyfile(sitemap, folder / "sitemap.xml")


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    root = Path(config.config_file_path).parent
    server.watch(str(data_dir(config)))
    server.watch(str(root / "cbec"))
    return server
