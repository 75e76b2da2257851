"""The data as a Frictionless Data Package, published with the site; CITATION.cff and the pages made from them."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from html import escape
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, SITE_URL, build_site, page_file

from cbec import data, package_html
from cbec import site as site_module

DATA = ROOT / "data"
FRICTIONLESS = ROOT / ".venv" / "bin" / "frictionless"
CFFCONVERT = ROOT / ".venv-cff" / "bin" / "cffconvert"
PACKAGE_FILES = sorted(["datapackage.json"] + [t.file for t in data.TABLES.values()])


def test_site_serves_the_package_beside_its_tables(site):
    for name in PACKAGE_FILES:
        assert (site / "data" / name).read_bytes() == (DATA / name).read_bytes(), name
    package = json.loads((site / "data/datapackage.json").read_text("utf-8"))
    assert all(not r["path"].startswith(("/", "http")) and "/" not in r["path"] for r in package["resources"])
    assert not (site / "downloads/tables").exists()


def test_published_package_validates_over_http(server, tmp_path):
    """What a reader gets with `frictionless validate <site-url>/data/datapackage.json` (run in an empty
    folder, so the relative paths can only resolve against the URL)."""
    out = subprocess.run(
        [str(FRICTIONLESS), "validate", "--json", server + "data/datapackage.json"],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=tmp_path,
    )
    report = json.loads(out.stdout)
    assert out.returncode == 0 and report["valid"], out.stdout[-3000:] + out.stderr[-2000:]
    tasks = {t["place"]: t["stats"] for t in report["tasks"]}
    assert sorted(tasks) == sorted(t.file for t in data.TABLES.values())
    for name, stats in tasks.items():
        assert stats["bytes"] == (DATA / name).stat().st_size and stats["rows"] > 0, name


def test_zip_holds_exactly_the_package(site):
    z = zipfile.ZipFile(site / "data/cbec-explainer-data.zip")
    assert z.namelist() == PACKAGE_FILES  # sorted, nothing else, no folders
    for info in z.infolist():
        assert z.read(info) == (site / "data" / info.filename).read_bytes(), info.filename
        assert info.date_time == (1980, 1, 1, 0, 0, 0)
    assert z.testzip() is None


def test_unzipped_package_validates(site, tmp_path):
    zipfile.ZipFile(site / "data/cbec-explainer-data.zip").extractall(tmp_path)
    out = subprocess.run(
        [str(FRICTIONLESS), "validate", "datapackage.json"],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=tmp_path,
    )
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-2000:]


def test_zip_bytes_are_deterministic():
    files = site_module.package_files(DATA)
    assert site_module.package_zip(files) == site_module.package_zip(dict(reversed(list(files.items()))))


def test_download_all_data_is_linked_from_sources_and_every_chart(site):
    for url, label in (("sources/", "Download all data"), ("zh/sources/", "下载全部数据")):
        html = page_file(site, url).read_text("utf-8")
        assert re.search(rf'<a href="(\.\./)+data/cbec-explainer-data\.zip"[^>]*>{label}</a>', html), url
    charts = 0
    for page in site.rglob("index.html"):
        html = page.read_text("utf-8")
        for actions in re.findall(r'<p class="chart__actions">(.*?)</p>', html):
            charts += 1
            href = re.search(
                r'<a href="([^"]+)" download>(Download all data|下载全部数据)</a>', actions
            ).group(1)
            assert (page.parent / href).resolve() == (site / "data/cbec-explainer-data.zip").resolve(), page
    assert charts >= 7


def test_sources_page_describes_every_field_from_the_package(site):
    package = json.loads((DATA / "datapackage.json").read_text("utf-8"))
    en = page_file(site, "sources/").read_text("utf-8")
    zh = page_file(site, "zh/sources/").read_text("utf-8")
    for res in package["resources"]:
        for f in res["schema"]["fields"]:
            assert escape(f["description"]) in en, f["name"]
            assert escape(f["description_zh"]) in zh, f["name"]
            if "unit" in f:
                assert escape(f["unit"]) in en and escape(f["unit_zh"]) in zh
    assert "downloads/tables/" not in en + zh


def test_tables_html_follows_the_package():
    package = json.loads((DATA / "datapackage.json").read_text("utf-8"))
    package["resources"][1]["schema"]["fields"].append(
        {
            "name": "new_column",
            "type": "number",
            "description": "A column added today",
            "description_zh": "今天新增的列",
            "unit": "widgets",
            "unit_zh": "个",
            "constraints": {"minimum": 0, "maximum": 9},
        }
    )
    en = package_html.tables_html(package, {}, "en", "../")
    zh = package_html.tables_html(package, {}, "zh", "../../")

    def cells(html: str) -> str:  # without the phone's card labels (tested in test_reading)
        return re.sub(r' data-label="[^"]*"', "", html)

    assert (
        "<code>new_<wbr>column</code></td><td>number</td><td>widgets</td><td>A column added today</td><td>from 0 to 9"
        in cells(en)
    )
    assert "<code>new_<wbr>column</code></td><td>数值</td><td>个</td><td>今天新增的列</td><td>0至9" in cells(
        zh
    )
    assert '<a href="../../data/cbec_annual.csv">' in zh
    counted = package_html.tables_html(package, {"cbec_annual": 14}, "en", "")
    assert '<code class="file-name">cbec_annual.csv</code></a><br>14 rows</td>' in counted


def _years(years: list[int], lang: str) -> str:
    """2016, 2024 and 2025 / 2016年、2024年和2025年: years as the package's prose lists them."""
    if lang == "zh":
        named = [f"{y}年" for y in years]
        return "和".join(["、".join(named[:-1]), named[-1]] if len(named) > 1 else named)
    return " and ".join(
        [", ".join(map(str, years[:-1])), str(years[-1])] if len(years) > 1 else [str(years[0])]
    )


def test_the_fx_description_names_the_years_taken_from_a_copy():
    """Maintainer review F13: fx_annual's description lists in prose the years that came from the FRED copy
    (a source whose origin is 'copy'), and so does that source's used_for; a new year that cites the copy
    must be named in both (make new-year's checklist says so)."""
    ds = data.load()
    copies = {sid for r in ds.fx for sid in r.source_ids if ds.sources[sid].origin == "copy"}
    assert copies, "fx_annual.csv cites no copy: drop the sentence about one from its description"
    package = json.loads((DATA / "datapackage.json").read_text("utf-8"))
    fx = next(r for r in package["resources"] if r["path"] == "fx_annual.csv")
    for sid in sorted(copies):
        years = sorted(r.year for r in ds.fx if sid in r.source_ids)
        source = ds.sources[sid]
        en, zh = _years(years, "en"), _years(years, "zh")
        assert f"Values for {en} are from an automated copy" in fx["description"], (en, fx["description"])
        assert f"{zh}的数值取自" in fx["description_zh"], (zh, fx["description_zh"])
        assert en in source.used_for and zh in source.used_for_zh, (sid, en, source.used_for)


@pytest.mark.slow
def test_a_field_added_to_the_package_appears_on_the_sources_page(tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    pkg = json.loads((copy / "datapackage.json").read_text("utf-8"))
    res = next(r for r in pkg["resources"] if r["name"] == "goods_trade")
    res["schema"]["fields"].append(
        {
            "name": "services_note",
            "type": "string",
            "description": "Services trade, noted",
            "description_zh": "服务贸易备注",
        }
    )
    (copy / "datapackage.json").write_text(json.dumps(pkg, ensure_ascii=False, indent=2), encoding="utf-8")
    csv = copy / "goods_trade.csv"
    lines = csv.read_text("utf-8").rstrip("\n").split("\n")
    csv.write_text(
        "\n".join([lines[0] + ",services_note"] + [line + "," for line in lines[1:]]) + "\n", encoding="utf-8"
    )
    result = build_site(tmp_path / "site", data_dir=copy)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "<code>services_<wbr>note</code>" in page_file(tmp_path / "site", "sources/").read_text("utf-8")
    assert "服务贸易备注" in page_file(tmp_path / "site", "zh/sources/").read_text("utf-8")
    assert (tmp_path / "site/data/goods_trade.csv").read_bytes() == csv.read_bytes()


# --- CITATION.cff


def _cffconvert(path: Path) -> subprocess.CompletedProcess:
    assert CFFCONVERT.exists(), "cffconvert lives in .venv-cff: run make setup"
    return subprocess.run(
        [str(CFFCONVERT), "--validate", "-i", str(path)], capture_output=True, text=True, timeout=120
    )


def test_citation_cff_is_valid():
    out = _cffconvert(ROOT / "CITATION.cff")
    assert out.returncode == 0, out.stdout + out.stderr
    assert "valid" in out.stdout


def test_cffconvert_refuses_a_broken_citation(tmp_path):
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text("utf-8"))
    del cff["authors"]
    (tmp_path / "CITATION.cff").write_text(yaml.safe_dump(cff), encoding="utf-8")
    assert _cffconvert(tmp_path / "CITATION.cff").returncode != 0


def test_citation_version_is_the_data_version():
    cff = package_html.read_citation()
    package = json.loads((DATA / "datapackage.json").read_text("utf-8"))
    assert str(cff["version"]) == package["version"]
    assert str(cff["date-released"]) == package["created"][:10]


def test_how_to_cite_is_generated_from_the_citation(site):
    cff = package_html.read_citation()
    for url in ("sources/", "zh/sources/"):
        html = page_file(site, url).read_text("utf-8")
        section = html[html.index('id="cite"') : html.index('id="licence"')]
        assert cff["title"].replace("'", "&#x27;") in section or cff["title"] in section
        assert str(cff["version"]) in section and "@misc" in section and "bibtex" in section.lower()
        assert SITE_URL + ("zh/" if url.startswith("zh") else "") in section
        assert f'frictionless::read_package("{SITE_URL}data/datapackage.json")' in html


def test_bibtex_entry():
    bib = package_html.bibtex(package_html.read_citation(), "https://example.org/")
    assert bib.startswith("@misc{cbec-explainer-") and bib.endswith("}")
    assert "url = {https://example.org/}" in bib and bib.count("{") == bib.count("}")


def test_readme_python_line_loads_the_published_package(server):
    readme = (ROOT / "README.md").read_text("utf-8")
    line = re.search(r"```python\n(import frictionless.*)\n```", readme).group(1)
    scope: dict = {}
    exec(line.replace("https://<owner>.github.io/<repo>/", server), scope)  # noqa: S102 - our own README
    rows = scope["cbec"]
    assert len(rows) == len(data.load(DATA).cbec)
    assert float(rows[0]["total_tn_cny"]) > 0 and isinstance(rows[0]["year"], int)  # typed by the schema


def test_readme_loads_the_package_in_python_and_r():
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "frictionless::read_package(" in readme and "/data/datapackage.json" in readme
    assert re.search(r"Package\([\"'][^\"']*/data/datapackage\.json", readme)
