"""Where a chart's files are published (its JSON, static images, downloads, share card and page) and the
site's public address: the build writes them there and the pages link them from here."""

from __future__ import annotations

import os

CHART_DIR = "assets/charts"


DOWNLOAD_DIR = "downloads"


PACKAGE_ZIP = "data/cbec-explainer-data.zip"  # every table as one Data Package (cbec/site.py writes it)


def json_path(chart_id: str, lang: str = "en") -> str:
    return f"{CHART_DIR}/{chart_id}.json" if lang == "en" else f"{CHART_DIR}/{lang}/{chart_id}.json"


def csv_path(chart_id: str) -> str:
    return f"{DOWNLOAD_DIR}/{chart_id}.csv"


def public_url() -> str:
    """The site's public address, by the rule mkdocs.yml uses for site_url (the Pages workflow sets SITE_URL)."""
    url = os.environ.get("SITE_URL") or "http://127.0.0.1:8000/"
    return url if url.endswith("/") else url + "/"


def static_path(chart_id: str, lang: str, scheme: str, width: str) -> str:
    return f"{CHART_DIR}/static/{lang}/{chart_id}-{scheme}-{width}.svg"


def download_path(chart_id: str, lang: str, fmt: str) -> str:
    return f"{DOWNLOAD_DIR}/{chart_id}.{fmt}" if lang == "en" else f"{DOWNLOAD_DIR}/{lang}/{chart_id}.{fmt}"


def card_path(chart_id: str, lang: str) -> str:
    return f"{CHART_DIR}/cards/{lang}/{chart_id}.png"


def chart_page_url(chart_id: str, lang: str) -> str:
    return f"charts/{chart_id}/" if lang == "en" else f"{lang}/charts/{chart_id}/"
