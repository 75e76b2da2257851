"""Shared fixtures: one strict build of the site per test session, served like GitHub Pages."""

from __future__ import annotations

import fcntl
import inspect
import json
import os
import shutil
import subprocess
import sys
import time
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
    """Run the real build (cbec.cli.build_site) into ``dest``; returns the finished process. A build in a
    copy of the project (``cwd``) uses this checkout's chart image cache, as a developer's builds do,
    unless CBEC_CHART_CACHE names one: the copy's own cache is empty, and each such build drew every
    image again (about a minute each)."""
    env = {
        **os.environ,
        "SITE_URL": site_url,
        "SOURCE_DATE_EPOCH": EPOCH,
        "NO_MKDOCS_2_WARNING": "1",
        "CBEC_CHART_CACHE": os.environ.get("CBEC_CHART_CACHE") or str(ROOT / ".cache" / "charts"),
    }
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


def pytest_collection_modifyitems(config, items):
    """Tests that build the site are marked ``build``, so the fast tier (make test-fast) leaves them out:
    those that ask for the session fixture ``site`` and those whose code runs MkDocs (BUILDS). Then the
    longest scopes first (see _longest_first)."""
    for item in items:
        fn = getattr(item, "function", None)
        code = inspect.getsource(fn) if fn else ""
        fixtures = getattr(item, "fixturenames", ())
        if "site" in fixtures or "domain_site" in fixtures or any(b in code for b in BUILDS):
            item.add_marker(pytest.mark.build)
    items[:] = _longest_first(items, _seconds_last_run(config))


# --- the longest work first, so that the xdist workers finish together ----------------------------------
#
# make test runs `pytest -n auto --dist loadscope --no-loadscope-reorder`: each scope (a module, or a class)
# runs whole on one worker, handed out in the order collected. xdist's own order (the scopes with the most
# tests first) left the scopes of one long test, Lighthouse's, to the end of the run, where one worker
# audited on alone. Here the scopes are ordered by their time, longest first, so the last ones handed out
# are short. A scope's time is its tests' times in this clone's last run (kept in pytest's cache by the
# controller); a scope this clone has not timed yet (a fresh clone: CI) takes its time from
# tests/test-seconds.json (`make test-times` writes it from the cache), else counts as its marks say
# (a slow test as a minute). On a fresh clone, ordering by marks alone left both Lighthouse scopes to one
# worker at the end: it audited alone for 135 s.
#
# One exception: the first worker to need the session's site builds it (drawing every image on a fresh
# clone) while the other, given a scope that needs the site too, waited. So the scopes that need no
# site (no `build` mark) go right after the first scope, to the worker that would wait.

TIMES = "cbec/test-seconds"
RECORD = Path(__file__).with_name("test-seconds.json")
GUESS = {"slow": 60.0, "browser": 8.0, "build": 8.0}


def _scope(nodeid: str) -> str:
    return nodeid.rsplit("::", 1)[0]  # xdist's loadscope: a test's module, or its class


def _seconds_last_run(config) -> dict[str, float]:
    """Each test's seconds in the last run, as the controller passed them to this worker (so every worker
    orders alike), or as pytest's cache has them when there is no worker; {} without a cache."""
    workerinput = getattr(config, "workerinput", None)
    if workerinput is not None:
        return dict(workerinput.get(TIMES, {}))
    cache = getattr(config, "cache", None)
    return dict(cache.get(TIMES, {})) if cache is not None else {}


def _recorded() -> dict[str, float]:
    """Each scope's seconds as tests/test-seconds.json has them ({} if it is missing or unreadable: it
    only orders the tests)."""
    try:
        return {str(k): float(v) for k, v in json.loads(RECORD.read_text("utf-8")).items()}
    except (OSError, ValueError, AttributeError):
        return {}


def _longest_first(items: list, seconds: dict[str, float], recorded: dict[str, float] | None = None) -> list:
    recorded = _recorded() if recorded is None else recorded

    def guess(item) -> float:
        return max([GUESS[m.name] for m in item.iter_markers() if m.name in GUESS], default=0.5)

    cost: dict[str, float] = {}
    timed: set[str] = set()
    site: set[str] = set()
    for item in items:
        scope = _scope(item.nodeid)
        known = seconds.get(item.nodeid)
        if known is not None:
            timed.add(scope)
        cost[scope] = cost.get(scope, 0.0) + (guess(item) if known is None else known)
        if item.get_closest_marker("build") is not None:
            site.add(scope)
    for scope in cost:
        if scope not in timed and scope in recorded:
            cost[scope] = recorded[scope]
    order = sorted(cost, key=lambda scope: -cost[scope])  # stable: as collected among equals
    if order and order[0] in site:
        order = [order[0], *[s for s in order if s not in site], *[s for s in order[1:] if s in site]]
    rank = {scope: i for i, scope in enumerate(order)}
    return sorted(items, key=lambda item: rank[_scope(item.nodeid)])  # stable: in a scope, as collected


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node):
    """xdist (controller): every worker gets the same times to order the tests by."""
    cache = getattr(node.config, "cache", None)
    node.workerinput[TIMES] = cache.get(TIMES, {}) if cache is not None else {}


_timed: dict[str, float] = {}
_shared_seconds = [0.0]  # spent in built_once() (building or waiting) since the last test's setup ended
SHARED = "shared_build_seconds"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A setup's report says how much of it went to the run's shared build (built_once): that build is
    the run's, not the test's, so its scope is not ordered first for it next time."""
    outcome = yield
    if call.when == "setup" and _shared_seconds[0]:
        outcome.get_result().user_properties.append((SHARED, _shared_seconds[0]))
        _shared_seconds[0] = 0.0


def pytest_runtest_logreport(report):
    """Each test's seconds (setup, call and teardown, less the shared build); kept by the controller (or a
    run without workers)."""
    seconds = max(0.0, report.duration - dict(report.user_properties).get(SHARED, 0.0))
    _timed[report.nodeid] = _timed.get(report.nodeid, 0.0) + seconds


def pytest_sessionfinish(session):
    config = session.config
    cache = getattr(config, "cache", None)
    if hasattr(config, "workerinput") or cache is None or not _timed:
        return
    cache.set(TIMES, {**cache.get(TIMES, {}), **{k: round(v, 2) for k, v in _timed.items()}})


def _shared_dir(tmp_path_factory) -> Path:
    """A folder every pytest-xdist worker of this run sees (their basetemps' parent; without xdist, the
    run's own basetemp)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def built_once(tmp_path_factory, name: str, **kw) -> Path:
    """``build_site(**kw)`` once per test run, shared by every xdist worker: the first worker to get here
    builds (with a cold image cache, the only one drawing the images) while the others wait on a lock
    for the state "built" (no sleep), then read the same files. Tests read a shared site, never write it."""
    shared = _shared_dir(tmp_path_factory) / name
    shared.mkdir(exist_ok=True)
    dest, done, failed = shared / "site", shared / "built", shared / "failed"
    started = time.monotonic()
    try:
        with (shared / "lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, also if this worker dies
            # a build that failed once fails every worker's tests at once, with its output, not again
            assert not failed.exists(), failed.read_text("utf-8")
            if not done.exists():
                shutil.rmtree(dest, ignore_errors=True)  # a worker that died here left a partial site
                result = build_site(dest, **kw)
                if result.returncode != 0:
                    failed.write_text(f"strict build failed:\n{result.stdout}\n{result.stderr}", "utf-8")
                    raise AssertionError(failed.read_text("utf-8"))
                done.touch()
    finally:
        _shared_seconds[0] += time.monotonic() - started
    return dest


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The site, built once per test run (all workers share it)."""
    return built_once(tmp_path_factory, "session-site")


@pytest.fixture(scope="session")
def domain_site(tmp_path_factory) -> Path:
    """The site built for a custom domain at its root (SITE_URL https://cbec.example.org/), once per
    run for the tests that need one (CNAME, links at /)."""
    return built_once(tmp_path_factory, "domain-site", site_url="https://cbec.example.org/")


@pytest.fixture(autouse=True)
def _image_cache_warm(request):
    """A test that builds waits until the session's site is built: with a cold image cache (a fresh
    clone, CI) that first build draws every chart image once, and every later build, in any worker,
    finds them in the cache instead of drawing them again at the same time. Tests that build with an
    empty cache of their own (CBEC_CHART_CACHE) are unaffected, only later."""
    if request.node.get_closest_marker("build") is not None:
        request.getfixturevalue("site")


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


@pytest.fixture(scope="session")
def chromium(playwright_instance):
    """One Chromium per worker. Each test gets a browser context of its own (new_context, browser), which
    starts as a fresh profile does: no cookies, storage, cache or stored palette. A browser launched per
    test, as before, took 1.3 CPU seconds to start and stop; a context takes 0.66."""
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    yield browser
    browser.close()


@pytest.fixture
def new_context(chromium):
    """``new_context(**options)``: a fresh browser context (Playwright's options: viewport, color_scheme,
    java_script_enabled, is_mobile, ...), closed when the test ends."""
    made = []

    def make(**options):
        made.append(chromium.new_context(**options))
        return made[-1]

    yield make
    for context in made:
        context.close()


@pytest.fixture
def browser(new_context):
    """A fresh browser context at 1280 x 900."""
    return new_context(viewport={"width": 1280, "height": 900})


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


# Two animation frames after load: the first paint is done and every deferred script has run.
PAINTED = "new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))"


def open_for_instant_navigation(page, server: str, url: str = "") -> None:
    """Open ``server + url`` and wait until Material's instant navigation takes clicks. Until its
    sitemap.xml (the site root's, for both languages) has arrived, it leaves a click to a full page load
    (withLatestFrom); on a loaded machine that request can end after "load", and a test that clicked at
    once saw a full load (window.__sameDocument gone). The sitemap is read in the task that received it,
    so two frames later it is in use."""
    with page.expect_response(lambda r: r.url == server + "sitemap.xml") as sitemap:
        page.goto(server + url, wait_until="load")
    sitemap.value.finished()
    page.evaluate(PAINTED)


def wait_for_page(page, url: str) -> None:
    """Wait until the browser shows ``url``, with or without a #section: Material's toc tracking
    (navigation.tracking) puts the section in view into the address, on a loaded machine sometimes before
    the wait starts (a test waiting for the bare address timed out on since-2021/#series-break)."""
    page.wait_for_url(lambda u: u.split("#")[0] == url)


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
