"""What the build reads from mkdocs.yml (the data folder, charts on or off) and the Site it builds
once from the data (cbec/site.py), with every failure as one PluginError line."""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from cbec.data import DataError
from cbec.site import Site, build
from cbec.static_render import StaticRenderError

log = logging.getLogger("mkdocs.plugins.macros_site")


def data_dir(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).parent / str(config.extra.get("data_dir", "data"))


def charts_on(config: MkDocsConfig) -> bool:
    return str(config.extra.get("charts", True)).lower() not in ("false", "off", "0")


def load_site(config: MkDocsConfig) -> Site:
    # PluginError makes MkDocs print one clear line and exit non-zero, before it writes anything.
    folder = data_dir(config)
    if not folder.is_dir():
        raise PluginError(
            f"Data folder {folder} does not exist (set by extra.data_dir in mkdocs.yml, "
            "or CBEC_DATA_DIR); build stopped"
        )
    try:
        return build(folder, static=charts_on(config))
    except StaticRenderError as e:
        raise PluginError(str(e)) from None
    except DataError as e:
        raise PluginError(f"Bad data, build stopped: {e}") from None
    except (FileNotFoundError, ValueError) as e:  # the plotly.js bundle: missing or the wrong version
        raise PluginError(f"Build stopped: {e}") from None
    except (OSError, TypeError, KeyError, AttributeError, RuntimeError) as e:
        # A disk, a permission, or a schema edit the code did not expect: one line; `-v` shows the traceback.
        log.debug("Traceback of the error below:", exc_info=True)
        raise PluginError(f"Build stopped: {type(e).__name__}: {e}") from None
