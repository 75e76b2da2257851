"""Words kept in YAML beside the code: a chart's words.yaml, and the words every chart and page
share (cbec/charts/words.yaml: vintages, legend, key). On the ground floor, so that both the charts
and the modules below them (latest.py) read the same words."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


def load_words(module_file: str) -> dict[str, Any]:
    """The words.yaml beside a chart's figure.py."""
    words: dict[str, Any] = yaml.safe_load(
        (Path(module_file).parent / "words.yaml").read_text(encoding="utf-8")
    )
    return words


SHARED_WORDS: dict[str, Any] = load_words(str(Path(__file__).parent / "charts" / "figure.py"))
