"""The static site engine under the front end: MkDocs 1.6, or ProperDocs, its continuation.

MkDocs 1.6.1 gets no more releases and MkDocs 2.0 drops plugins and themes; ProperDocs is a
drop-in fork of MkDocs 1.6 that runs the same plugins (this one included) and Material unchanged,
reading the same ``mkdocs.yml``. The ``ocop`` command asks here for what it needs of a site's
configuration and for builds and previews, so that nothing else of ``generator`` depends on which
engine runs, and the engine is chosen once, before anything imports it: ProperDocs redirects every
``mkdocs.*`` import to its own modules (``properdocs.replacement``), Material's included.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path

ENGINES = ("mkdocs", "properdocs")
CONFIG = "mkdocs.yml"

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # MkDocs 1.6.1's notice about 2.0, which would break no build here


class EngineError(Exception):
    """A site the engine cannot load or build (its configuration, a plugin's refusal, a strict warning)."""


def use(engine: str = "") -> str:
    """Choose the engine (``engine``, else ``$OCOP_ENGINE``, else MkDocs) before anything imports it."""
    engine = (engine or os.environ.get("OCOP_ENGINE", "") or "mkdocs").lower()
    if engine not in ENGINES:
        raise EngineError(f"the engine '{engine}' is not one of {', '.join(ENGINES)}")
    if engine == "properdocs":
        if importlib.util.find_spec("properdocs") is None:
            raise EngineError("ProperDocs is not installed: pip install properdocs (or choose --engine mkdocs)")
        if "mkdocs" in sys.modules and not getattr(sys.modules["mkdocs"], "__name__", "").startswith("properdocs"):
            raise EngineError("MkDocs was loaded before ProperDocs could take its place")
        import properdocs.replacement  # noqa: F401  (from here on, every mkdocs.* import is ProperDocs')
    return engine


def _errors() -> tuple[type[BaseException], ...]:
    from mkdocs.exceptions import MkDocsException

    return (MkDocsException,)


@dataclass
class Site:
    """A site's configuration as the engine reads it, with the ocop plugin's options."""

    root: Path
    config: object
    options: object  # the plugin's OcopConfig

    @property
    def site_dir(self) -> Path:
        return Path(self.config.site_dir).resolve()

    @property
    def site_url(self) -> str:
        return self.config.site_url or ""

    @property
    def cache_dir(self) -> Path:
        return self.root / self.options.cache_dir

    def sources(self) -> dict[str, Path]:
        """What the site is built from (and its cache): its output folder may overlap none of them."""
        from .plugin import site_sources

        return {**site_sources(self.root, self.config), "cache": self.cache_dir}


def open_site(root: Path, **overrides) -> Site:
    """The site of ``root``'s mkdocs.yml; EngineError when it cannot be loaded, does not enable the
    ocop plugin, or gives it options no build can use."""
    try:
        from mkdocs.config import load_config

        from .plugin import check_options

        config = load_config(str(root / CONFIG), **overrides)
        plugin = config.plugins.get("ocop")
        if plugin is None:
            raise EngineError(f"{root / CONFIG} does not enable the 'ocop' plugin")
        check_options(root, config, plugin.config)
    except _errors() as exc:
        raise EngineError(str(exc)) from None
    return Site(root, config, plugin.config)


def build(root: Path, site_dir: Path, strict: bool = False) -> None:
    """Build the site of ``root`` into ``site_dir`` (``strict``: any warning stops it, as ``strict: true`` does)."""
    from mkdocs.commands.build import build as build_site

    site = open_site(root, site_dir=str(site_dir), **({"strict": True} if strict else {}))
    try:
        build_site(site.config)
    except _errors() as exc:
        raise EngineError(str(exc)) from None


def serve(root: Path, dev_addr: str) -> None:
    """Preview the site of ``root`` at ``dev_addr``, rebuilding when a record or page changes."""
    from mkdocs.commands.serve import serve as serve_site

    try:
        serve_site(config_file=str(root / CONFIG), dev_addr=dev_addr, livereload=True)
    except _errors() as exc:
        raise EngineError(str(exc)) from None


class _StderrHandler(logging.Handler):
    """The engine's warnings and errors on the current stderr, as ``LEVEL - message``."""

    def emit(self, record: logging.LogRecord) -> None:
        print(f"{record.levelname} - {record.getMessage()}", file=sys.stderr)


def log_to_stderr(level: int = logging.WARNING) -> None:
    for name in ENGINES:  # the engine logs under its own name
        logger = logging.getLogger(name)
        if not any(isinstance(h, _StderrHandler) for h in logger.handlers):
            logger.addHandler(_StderrHandler())
        logger.setLevel(level)
        logger.propagate = False
