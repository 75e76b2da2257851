"""The Sources page's generated sections: the tables (from data/datapackage.json) and how to cite
(from CITATION.cff), in English and Chinese. Nothing here is typed twice: edit the JSON or the CFF."""

from __future__ import annotations

import json
from html import escape
from pathlib import Path
from typing import Any

import yaml

from .data import PACKAGE

ROOT = Path(__file__).resolve().parent.parent
CITATION = ROOT / "CITATION.cff"

TEXT: dict[str, dict[str, Any]] = {
    "en": dict(
        table="Table",
        holds="What it holds",
        rows="{n} rows",
        field="Column",
        type="Type",
        unit="Unit",
        meaning="What it holds",
        rules="Rules",
        key="Key",
        required="required",
        one_of="one of",
        range="from {lo} to {hi}",
        pattern="pattern",
        columns="Columns of {name}",
        types={
            "integer": "whole number",
            "number": "number",
            "string": "text",
            "date": "date",
            "year": "year",
        },
    ),
    "zh": dict(
        table="数据表",
        holds="内容",
        rows="{n}行",
        field="列名",
        type="类型",
        unit="单位",
        meaning="含义",
        rules="规则",
        key="主键",
        required="必填",
        one_of="取值",
        range="{lo}至{hi}",
        pattern="格式",
        columns="{name} 的各列",
        types={"integer": "整数", "number": "数值", "string": "文本", "date": "日期", "year": "年份"},
    ),
}


def read_package(data_dir: Path) -> dict[str, Any]:
    package: dict[str, Any] = json.loads((Path(data_dir) / PACKAGE).read_text(encoding="utf-8"))
    return package


def _name(name: str) -> str:
    """A column or file name that may wrap after '_' or before '.', not inside a word (narrow screens)."""
    return escape(name).replace("_", "_<wbr>").replace(".", "<wbr>.")


def _zh(d: dict[str, Any], key: str, lang: str) -> str:
    return str(d.get(f"{key}_zh", d.get(key, "")) if lang == "zh" else d.get(key, ""))


def _rules(field: dict[str, Any], t: dict[str, Any]) -> str:
    c = field.get("constraints", {})
    out = [t["required"]] if c.get("required") else []
    if "enum" in c:
        out.append(f"{t['one_of']} " + ", ".join(f"<code>{escape(str(v))}</code>" for v in c["enum"]))
    if "minimum" in c or "maximum" in c:
        out.append(t["range"].format(lo=c.get("minimum", "…"), hi=c.get("maximum", "…")))
    if "pattern" in c and "enum" not in c:
        out.append(f"{t['pattern']} <code>{escape(c['pattern'])}</code>")
    return "; ".join(out)


def tables_html(package: dict[str, Any], rows: dict[str, int], lang: str, to_root: str) -> str:
    """A summary table of every resource (linked to its CSV), then each resource's columns."""
    t = TEXT[lang]
    colon = "：" if lang == "zh" else ": "
    summary = []
    details = []
    for res in package["resources"]:
        href = f"{to_root}data/{escape(res['path'])}"
        count = t["rows"].format(n=rows[res["name"]]) if res["name"] in rows else ""
        summary.append(
            # a file name is short: kept whole on one line (site.css), not broken at _ or . on a phone
            f'<tr><td><a href="{href}"><code class="file-name">{escape(res["path"])}</code></a><br>{count}</td>'
            f"<td><strong>{escape(_zh(res, 'title', lang))}</strong>{colon}"
            f"{escape(_zh(res, 'description', lang))}</td></tr>"
        )
        body = "".join(
            f"<tr><td><code>{_name(f['name'])}</code></td>"
            f'<td data-label="{t["type"]}">{t["types"].get(f["type"], f["type"])}</td>'
            f'<td data-label="{t["unit"]}">{escape(_zh(f, "unit", lang))}</td>'
            f'<td data-label="{t["meaning"]}">{escape(_zh(f, "description", lang))}</td>'
            f'<td data-label="{t["rules"]}">{_rules(f, t)}</td></tr>'
            for f in res["schema"]["fields"]
        )
        key = ", ".join(f"<code>{escape(k)}</code>" for k in res["schema"].get("primaryKey", []))
        details.append(
            f'<details class="data-table table-cards" id="table-{escape(res["name"])}"><summary>'
            f"{t['columns'].format(name=escape(res['path']))}</summary>\n"
            f"<p>{t['key']}{colon}{key}</p>\n"
            f"<table><thead><tr><th>{t['field']}</th><th>{t['type']}</th><th>{t['unit']}</th>"
            f"<th>{t['meaning']}</th><th>{t['rules']}</th></tr></thead><tbody>{body}</tbody></table>\n</details>"
        )
    head = f"<tr><th>{t['table']}</th><th>{t['holds']}</th></tr>"
    return f"<table><thead>{head}</thead><tbody>{''.join(summary)}</tbody></table>\n\n" + "\n\n".join(details)


# --- how to cite


CITATION_KEYS = ("message", "title", "authors", "version", "date-released")


def read_citation(path: Path = CITATION, package_version: str | None = None) -> dict[str, Any]:
    """CITATION.cff, or a ValueError that names the file (and line) and says what is wrong."""
    try:
        cff = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise ValueError(f"{path.name}{line}: not valid YAML ({getattr(e, 'problem', None) or e})") from None
    if not isinstance(cff, dict):
        raise ValueError(f"{path.name}: expected 'key: value' lines")
    missing = [k for k in CITATION_KEYS if k not in cff]
    if missing:
        raise ValueError(f"{path.name}: missing key(s) {', '.join(missing)}")
    if package_version is not None and str(cff["version"]) != str(package_version):
        raise ValueError(
            f"{path.name} has version {cff['version']} but data/datapackage.json has {package_version}: "
            "raise both together (README, 'Adding or changing a figure')"
        )
    return cff


def _authors(cff: dict[str, Any]) -> list[str]:
    return [
        a.get("name") or " ".join(filter(None, (a.get("given-names"), a.get("family-names"))))
        for a in cff["authors"]
    ]


def bibtex(cff: dict[str, Any], url: str) -> str:
    year = str(cff["date-released"])[:4]
    author = " and ".join("{" + a + "}" if " " in a and "," not in a else a for a in _authors(cff))
    fields = [
        ("author", "{" + author + "}"),
        ("title", "{" + cff["title"] + "}"),
        ("year", "{" + year + "}"),
        ("version", "{" + str(cff["version"]) + "}"),
        ("url", "{" + url + "}"),
        (
            "note",
            "{Data: Frictionless Data Package, version "
            + str(cff["version"])
            + ", "
            + cff.get("license", "")
            + "}",
        ),
    ]
    body = ",\n".join(f"  {k} = {v}" for k, v in fields)
    return f"@misc{{cbec-explainer-{year},\n{body}\n}}"


def citation_line(cff: dict[str, Any], url: str) -> str:
    """One line to cite the site by (the chart pages' Cite): authors (year). title. version. URL."""
    date = str(cff["date-released"])
    return f"{', '.join(_authors(cff))} ({date[:4]}). {cff['title']}. Data version {cff['version']} ({date}). {url}"


def citation_markdown(cff: dict[str, Any], lang: str, url: str, package_version: str) -> str:
    """The 'How to cite' section body: a citation line and a BibTeX block (Markdown)."""
    authors = ", ".join(_authors(cff))
    version, date = str(cff["version"]), str(cff["date-released"])
    if lang == "zh":
        text = (
            f"引用本站或其数据时，请注明：\n\n> {authors}（{date[:4]}）. *{cff['title']}*. "
            f"数据版本 {version}（{date}）. <{url}>\n\n"
            f"数据包（`data/datapackage.json`）版本：{package_version}。引用具体数字时，请同时引用原始来源："
            "每张图下方和本页末尾的清单中都有链接。本节由代码仓库中的 `CITATION.cff` 生成。\n\nBibTeX："
        )
    else:
        text = (
            f"{cff['message']}\n\n> {authors} ({date[:4]}). *{cff['title']}*. "
            f"Data version {version} ({date}). <{url}>\n\n"
            f"Data package (`data/datapackage.json`) version: {package_version}. For a figure, cite its "
            "original source too: it is linked under every chart and in the list below. This section is "
            "generated from `CITATION.cff` in the repository.\n\nBibTeX:"
        )
    return f"{text}\n\n```text\n{bibtex(cff, url)}\n```"  # plain: the theme's BibTeX colours fail contrast
