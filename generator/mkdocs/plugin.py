"""The MkDocs adapter: places the planned catalog pages into a MkDocs build.

Pages in the navigation are generated in memory with ``File.generated`` (nothing is
written into ``docs_dir``, so ``mkdocs serve`` does not loop) and built by MkDocs.
Every other planned page (products, producers, listings: thousands) is not handed to
MkDocs one by one: MkDocs renders one frame page per folder depth with marks in place
of the title and body, and :mod:`generator.mkdocs.frames` fills the frame for each page
after the build (see there why). All domain logic lives in the core; this module only
translates.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from importlib import resources
from pathlib import Path

from markupsafe import Markup
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from ..domain.reference.groups import DEFAULT_RULES
from ..project.assemble import Project, for_batch_work, open_project
from ..project.files import write_files, write_sitemap
from ..project.output import UnsafeOutput, check_apart
from ..records.plans import PLANS_DIR
from ..records.problems import InvalidSite
from ..render.template_cache import bytecode_cache
from ..site.catalog import home_context
from ..site.pages import PAGE_SIZE, PageSpec
from ..site.publication import UPDATES, Publication
from ..support.cache_store import Entry
from ..support.csp import with_policy
from .frames import (BODY_MARK, DESCRIPTION_MARK, FRAME_DIR, HEAD_MARK, TITLE_MARK, add_head, check_frame, depth,
                     frame_path, write_pages)

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

HOME = "index.md"
ASSETS = ("assets/fonts/fonts.css", "assets/ocop/ocop.css", "assets/ocop/site.js")
"""On every page; a page's own features load their scripts themselves (theme/ocop/macros.html, scripts)."""
MATERIAL_FONTS = {"text": "Roboto", "code": "Roboto Mono"}
"""Material's default fonts, which the theme hosts itself (assets/fonts/)."""


class OcopConfig(Config):
    build_date = c.Optional(c.Type((str, dt.date)))
    groups = c.Type(str, default=DEFAULT_RULES)
    page_size = c.Type(int, default=PAGE_SIZE)
    cache_dir = c.Type(str, default=".cache/ocop")
    data_license = c.Type(str, default="CC-BY-4.0")  # the open data's licence (SPDX id)
    data_updates = c.Type(str, default=UPDATES)  # how often the data changes, for its users
    social_cards = c.Type(bool, default=True)  # a social card per product page (see Publication.product_cards)


MAX_PAGE_SIZE = 1000


def site_sources(root: Path, config) -> dict[str, Path]:
    """What a site is built from, by what it is to the officer: its output folder and its cache may
    not overlap any of these (:func:`generator.project.output.check_apart`)."""
    sources = {"records": root / "catalog", "pages": Path(config.docs_dir),
               "configuration": Path(config.config_file_path), "version history": root / ".git"}
    if config.theme.custom_dir:
        sources["theme overrides"] = Path(config.theme.custom_dir)
    return sources


def check_options(root: Path, config, options: OcopConfig) -> None:
    """PluginError for plugin options no build can use, naming the option."""
    if not 1 <= options.page_size <= MAX_PAGE_SIZE:
        raise PluginError(f"ocop: page_size {options.page_size} is not a number of cards a page can show; "
                          f"write a whole number from 1 to {MAX_PAGE_SIZE} (default {PAGE_SIZE})")
    try:
        check_apart((root / options.cache_dir).resolve(), root, site_sources(root, config), "cache folder (cache_dir)",
                    ".cache/ocop")
    except UnsafeOutput as exc:
        raise PluginError(f"ocop: {exc}") from None


class OcopPlugin(BasePlugin[OcopConfig]):
    def __init__(self) -> None:
        self.project: Project | None = None
        self.specs: dict[str, PageSpec] = {}  # built by MkDocs, by src_uri
        self.framed: list[PageSpec] = []  # written by publish.write_pages
        self.frame_depths: dict[str, int] = {}  # frame page src_uri -> depth
        self.frames: dict[int, str] = {}
        self.page_paths: list[str] = []
        self.images: dict[str, Entry] = {}
        self.entries: list[dict[str, str]] = []

    def on_config(self, config):
        for_batch_work()
        root = Path(config.config_file_path).resolve().parent
        check_options(root, config, self.config)
        if not config.use_directory_urls:
            raise PluginError("ocop: the catalog needs 'use_directory_urls: true' (its links end in '/')")
        font = config.theme.get("font")
        if font:  # Material would have every visitor's browser fetch it from Google Fonts
            if dict(font) != MATERIAL_FONTS:
                raise PluginError(f"ocop: theme.font {dict(font)} would be loaded from Google Fonts on every visit; "
                                  "remove it or write 'font: false' (the site hosts Roboto itself)")
            config.theme["font"] = False
        theme_dir = Path(str(resources.files("ocop_theme")))
        if str(theme_dir) not in config.theme.dirs:
            # After a site's own custom_dir, before Material's templates.
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(theme_dir))
        for asset in ASSETS:
            extra = config.extra_css if asset.endswith(".css") else config.extra_javascript
            if asset not in [str(x) for x in extra]:
                extra.append(asset)
        catalog_dir = str(root / "catalog")
        if catalog_dir not in [str(Path(w).resolve()) for w in config.watch]:
            config.watch.append(catalog_dir)
        template_dirs = (Path(config.theme.custom_dir) / "ocop",) if config.theme.custom_dir else ()
        try:
            publication = Publication(config.site_name, config.site_url or "", self.config.data_license,
                                      self.config.data_updates, self.config.social_cards)
            self.project = open_project(root, self.config.groups,
                                        self.config.build_date, self.config.page_size, template_dirs,
                                        publication, root / self.config.cache_dir, config.site_description or "")
        except InvalidSite as exc:
            raise PluginError(str(exc)) from None
        except (KeyError, ValueError) as exc:
            raise PluginError(f"ocop: {exc}") from None
        self.cache_dir = root / self.config.cache_dir
        # The name is text: Material writes it into pages unescaped, and escapes it again only
        # where it is not yet Markup ('| e'), so it is handed over escaped once, as Markup.
        config.site_name = Markup.escape(config.site_name)
        return config

    def on_files(self, files: Files, config):
        project = self.project
        self.specs, self.framed, self.frame_depths, self.frames = {}, [], {}, {}
        for file in list(files):
            if file.src_uri.startswith(f"{PLANS_DIR}/") and file.is_documentation_page():
                files.remove(file)  # plan texts are published by the archive at /ke-hoach/<slug>/, sanitised
            elif file.src_uri.startswith(f"{FRAME_DIR}/"):
                raise PluginError(f"ocop: {config.docs_dir}/{FRAME_DIR}/ is reserved for the page frames; rename it")
        self.page_paths = [f.url.removeprefix("./") for f in files.documentation_pages()]
        for spec in project.pages:
            if files.get_file_from_path(spec.src_uri) is not None:
                raise PluginError(f"ocop: {config.docs_dir}/{spec.src_uri} is in the way of the generated page /{spec.path}; rename it")
            self.page_paths.append(spec.path)
            if spec.in_nav:
                files.append(File.generated(config, spec.src_uri, content=""))
                self.specs[spec.src_uri] = spec
            else:
                self.framed.append(spec)
        for level in sorted({depth(spec.path) for spec in self.framed}):
            src_uri = frame_path(level) + "index.md"
            files.append(File.generated(config, src_uri, content="", inclusion=InclusionLevel.NOT_IN_NAV))
            self.frame_depths[src_uri] = level
        # written after the build, with the pages
        self.images = project.render_images(self.cache_dir / "images") | project.render_cards(self.cache_dir / "share")
        return files

    def on_nav(self, nav: Navigation, config, files: Files):
        """Other top-level pages (about, plans, fairs) become entry points on the home page."""
        self.entries = [
            {"title": item.title or "", "path": item.file.url, "note": ""}
            for item in nav.items
            if isinstance(item, Page) and item.file.src_uri != HOME and item.file.src_uri not in self.specs
        ]
        return nav

    def on_page_markdown(self, markdown: str, page: Page, config, files: Files):
        if page.file.src_uri in self.frame_depths:
            page.meta.update(title=TITLE_MARK, description=DESCRIPTION_MARK, hide=["navigation", "toc"])
            return ""
        spec = self.specs.get(page.file.src_uri)
        if spec is None:
            return markdown
        page.meta["title"] = spec.title
        if spec.description:
            page.meta["description"] = spec.description
        page.meta.setdefault("hide", ["navigation", "toc"])
        return ""

    def on_page_content(self, html: str, page: Page, config, files: Files):
        renderer = self.project.renderer
        if page.file.src_uri in self.frame_depths:
            return BODY_MARK
        spec = self.specs.get(page.file.src_uri)
        if spec is not None:
            return renderer.render(spec.template, spec.path, dict(spec.context, title=spec.title))
        if page.file.src_uri == HOME and page.meta.get("ocop") == "home":
            context = dict(home_context(self.project.catalog), intro=html, entries=self.entries,
                           plans=len(self.project.plans))
            return renderer.render("home.html", "", context)
        return html

    def on_post_page(self, output: str, page: Page, config):
        level = self.frame_depths.get(page.file.src_uri)
        try:
            if level is not None:
                self.frames[level] = check_frame(add_head(with_policy(output), HEAD_MARK), page.url)
                return output
            # The theme's inline scripts run; any written in a page's own Markdown do not.
            output = with_policy(output, untrusted=page.content or "")
        except ValueError as exc:
            raise PluginError(f"ocop: {exc}") from None
        head = self.project.head
        spec = self.specs.get(page.file.src_uri)
        if spec is not None:
            return add_head(output, head.for_spec(spec))
        description = page.meta.get("description", "")
        if page.file.src_uri == HOME:
            return add_head(output, head.home(config.site_name, description))
        return add_head(output, head.tags(page.title or config.site_name, description, page.url.removeprefix("./")))

    def on_post_template(self, output: str, template_name: str, config):
        """The theme's own pages (404.html) get the policy too; the sitemap is not a page."""
        return with_policy(output) if template_name.endswith(".html") else output

    def on_env(self, env, config, files: Files):
        """Material's templates, compiled once and kept like the theme's (:mod:`generator.render.template_cache`)."""
        env.bytecode_cache = bytecode_cache(self.cache_dir / "templates" / "mkdocs")
        return env

    def on_post_build(self, config):
        site_dir = Path(config.site_dir)
        shutil.rmtree(site_dir / FRAME_DIR, ignore_errors=True)
        write_pages(self.project.renderer, self.framed, self.frames, site_dir, self.project.head.for_spec)
        write_files(site_dir, self.project.files, self.images)
        write_sitemap(site_dir, self.page_paths, config.site_url or "", self.project.catalog.today.isoformat())
