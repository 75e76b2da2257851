"""Shared fixtures: one strict build of the site per test session, served like GitHub Pages."""

from __future__ import annotations

import inspect
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import properdocs.replacement  # noqa: F401 - `import mkdocs...` answered by ProperDocs, the engine the build runs
import pytest

from cbec.cli.browser import ARGS
from cbec.cli.static_server import StaticServer
from cbec.static_render import browser_env

ROOT = Path(__file__).resolve().parent.parent

# The address the test build believes it has: a GitHub Pages project site, like production.
SITE_URL = "https://example.github.io/cbec-explainer/"
SUBPATH = "/cbec-explainer/"
# The browser the tests drive: the build's (BROWSER_PATH, or the older CHROMIUM_PATH), else Debian's
# chromium, with the command-line tools' flags (cbec/cli/browser.py).
CHROMIUM = browser_env() or "/usr/bin/chromium"
CHROMIUM_ARGS = ARGS
EPOCH = "1700000000"


def _goto_until_the_theme_is_live():
    """Every page load in a test waits until the theme's scripts have run, as a reader's page is a moment
    after its first paint: Material's bundle and ours load after that paint (cbec/mkdocs/after_paint.py),
    which can be after the load event. The page's loader sets window.cbecScriptsLoaded false, then true;
    a page without it (scripting off, a plain file) has nothing to wait for."""
    from playwright.sync_api import Page

    goto = Page.goto

    def goto_live(self, url, **kw):
        response = goto(self, url, **kw)
        self.wait_for_function("window.cbecScriptsLoaded !== false", timeout=kw.get("timeout"))
        return response

    Page.goto = goto_live


_goto_until_the_theme_is_live()


def build_site(
    dest: Path, *, data_dir: Path | None = None, site_url: str = SITE_URL, cwd: Path = ROOT
) -> subprocess.CompletedProcess:
    """Run the real build (cbec.cli.build_site) into ``dest``; returns the finished process."""
    env = {**os.environ, "SITE_URL": site_url, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("CBEC_DATA_DIR", None)
    if data_dir is not None:
        env["CBEC_DATA_DIR"] = str(data_dir)
    return subprocess.run(
        [sys.executable, "-m", "cbec.cli.build_site", str(dest)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
    )


def previous_build(dest: Path) -> list[str]:
    """A stand-in for the last good site in ``dest``, recognisable as a build (cbec/output_dir.py
    replaces nothing else); returns its file names, which a failed build must leave as they were."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("index.html", "404.html", "sitemap.xml.gz", "previous.txt"):
        (dest / name).write_text("the last good build")
    return sorted(p.name for p in dest.iterdir())


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A copy of data/ to break on purpose."""
    dest = tmp_path / "data"
    shutil.copytree(ROOT / "data", dest)
    return dest


BUILDS = (
    "build_site(",
    "_mkdocs_build(",
    '"cbec.cli.build_site"',
    'command("serve"',
    'command("build"',
)  # how a test runs a whole build itself


def pytest_collection_modifyitems(items):
    """Tests that build the site are marked ``build``, so the fast tier (make test-fast) leaves them out:
    those that ask for the session fixture ``site`` and those whose code runs MkDocs (BUILDS)."""
    for item in items:
        fn = getattr(item, "function", None)
        code = inspect.getsource(fn) if fn else ""
        fixtures = getattr(item, "fixturenames", ())
        if "site" in fixtures or "domain_site" in fixtures or any(b in code for b in BUILDS):
            item.add_marker(pytest.mark.build)


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    dest = tmp_path_factory.mktemp("build") / "site"
    result = build_site(dest)
    assert result.returncode == 0, f"strict build failed:\n{result.stdout}\n{result.stderr}"
    return dest


@pytest.fixture(scope="session")
def domain_site(tmp_path_factory) -> Path:
    """The site built for a custom domain at its root (SITE_URL https://cbec.example.org/), once per
    session for the tests that need one (CNAME, links at /)."""
    dest = tmp_path_factory.mktemp("domain") / "site"
    result = build_site(dest, site_url="https://cbec.example.org/")
    assert result.returncode == 0, f"strict build failed:\n{result.stdout}\n{result.stderr}"
    return dest


@pytest.fixture(scope="session")
def server(site) -> str:
    with StaticServer(site, SUBPATH, public_url=SITE_URL) as url:
        yield url


@pytest.fixture(scope="session")
def playwright_instance():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), (
        f"no browser at {CHROMIUM}: apt-get install chromium (make test does), "
        "or set BROWSER_PATH to a Chromium or Chrome binary"
    )
    with sync_playwright() as p:
        yield p


@pytest.fixture
def browser(playwright_instance):
    """A fresh Chromium profile per test (no stored palette, no cache)."""
    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    context = playwright_instance.chromium.launch_persistent_context(
        profile,
        executable_path=CHROMIUM,
        args=CHROMIUM_ARGS,
        headless=True,
        viewport={"width": 1280, "height": 900},
    )
    yield context
    context.close()
    shutil.rmtree(profile, ignore_errors=True)


def pages(site: Path) -> list[str]:
    """Site-relative URLs of every content page (directory URLs), from the built files."""
    out = []
    for index in sorted(site.rglob("index.html")):
        rel = index.parent.relative_to(site).as_posix()
        out.append("" if rel == "." else rel + "/")
    return out


def page_file(site: Path, url: str) -> Path:
    return site / url / "index.html"


def show_charts(page, timeout: int = 20_000) -> None:
    """Ask every chart on the page for its live form, as a keyboard reader would (focus: charts are
    static images until a reader points at, taps or focuses one), then wait until all are live."""
    count = page.locator(".chart__plot").count()
    for i in range(count):
        page.locator(".chart__plot").nth(i).focus()
    if count:
        page.wait_for_function(
            "[...document.querySelectorAll('.chart__plot')].every(e => e.dataset.state === 'live')",
            timeout=timeout,
        )


def images_loaded(page, timeout: int = 20_000) -> None:
    """Wait until every chart image the page shows (the <img> of the visible <picture>) has loaded.
    Lazy images load as they near the viewport, so scroll each into view first."""
    count = page.locator(".chart__static img").count()
    for i in range(count):
        img = page.locator(".chart__static img").nth(i)
        if img.is_visible():
            img.scroll_into_view_if_needed()
    page.wait_for_function(
        """() => [...document.querySelectorAll('.chart__static img')]
        .filter(i => i.offsetParent !== null).every(i => i.complete && i.naturalWidth > 0)""",
        timeout=timeout,
    )
