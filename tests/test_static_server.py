"""The test and benchmark server (cbec/cli/static_server.py) swaps the site's public address for its own
where it says it does, and nowhere else."""

from __future__ import annotations

from urllib.request import Request, urlopen

import pytest

from cbec.cli.static_server import StaticServer

PUBLIC = "https://example.github.io/repo/"


def _fetch(url: str) -> str:
    with urlopen(Request(url, headers={"Accept-Encoding": "identity"}), timeout=30) as r:
        return r.read().decode("utf-8")


@pytest.mark.parametrize("everywhere", [False, True])
def test_the_public_address_is_swapped_in_the_sitemap_and_with_everywhere_in_pages(tmp_path, everywhere):
    files = {
        "sitemap.xml": f"<loc>{PUBLIC}page/</loc>",
        "page/index.html": f'<link rel="canonical" href="{PUBLIC}page/">',
        "robots.txt": f"Sitemap: {PUBLIC}sitemap.xml",
        "data.json": f'{{"url": "{PUBLIC}page/"}}',  # data, never rewritten
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, "utf-8")
    with StaticServer(tmp_path, "/repo/", public_url=PUBLIC, everywhere=everywhere) as base:
        served = {name: _fetch(base + name.removesuffix("index.html")) for name in files}
    swapped = {name for name in files if base in served[name]}
    assert swapped == ({"sitemap.xml", "page/index.html", "robots.txt"} if everywhere else {"sitemap.xml"})
    for name in swapped:
        assert served[name] == files[name].replace(PUBLIC, base)
    for name in set(files) - swapped:
        assert served[name] == files[name]
