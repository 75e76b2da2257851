"""MkDocs hook: add the generated chart JSON, CSV downloads and plotly.js to the build.

Files are added in memory (``File.generated``), never written into docs/, so ``mkdocs serve``
does not loop on its own output; ``on_serve`` watches data/ and scripts/ so an edited table
rebuilds the site. The logic lives in scripts/ (plain functions, tested without MkDocs).
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import logging
import sys

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # make scripts/ importable

from scripts.macros import data_dir, load_site  # noqa: E402


class _SwitcherFollowsInstantNavigation(logging.Filter):
    """mkdocs-static-i18n warns that Material's language switcher goes stale under instant
    navigation (the header is not re-rendered). docs/assets/javascripts/language.js re-points the
    switcher at the current page after every navigation, and tests/test_i18n.py checks it, so
    this one warning is handled; every other warning still fails the strict build."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "not compatible with theme.features = navigation.instant" not in record.getMessage()


logging.getLogger("mkdocs.plugins.mkdocs_static_i18n.reconfigure").addFilter(_SwitcherFollowsInstantNavigation())


@event_priority(-100)  # after mkdocs-static-i18n has sorted the real files by language
def on_files(files, config):
    site = load_site(config)
    for path, content in sorted(site.files.items()):
        files.append(File.generated(config, path, content=content))
    # robots.txt names the sitemap at the configured public address (SITE_URL).
    robots = f"User-agent: *\nAllow: /\n\nSitemap: {config.site_url}sitemap.xml\n"
    files.append(File.generated(config, "robots.txt", content=robots))
    # A custom domain in SITE_URL gets the CNAME file GitHub Pages expects (unless docs/ has one).
    host = urlsplit(config.site_url or "").hostname or ""
    if host and not host.endswith(".github.io") and host not in ("localhost", "127.0.0.1") \
            and files.get_file_from_path("CNAME") is None:
        files.append(File.generated(config, "CNAME", content=host + "\n"))
    return files


def on_serve(server, config, builder):
    root = Path(config.config_file_path).parent
    server.watch(str(data_dir(config)))
    server.watch(str(root / "scripts"))
    return server
