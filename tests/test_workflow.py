"""The GitHub Pages workflow: schema-valid, clean under zizmor, and shaped the way we publish.

Both checkers run offline from the venv (pinned in requirements.txt): check-jsonschema with its
vendored GitHub-workflow schema, and zizmor with --offline, failing on any medium+ finding.
The structural checks read the YAML itself; the last tests feed broken copies to every check
to prove each one can fail.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"
BIN = Path(sys.executable).parent
SHA_PIN = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")
USES_LINE = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<ref>\S+)(?P<rest>.*)$")
PINNED_COMMENT = re.compile(r"^\s+#\s*v\d+(?:\.\d+)*\b")
BASE_URL_EXPR = re.compile(r"^\$\{\{\s*steps\.(?P<id>[\w-]+)\.outputs\.base_url\s*\}\}/$")


def tool(name: str) -> Path:
    path = BIN / name
    assert path.exists(), f"{name} is missing from {BIN}: pip install -r requirements.txt"
    return path


def run(*args: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], cwd=ROOT, capture_output=True, text=True, timeout=120)


def check_jsonschema(path: Path) -> subprocess.CompletedProcess:
    return run(tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", path)


def zizmor(workflows_dir: Path) -> subprocess.CompletedProcess:
    return run(
        tool("zizmor"),
        "--offline",
        "--min-severity",
        "medium",
        "--no-progress",
        "--color",
        "never",
        workflows_dir,
    )


def load(text: str) -> dict:
    return yaml.safe_load(text)


def triggers(workflow: dict) -> dict:
    # PyYAML (YAML 1.1) reads the bare key `on` as the boolean True.
    on = workflow.get("on", workflow.get(True))
    return on if isinstance(on, dict) else {name: None for name in ([on] if isinstance(on, str) else on)}


def step_index(steps: list[dict], predicate) -> int:
    for i, step in enumerate(steps):
        if predicate(step):
            return i
    return -1


def uses_action(name: str):
    return lambda step: str(step.get("uses", "")).split("@")[0] == name


def structural_problems(text: str) -> list[str]:
    """Everything wrong with a workflow's shape, as readable sentences (empty when fine)."""
    problems: list[str] = []
    workflow = load(text)

    # Pins: every `uses:` is a full 40-hex commit SHA with its release named on the same line.
    uses_lines = [m for m in map(USES_LINE.match, text.splitlines()) if m]
    if not uses_lines:
        problems.append("no `uses:` lines at all")
    for m in uses_lines:
        ref = m["ref"].strip("'\"")
        if not SHA_PIN.match(ref):
            problems.append(f"{ref}: not pinned to a full 40-character commit SHA")
        if not PINNED_COMMENT.match(m["rest"]):
            problems.append(f"{ref}: no `# vX.Y.Z` comment naming the pinned release")

    on = triggers(workflow)
    if "push" not in on or (on["push"] or {}).get("branches") != ["main"]:
        problems.append("must run on push to main")
    if "workflow_dispatch" not in on:
        problems.append("must be runnable by hand (workflow_dispatch)")
    if set(on) - {"push", "workflow_dispatch"}:
        problems.append(f"unexpected triggers: {sorted(set(on) - {'push', 'workflow_dispatch'})}")

    if workflow.get("permissions") != {}:
        problems.append(f"top-level permissions must be {{}}, not {workflow.get('permissions')!r}")

    concurrency = workflow.get("concurrency") or {}
    if not isinstance(concurrency, dict) or not concurrency.get("group"):
        problems.append("concurrency group is not set")
    elif concurrency.get("cancel-in-progress") is not False:
        problems.append("cancel-in-progress must be false (never cut a deployment short)")

    jobs = workflow.get("jobs") or {}
    build, deploy = jobs.get("build"), jobs.get("deploy")
    if not build or not deploy:
        return problems + ["jobs `build` and `deploy` are both required"]

    build_perms = build.get("permissions")
    if not isinstance(build_perms, dict) or build_perms.get("contents") != "read":
        problems.append(f"build must have contents: read, has {build_perms!r}")
    elif any(v != "read" for v in build_perms.values()) or set(build_perms) - {"contents", "pages"}:
        problems.append(f"build may only read contents (and pages), has {build_perms!r}")
    if deploy.get("permissions") != {"pages": "write", "id-token": "write"}:
        problems.append(
            f"deploy must have exactly pages: write and id-token: write, has {deploy.get('permissions')!r}"
        )
    needs = deploy.get("needs")
    if needs != "build" and needs != ["build"]:
        problems.append("deploy must need build")
    environment = deploy.get("environment") or {}
    if environment.get("name") != "github-pages":
        problems.append("deploy must use the github-pages environment")

    steps = build.get("steps") or []
    for step in steps:
        if "${{" in str(step.get("run", "")):
            problems.append(f"step {step.get('name')!r}: expression inside run: (pass it via env:)")
    checkout = step_index(steps, uses_action("actions/checkout"))
    if checkout != 0:
        problems.append("build must start by checking out the repository")
    elif (steps[0].get("with") or {}).get("persist-credentials") is not False:
        problems.append("checkout must set persist-credentials: false")
    setup = step_index(steps, lambda s: "make setup" in str(s.get("run", "")))
    tests = step_index(steps, lambda s: re.search(r"-m pytest\b", str(s.get("run", ""))))
    configure = step_index(steps, uses_action("actions/configure-pages"))
    site_build = step_index(
        steps,
        lambda s: "cbec.cli.build_site" in str(s.get("run", "")) or "make build" in str(s.get("run", "")),
    )
    upload = step_index(steps, uses_action("actions/upload-pages-artifact"))
    if min(setup, tests, configure, site_build, upload) < 0:
        problems.append("build needs steps: make setup, pytest, configure-pages, build, upload")
    elif not checkout < setup < tests < site_build < upload:
        problems.append("build order must be checkout, setup, tests, build, upload")
    else:
        test_cmd = str(steps[tests]["run"])
        if test_cmd.partition("-m pytest")[2].strip() not in ("tests", "tests/"):  # no -m/-k selection
            problems.append("the pytest step must run every test in tests/ (browser and slow ones included)")
        if (steps[tests].get("env") or {}).get("CHROMIUM_PATH") != "/usr/bin/google-chrome":
            problems.append(
                "the browser tests must use the runner's Google Chrome (CHROMIUM_PATH: /usr/bin/google-chrome)"
            )
        fonts = step_index(steps, lambda s: "fonts-noto-cjk" in str(s.get("run", "")))
        if not 0 <= fonts < tests:
            problems.append("the CJK fonts (fonts-noto-cjk) must be installed before the tests")
        env = steps[site_build].get("env") or {}
        m = BASE_URL_EXPR.match(str(env.get("SITE_URL", "")))
        if not m or m["id"] != steps[configure].get("id") or not configure < site_build:
            problems.append("SITE_URL must be configure-pages' base_url output plus a trailing slash")
        if env.get("REPO_URL") != "${{ github.server_url }}/${{ github.repository }}":
            problems.append("REPO_URL must be ${{ github.server_url }}/${{ github.repository }}")
        if "git log -1 --format=%ct" not in str(steps[site_build]["run"]):
            problems.append("SOURCE_DATE_EPOCH must come from the commit time")
        if (steps[upload].get("with") or {}).get("path") != "site":
            problems.append("the Pages artifact must be the site/ folder")

    deploy_steps = deploy.get("steps") or []
    deploying = step_index(deploy_steps, uses_action("actions/deploy-pages"))
    if deploying < 0:
        problems.append("deploy must use actions/deploy-pages")
    elif environment.get("url") != f"${{{{ steps.{deploy_steps[deploying].get('id')}.outputs.page_url }}}}":
        problems.append("the environment url must be the deploy step's page_url output")
    return problems


# --- the real workflow --------------------------------------------------------------------------


def test_workflow_matches_the_github_schema():
    result = check_jsonschema(WORKFLOW)
    assert result.returncode == 0, f"check-jsonschema failed:\n{result.stdout}\n{result.stderr}"


def test_zizmor_finds_nothing_medium_or_worse():
    result = zizmor(WORKFLOW.parent)
    assert result.returncode == 0, f"zizmor findings:\n{result.stdout}\n{result.stderr}"


def test_workflow_structure():
    problems = structural_problems(WORKFLOW.read_text(encoding="utf-8"))
    assert not problems, "\n".join(problems)


def test_every_action_is_pinned_to_a_commit_with_its_release_named():
    text = WORKFLOW.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if USES_LINE.match(line)]
    actions = {USES_LINE.match(line)["ref"].split("@")[0] for line in lines}
    assert actions == {
        "actions/checkout",
        "actions/setup-python",
        "actions/setup-node",
        "actions/configure-pages",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
    }
    for line in lines:
        assert re.search(r"@[0-9a-f]{40} # v\d+\.\d+\.\d+$", line), line


def test_the_build_job_installs_from_the_pinned_files():
    build = load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]["build"]
    by_action = {s["uses"].split("@")[0]: s.get("with", {}) for s in build["steps"] if "uses" in s}
    assert by_action["actions/setup-python"] == {
        "python-version": "3.11",
        "cache": "pip",
        "cache-dependency-path": "requirements.txt\nrequirements-build.txt\n",
    }
    assert by_action["actions/setup-node"] == {
        "node-version": "20",
        "cache": "npm",
        "cache-dependency-path": "package-lock.json",
    }


def test_every_test_path_the_workflow_names_exists():
    text = WORKFLOW.read_text(encoding="utf-8")
    named = re.findall(r"\btests/[\w/.]*", text)
    assert named, "the workflow runs no named tests"
    for name in named:
        assert (ROOT / name).exists(), f"{name} is named in the workflow but does not exist"


# --- the checks can fail ------------------------------------------------------------------------


def write_copy(tmp_path: Path, text: str) -> Path:
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    path = workflows / "pages.yml"
    path.write_text(text, encoding="utf-8")
    return path


def replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"expected exactly one {old!r} in the workflow"
    return text.replace(old, new)


def checkout_line(text: str) -> str:
    return next(line for line in text.splitlines() if "uses: actions/checkout@" in line)


def test_an_unpinned_action_is_flagged(tmp_path):
    text = WORKFLOW.read_text(encoding="utf-8")
    line = checkout_line(text)
    bad = write_copy(tmp_path, replace_once(text, line, line.split("uses:")[0] + "uses: actions/checkout@v6"))

    result = zizmor(bad.parent)
    assert result.returncode != 0 and "unpinned-uses" in result.stdout, result.stdout + result.stderr
    assert any(
        "not pinned to a full 40-character commit SHA" in p
        for p in structural_problems(bad.read_text(encoding="utf-8"))
    )


def test_a_pin_without_its_release_comment_is_flagged():
    text = WORKFLOW.read_text(encoding="utf-8")
    line = checkout_line(text)
    problems = structural_problems(replace_once(text, line, line.split(" #")[0]))
    assert any("no `# vX.Y.Z` comment" in p for p in problems), problems


def test_an_expression_inside_run_is_flagged(tmp_path):
    text = WORKFLOW.read_text(encoding="utf-8")
    bad = write_copy(
        tmp_path,
        replace_once(
            text, 'echo "Building for $SITE_URL', 'echo "Building for ${{ github.event.head_commit.message }}'
        ),
    )
    result = zizmor(bad.parent)
    assert result.returncode != 0 and "template-injection" in result.stdout, result.stdout + result.stderr
    assert any("expression inside run:" in p for p in structural_problems(bad.read_text(encoding="utf-8")))


def test_a_schema_violation_is_flagged(tmp_path):
    text = WORKFLOW.read_text(encoding="utf-8")
    bad = write_copy(
        tmp_path,
        replace_once(
            text,
            "    runs-on: ubuntu-latest\n    timeout-minutes: 45",
            "    runs-on: ubuntu-latest\n    timeout-minutes: soon",
        ),
    )
    result = check_jsonschema(bad)
    assert result.returncode != 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    "old, new, expected",
    [
        ("permissions: {}", "permissions: write-all", "top-level permissions"),
        (
            "      id-token: write # prove",
            "      contents: write\n      id-token: write # prove",
            "deploy must have exactly",
        ),
        ("      pages: read # configure", "      pages: write # configure", "build may only read"),
        ("cancel-in-progress: false", "cancel-in-progress: true", "cancel-in-progress must be false"),
        ("persist-credentials: false", "persist-credentials: true", "persist-credentials: false"),
        (
            "SITE_URL: ${{ steps.pages.outputs.base_url }}/",
            "SITE_URL: https://example.org/",
            "SITE_URL must be",
        ),
        (
            "SITE_URL: ${{ steps.pages.outputs.base_url }}/",
            "SITE_URL: ${{ steps.pages.outputs.base_url }}",
            "SITE_URL must be",
        ),
        ("-m pytest tests/", '-m pytest -m "not browser and not slow" tests/', "must run every test"),
        ("-m pytest tests/", "-m pytest tests/test_data.py", "must run every test"),
        (
            "CHROMIUM_PATH: /usr/bin/google-chrome",
            "CHROMIUM_PATH: /usr/bin/chromium",
            "runner's Google Chrome",
        ),
        ("--no-install-recommends fonts-noto-cjk", "--no-install-recommends fonts-dejavu", "CJK fonts"),
    ],
)
def test_structural_check_catches(old, new, expected):
    problems = structural_problems(replace_once(WORKFLOW.read_text(encoding="utf-8"), old, new))
    assert any(expected in p for p in problems), problems


def test_uploading_before_the_tests_is_flagged():
    workflow = load(WORKFLOW.read_text(encoding="utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    tests = step_index(steps, lambda s: "-m pytest" in str(s.get("run", "")))
    steps.append(steps.pop(tests))  # the tests now run after the upload
    problems = structural_problems(yaml.safe_dump(workflow, sort_keys=False))
    assert any("build order" in p for p in problems), problems
