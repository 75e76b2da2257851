"""Page code is text plus the site's macros (review 2026-12-07, P01-P03).

mkdocs-macros renders pages with a plain Jinja environment: ``{{ lipsum.__globals__.os.popen(...) }}`` ran a
shell command at build time, and ``{{ environment }}`` or ``{{ config.docs_dir }}`` published details of
the build machine. Pages are reviewed as text, so the environment they run in holds only what a page needs:

* Jinja's sandbox: no attribute whose name starts with ``_``, no Python internals, and no attribute of a
  module, a class or a file path (``PageSandbox``);
* before a page runs, its code may name only the site's macros, ``ds``, ``config`` (``config.site_url``,
  ``config.site_name`` and ``config.extra``), ``range``, ``dict`` and ``namespace``, and no ``_`` attribute:
  anything else stops the build with ``docs/<page>.md:<line>: ...`` (``check``).
"""

from __future__ import annotations

import types
from collections.abc import Collection
from pathlib import PurePath
from typing import Any

from jinja2 import Environment, Template, TemplateSyntaxError, nodes
from jinja2.sandbox import SandboxedEnvironment, safe_range
from mkdocs.config.defaults import MkDocsConfig

from cbec.mkdocs.page_errors import closest

# Jinja globals a page may use besides the macros; lipsum, cycler and joiner reach Python's internals.
JINJA_NAMES = ("range", "dict", "namespace")
PAGE_NAMES = ("ds", "config")
# What mkdocs-macros puts in every page's variables (the page, the site's files, the machine, itself).
MACROS_PLUGIN_NAMES = frozenset(
    {
        *("page", "files", "navigation", "config", "extra", "environment", "plugin", "git", "self"),
        *(
            "macros",
            "filters",
            "filters_builtin",
            "context",
            "macros_info",
            "now",
            "fix_url",
            "render_macros",
        ),
    }
)


class PageCodeRefused(TemplateSyntaxError):
    """Page code that reaches outside the page; the message says what, and what a page may use."""


class PageConfig:
    """What a page may read of the MkDocs configuration: the site's address and name, and ``extra``."""

    def __init__(self, conf: MkDocsConfig):
        self._conf = conf

    @property
    def site_url(self) -> str | None:
        return self._conf.site_url

    @property
    def site_name(self) -> str:
        return self._conf.site_name

    @property
    def extra(self) -> dict[str, str | int | float | bool]:
        return {k: v for k, v in self._conf.extra.items() if isinstance(v, (str, int, float, bool))}


class PageSandbox(SandboxedEnvironment):
    """mkdocs-macros' environment, sandboxed (its class is swapped in ``install``: the macros plugin makes
    the environment itself)."""

    allowed: frozenset[str] = frozenset()

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if not super().is_safe_attribute(obj, attr, value):
            return False
        return not isinstance(obj, (types.ModuleType, type, PurePath)) and not isinstance(
            value, (types.ModuleType, type)
        )

    def from_string(self, source: str | nodes.Template, *args: Any, **kwargs: Any) -> Template:
        check(self, source, self.allowed)
        return super().from_string(source, *args, **kwargs)


def check(env: Environment, source: str | nodes.Template, allowed: Collection[str]) -> None:
    """Refuse page code that names anything but ``allowed`` or reads an attribute starting with ``_``
    (``source``: the page's text, or Jinja's tree of it)."""
    tree = source if isinstance(source, nodes.Template) else env.parse(source)
    for node in tree.find_all((nodes.Getattr, nodes.Getitem)):
        attr = _read_name(node)
        if isinstance(attr, str) and attr.startswith("_"):
            raise PageCodeRefused(
                f"'{attr}': page code may not read a name that starts with '_' (pages are text plus the "
                "site's macros: CONTRIBUTING.md, 'What page code may do')",
                node.lineno,
            )
    declared = _declared(tree)
    for node in tree.find_all(nodes.Name):
        if node.ctx == "load" and node.name not in allowed and node.name not in declared:
            if node.name in env.globals or node.name in MACROS_PLUGIN_NAMES:
                why = (
                    f"'{node.name}' is not available to pages: page code may use the site's macros, ds, "
                    "config.site_url, config.extra, range, dict and namespace (CONTRIBUTING.md, "
                    "'What page code may do')"
                )
            else:  # a misspelt macro: the message the page had before the sandbox
                why = f"no macro or variable named '{node.name}'; " + closest(
                    node.name, [n for n in allowed if n not in JINJA_NAMES], "macros"
                )
            raise PageCodeRefused(why, node.lineno)


def _read_name(node: nodes.Node) -> object:
    """The attribute a Getattr node reads, or the key a Getitem node reads when it is written out."""
    if isinstance(node, nodes.Getattr):
        return node.attr
    if isinstance(node, nodes.Getitem):
        return getattr(node.arg, "value", None)
    return None


def _declared(tree: nodes.Template) -> set[str]:
    """Names the page sets itself: {% set %}, loop variables, macro arguments, imports."""
    out = {"loop", "caller", "varargs", "kwargs"}
    for name in tree.find_all(nodes.Name):
        if name.ctx in ("store", "param"):
            out.add(name.name)
    for macro in tree.find_all(nodes.Macro):
        out.update(a.name for a in macro.args)
        out.add(macro.name)
    for call in tree.find_all(nodes.CallBlock):
        out.update(a.name for a in call.args)
    for imported in tree.find_all(nodes.Import):
        out.add(imported.target)
    for from_import in tree.find_all(nodes.FromImport):
        out.update(n if isinstance(n, str) else n[1] for n in from_import.names)
    return out


def install(env: Any, macros: list[str]) -> None:
    """From define_env: trim mkdocs-macros' variables to what pages may use."""
    for name in ("environment", "plugin", "git", "macros_info", "context"):
        env.variables.pop(name, None)
        env.macros.pop(name, None)
    env.variables["config"] = PageConfig(env.conf)
    env.variables["_page_names"] = frozenset([*macros, *PAGE_NAMES, *JINJA_NAMES])


def sandbox(env: Any) -> None:
    """Before each page (on_pre_page_macros): mkdocs-macros' Jinja environment, made after define_env,
    becomes a PageSandbox (once) without Python's internals among its globals."""
    jinja = env.env
    if not isinstance(jinja, PageSandbox):
        jinja.__class__ = type("PageSandbox", (PageSandbox,), {"allowed": env.variables["_page_names"]})
        jinja.globals["range"] = safe_range  # as SandboxedEnvironment.__init__ sets it
        for name in ("lipsum", "cycler", "joiner"):
            jinja.globals.pop(name, None)
