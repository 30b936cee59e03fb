"""The offline vega, vega-lite and vega-embed bundle the site ships instead of loading them from a CDN."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from gaplib.engine.cache import PROJECT_DIR

# The vega bundle depends only on installed packages, so it is kept with the environment
# (made by `make`'s setup step) rather than rebuilt by every clean build; outside a virtual
# environment it goes under _build.
VENDOR_DIR = (Path(sys.prefix) / "share" / "gaplib" if sys.prefix != sys.base_prefix
              else PROJECT_DIR / "_build" / "vendor")
VEGA_BUNDLE_NAME = "vega-bundle.js"


def vega_bundle(vendor_dir: Path = VENDOR_DIR) -> Path:
    """Return a local JS file defining vega, vega-lite and vega-embed, built if missing.

    Wrapped in an IIFE because the bundle's top-level ``const _`` would clash with
    Sphinx's ``_``; ``VEGA_DEBUG`` carries the versions altair's output checks before
    it would fetch the libraries from a CDN.
    """
    import altair as alt
    import vl_convert

    versions = {
        "vega_version": alt.VEGA_VERSION,
        "vegalite_version": alt.VEGALITE_VERSION,
        "vegaembed_version": alt.VEGAEMBED_VERSION,
    }
    tag = "-".join([vl_convert.__version__, *versions.values()])
    path = vendor_dir / f"vega-bundle-{tag}.js"
    if not path.exists():
        vendor_dir.mkdir(parents=True, exist_ok=True)
        script = (
            "(function(){\n" + vl_convert.javascript_bundle() + "\n})();\n"
            "window.VEGA_DEBUG = Object.assign(window.VEGA_DEBUG || {}, "
            + json.dumps(versions) + ");\n"
        )
        partial = path.with_suffix(".partial")
        partial.write_text(script)
        os.replace(partial, path)
    return path
