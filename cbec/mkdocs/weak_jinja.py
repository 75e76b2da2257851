"""Jinja that keeps a weakly sourced number's flag: the filters (int, string, format) and the ``~``
join a page's code may pass a number through would otherwise print it bare (review R30)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame, optimizeconst
from jinja2.filters import do_format
from markupsafe import soft_str  # Jinja's own "string" filter

from cbec import fmt
from cbec.text_out import Markup, html_text
from cbec.values import Weak, is_weak

Flag = Callable[[Any, str], str]  # flag(value, text): the text, with the value's weak flag when it has one


def keep_weak(convert: Callable[..., Any]) -> Callable[..., Any]:
    """A Jinja number filter (int) that keeps a weakly sourced value weak, so it still prints its flag."""

    def filter_(value: Any, *args: Any, **kwargs: Any) -> Any:
        out = convert(value, *args, **kwargs)
        return Weak(out, value.where) if is_weak(value) else out

    return filter_


def keep_weak_text(flag: Flag) -> tuple[Callable[[Any], str], Callable[..., str]]:
    """Jinja's text filters (string, format) for page code: a weakly sourced number among the inputs puts
    its flag after the text (review R30), through ``flag(value, text)``."""

    def string(value: Any) -> str:
        return flag(value, soft_str(value)) if is_weak(value) else soft_str(value)

    def format_(text: str, *args: Any, **kwargs: Any) -> str:
        out: str = do_format(text, *args, **kwargs)
        weak = [v for v in (*args, *kwargs.values()) if is_weak(v)]
        return flag(weak[0], out) if weak else out

    return string, format_


class KeepWeakJoins(CodeGenerator):
    """Page code's ``~`` joins its parts with str(), which would print a weakly sourced number without its
    flag (review R30). The join goes through ``environment.weak_join`` instead, with the parts and the
    join Jinja would have used."""

    @optimizeconst
    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        if frame.eval_ctx.volatile:
            join = "(markup_join if context.eval_ctx.volatile else str_join)"
        else:
            join = "markup_join" if frame.eval_ctx.autoescape else "str_join"
        self.write(f"environment.weak_join({join}, (")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


def weak_join(flag: Flag) -> Callable[[Callable[[Any], str], Any], str]:
    """``environment.weak_join`` for KeepWeakJoins: Jinja's own join, unless a part is weak; then each
    weak part is printed with its flag and the rest escaped as a printed value would be."""

    def join(jinja_join: Callable[[Any], str], parts: Any) -> str:
        if not any(is_weak(p) for p in parts):
            return jinja_join(parts)
        return Markup(
            "".join(
                flag(p, fmt.num(p)) if is_weak(p) else p if isinstance(p, Markup) else html_text(str(p))
                for p in parts
            )
        )

    return join
