"""Fuzz, review 2026-12-07's new families: chart words, page code, front matter, environment values.

Seeded, so a failure replays; each family's checker must either accept an input (and then the output is
safe) or refuse it with its own one-line error, never anything else (a bare KeyError, a traceback, a
SecurityError reaching the page, markup in the <head>). Data cells are fuzzed in test_robustness_data.py;
signals during a build in test_output_folder.py.
"""

from __future__ import annotations

import math
import random
import string
from types import SimpleNamespace

import pytest
from jinja2 import Environment, TemplateSyntaxError
from mkdocs.exceptions import PluginError

from cbec import settings, words
from cbec.mkdocs import page_checks, page_sandbox

SEED = 20261207


def _pieces(rng: random.Random, alphabet, n: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, n)))


def test_fuzz_chart_word_templates():
    """A template is accepted only with plain-name placeholders, which then fill without error."""
    rng = random.Random(SEED)
    alphabet = ["{", "}", "{{", "}}", "a", "year", "_x", "0", ".", "[0]", "!r", ":>5", " ", "年", "__class__"]
    accepted = refused = 0
    for _ in range(3000):
        template = _pieces(rng, alphabet, 8)
        try:
            names = words.placeholders(template)
        except ValueError as e:
            refused += 1
            assert "placeholder" in str(e) or "'{'" in str(e) or "'}'" in str(e) or "brace" in str(e), (
                template
            )
            continue
        accepted += 1
        assert all(words.PLACEHOLDER.match(n) for n in names), template
        filled = words.fill({"k": {"en": template, "zh": template}}, "k", "en", {n: 1 for n in names})
        assert "<class" not in filled and "0x" not in filled, template
        if names:
            with pytest.raises(words.WordsError, match="unknown placeholder"):
                words.fill({"k": {"en": template, "zh": template}}, "k", "en", {})
    assert accepted > 300 and refused > 300, (accepted, refused)


def _sandbox() -> Environment:
    env = Environment()
    allowed = frozenset(["fact", "cite", "ds", "config", *page_sandbox.JINJA_NAMES])
    env.__class__ = type("Fuzz", (page_sandbox.PageSandbox,), {"allowed": allowed})
    for name in ("lipsum", "cycler", "joiner"):
        env.globals.pop(name)
    return env


def test_fuzz_page_code():
    """Page code either is refused before it runs, or runs without reaching Python's internals."""
    rng = random.Random(SEED)
    env = _sandbox()
    heads = ["fact('k')", "ds", "config", "lipsum", "cycler", "environment", "page", "range(2)", "''", "x"]
    tails = [
        ".value",
        ".__class__",
        "._conf",
        ".site_url",
        "['__globals__']",
        ".mro",
        "|list",
        "|attr('_x')",
        "()",
    ]
    ds = SimpleNamespace(value=1.5, path=SimpleNamespace(read_text=lambda: "SECRET"))
    config = page_sandbox.PageConfig(SimpleNamespace(site_url="https://x.example/", site_name="S", extra={}))
    outcomes = {"refused": 0, "ran": 0, "error": 0}
    for _ in range(1500):
        code = (
            "{{ " + rng.choice(heads) + "".join(rng.choice(tails) for _ in range(rng.randint(0, 3))) + " }}"
        )
        try:
            template = env.from_string(code)
        except page_sandbox.PageCodeRefused:
            outcomes["refused"] += 1
            continue
        except TemplateSyntaxError:
            outcomes["refused"] += 1
            continue
        try:
            out = template.render(fact=lambda k: SimpleNamespace(value=1.0), ds=ds, config=config, x=1)
        except Exception as e:  # noqa: BLE001 - any error is reported with the page's line; none may leak
            outcomes["error"] += 1
            assert "SECRET" not in str(e), code
            continue
        outcomes["ran"] += 1
        assert "SECRET" not in out and "<class" not in out and "built-in" not in out, (code, out)
    assert all(outcomes.values()), outcomes


def test_fuzz_front_matter():
    """Every front-matter value either is reported with its line or prints as text in the <head>."""
    rng = random.Random(SEED)
    values = [
        "plain",
        '"><script>alert(1)</script>',
        ["<b>"],
        {"a": "<i>"},
        7,
        None,
        "",
        "claims",
        ["navigation"],
        ["toc", "x"],
        True,
        "x\"'<>&",
    ]
    keys = ["title", "description", "chart", "hide", "template", "robots"]
    for _ in range(800):
        meta = {k: rng.choice(values) for k in rng.sample(keys, rng.randint(1, 3))}
        text = "".join(f"{k}: x\n" for k in meta)
        problems = page_checks.front_matter_problems(meta, text)
        lines = {line for line, _ in problems}
        assert lines <= set(range(2, 2 + len(meta))), (meta, problems)
        flagged = {p.split(":")[0].split(" ")[-1].strip("'") for _, p in problems}
        for key, value in meta.items():
            if key in ("title", "description") and not (isinstance(value, str) and value.strip()):
                assert any(p.startswith(key) for _, p in problems), (meta, problems)
            if key not in page_checks.FRONT_MATTER_KEYS:
                assert any(f"'{key}'" in p for _, p in problems), (meta, problems)
        page = SimpleNamespace(meta=dict(meta), file=SimpleNamespace(src_uri="x.md"))
        page_checks.on_page_markdown("", page, None, None)
        for key in ("title", "description"):
            if page.meta.get(key) is not None:
                assert "<" not in str(page.meta[key]) and '"' not in str(page.meta[key]), page.meta
        assert page.meta.get("chart") in (None, "claims") or "chart" not in page.meta
        assert flagged is not None


def test_fuzz_environment_values(monkeypatch):
    """Time limits are finite seconds above zero or refused naming the variable; SITE_URL never keeps a
    password, a query or a fragment."""
    rng = random.Random(SEED)
    numbers = [
        "nan",
        "inf",
        "-inf",
        "1e400",
        "0",
        "-1",
        "1",
        "60",
        "0.5",
        "abc",
        "",
        " 5",
        "1_0",
        "0x10",
        "１２",
    ]
    for text in numbers + [_pieces(rng, list(string.printable), 6) for _ in range(300)]:
        monkeypatch.setenv("CBEC_X", text)
        try:
            value = settings.seconds("CBEC_X", 60)
        except ValueError as e:
            assert str(e).startswith(f"CBEC_X is {text!r}: it must be a number of seconds"), text
            continue
        assert math.isfinite(value) and 0 < value <= 86400, (text, value)
    parts = ["https://", "user:pw@", "u@", "x.example", ":8080", "/sub/", "?q=1", "#top", "?", "#", "/a b"]
    for _ in range(500):
        url = "https://" + "".join(rng.sample(parts[1:], rng.randint(1, 4)))
        config = SimpleNamespace(site_url=url, extra={"repository": ""})
        try:
            page_checks._check_urls(config)
        except PluginError as e:
            assert str(e).startswith("SITE_URL"), (url, str(e))
            continue
        assert "@" not in url.split("/", 3)[2] and "?" not in url and "#" not in url, url
