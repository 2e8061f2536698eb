"""The `support-matrix` MkDocs plugin: the same pipeline as `python -m generator build`, inside
MkDocs, and a faster way through MkDocs for the pages it generates.

The generated pages make a complete site without this plugin (plain MkDocs, ProperDocs,
Zensical); with it:

- `mkdocs build` and `mkdocs serve` generate the pages themselves (in memory: nothing is
  written into docs_dir, so a rebuild never triggers another), regenerating only when the data
  or templates changed;
- under `serve`, an edit that makes the data invalid keeps the last good pages, with the errors
  at the top of every page; warnings are logged once, each rebuild is one line;
- tables and other big blocks are held out of Python-Markdown and the search plugin (the search
  index gets their rows as plain sentences), pages are turned into HTML by `pagehtml` instead of
  Python-Markdown, and pages that come in bulk (one per feature, per pair of environments)
  render through a cached copy of the theme's page (`shell`).
"""

from __future__ import annotations

import hashlib
import logging
import time
from datetime import date
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils.templates import TemplateContext

from generator import navcache, pagehtml, pipeline, shell
from generator.changes import revisions
from generator.config import source_url
from generator.errors import DataError, MatrixError
from generator.read import data_files

log = logging.getLogger("mkdocs.plugins.support_matrix")

# A `python -m generator build` that already generated the pages hands them over here, so the
# pipeline runs once per build (site.build_site sets it around its MkDocs call).
HANDOFF: dict[str, pipeline.Generated] = {}


class MatrixPluginConfig(Config):  # type: ignore[no-untyped-call]
    data_dir = config_options.Type(str, default="data")
    templates_dir = config_options.Type(str, default="templates")
    fast = config_options.Type(bool, default=True)  # hold blocks out, skip Python-Markdown
    shell = config_options.Type(bool, default=True)  # bulk pages through generator.shell
    nav = config_options.Type(bool, default=True)  # navigation sections from generator.navcache


class MatrixPlugin(BasePlugin[MatrixPluginConfig]):  # type: ignore[no-untyped-call]
    def __init__(self) -> None:
        self.generated: pipeline.Generated | None = None
        self.key = ""
        self.errors: list[str] = []
        self.warned: set[str] = set()
        self.held: dict[str, tuple[str, ...]] = {}
        self.serving = False
        self.plain_markdown = False  # the site's Markdown settings are what pagehtml writes
        self.search_index: Any = None  # Material's search index, when the site has one
        self.nav_cache: navcache.NavCache | None = None

    # The plugin object lives across `mkdocs serve` rebuilds (it has on_startup), so what it
    # generated stays here until the inputs change.
    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    def _root(self, config: MkDocsConfig) -> Path:
        return Path(config.config_file_path or ".").parent

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if not config.use_directory_urls:
            raise PluginError(
                "support-matrix: generated pages link with directory URLs; "
                "expected 'use_directory_urls: true'"
            )
        self.plain_markdown = _plain_markdown(config)  # once a build, not once a page
        started = time.perf_counter()
        handed = HANDOFF.get(str(Path(config.docs_dir).resolve()))
        fresh = handed is not None or self._generate(config)
        if handed is not None:  # the command line generated it, and reported its warnings
            self.generated, self.errors = handed, []
            self.warned.update(str(d) for d in handed.diagnostics)
            self.warned.update(handed.notes)
        if self.generated is not None:
            config.nav = self.generated.nav
            self._warn_once(self.generated)
        for line in self.errors:
            log.error(line)
        if self.errors:
            log.error("the data has errors; serving the last good pages")
        elif fresh and self.serving and self.generated is not None:
            took = time.perf_counter() - started
            log.info(f"support-matrix: {len(self.generated.pages)} pages in {took:.2f}s")
        return config

    def _generate(self, config: MkDocsConfig) -> bool:
        """Run the pipeline when the inputs changed; False when the last result still holds."""
        root = self._root(config)
        options = pipeline.Options(
            date.today(),
            (Path(self.config.data_dir),),
            Path(self.config.templates_dir),
            root=root,
            source_url=source_url(
                {
                    "repo_url": config.repo_url,
                    "edit_uri": config.edit_uri,
                    "extra": dict(config.extra),
                }
            ),
        )
        key = _inputs_key(options)
        if key == self.key and (self.generated is not None or self.errors):
            return False
        self.key = key
        try:
            self.generated, self.errors = pipeline.generate(options), []
        except DataError as exc:
            self.errors = [str(d) for d in exc.diagnostics if d.is_error]
        except MatrixError as exc:
            self.errors = [str(exc)]
        if self.errors and not self.serving:
            raise PluginError("\n".join([*self.errors, "the data has errors"]))
        return True

    def _warn_once(self, generated: pipeline.Generated) -> None:
        for line in [*generated.notes, *(str(d) for d in generated.diagnostics)]:
            if line not in self.warned:
                self.warned.add(line)
                log.warning(line)

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        """The generated pages and downloads, from memory: nothing is read from or written to
        docs_dir, so no rebuild writes what a serve watches."""
        if self.generated is None:
            return files
        ours = set(self.generated.pages)
        for file in [f for f in files if f.src_uri in ours or f.src_uri.startswith(".")]:
            files.remove(file)
        for path, text in self.generated.pages.items():
            files.append(File.generated(config, path, content=text))
        return files

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        if not self.config.fast or self.generated is None:
            return markdown
        if page.file.src_uri not in self.generated.pages:
            return markdown
        held = pagehtml.hold(markdown)
        self.held[page.file.src_uri] = held.blocks
        bulk = self.generated.kinds.get(page.file.src_uri) in BULK
        if bulk and self.config.shell and "template" not in page.meta:
            page.meta["template"] = shell.TEMPLATE
        converted = pagehtml.convert(held.markdown) if self.plain_markdown else None
        if converted is None:
            return held.markdown  # Python-Markdown reads it, the big blocks still held out
        # The page is HTML already: MkDocs' render step would only make a Python-Markdown
        # instance to convert an empty text (a third of a millisecond a page), so it is skipped.
        # Its anchors are not known to MkDocs then (present_anchor_ids stays None), so links
        # to them from other pages are not checked rather than wrongly reported.
        page.content, tokens = converted
        page.toc = get_toc(tokens)  # type: ignore[arg-type]
        page.render = _rendered  # type: ignore[method-assign]
        return ""

    @event_priority(-100)  # after other plugins: the banner goes on top of the final content
    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        if not self.errors:
            return html
        items = Markup("").join(Markup("<li><code>{}</code></li>").format(e) for e in self.errors)
        banner = Markup(
            '<div class="admonition failure"><p class="admonition-title">'
            "The data has errors; this is the last good version</p>"
            "<ul>{}</ul></div>"
        ).format(items)
        return str(banner) + html

    @event_priority(100)  # before the search plugin, which then skips the page
    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        """The search index's entries for a generated page, from its HTML as it is (the big
        blocks already plain sentences), without Material's HTML parser."""
        index = self.search_index
        if index is None or page.file.src_uri not in self.held or not page.content:
            return context
        search = dict(page.meta.get("search") or {})
        if search.get("exclude"):
            return context
        for anchor, title, text in pagehtml.search_sections(page.content):
            entry: dict[str, Any] = {
                "location": page.url + (f"#{anchor}" if anchor else ""),
                "title": title or str(page.meta.get("title", page.title)),
                "text": text,
            }
            if "boost" in search:
                entry["boost"] = search["boost"]
            index.entries.append(entry)
        page.meta["search"] = {**search, "exclude": True}  # indexed: the search plugin skips it
        return context

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        blocks = self.held.pop(page.file.src_uri, ())
        return pagehtml.restore(output, blocks)

    def on_env(
        self, env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files
    ) -> jinja2.Environment:
        """Bulk pages render through a cached copy of the theme's page (generator.shell), and
        navigation sections are rendered once per page depth (generator.navcache)."""
        # Once a build (the search plugin makes its index before the environment):
        self.search_index = _search_index(config)
        if not self.config.fast or env.loader is None:
            return env
        bulk = shell.Shell(env) if self.config.shell else None
        nav = self.config.nav
        self.nav_cache = navcache.NavCache() if nav else None
        if self.nav_cache:
            env.globals[navcache.GLOBAL] = self.nav_cache
        if bulk or nav:
            env.loader = _ShellLoader(env.loader, bulk, nav=nav)
        return env

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        root = self._root(config)
        for option in (self.config.data_dir, self.config.templates_dir):
            server.watch(str(root / option))
        return server


def _search_index(config: MkDocsConfig) -> Any:
    """Material's search index, when the site uses Material's search plugin."""
    for plugin in config.plugins.values():
        index = getattr(plugin, "search_index", None)
        if index is not None and isinstance(getattr(index, "entries", None), list):
            return index
    return None


def _rendered(config: MkDocsConfig, files: Files) -> None:
    """`Page.render` for a page the plugin has turned into HTML already: nothing to do."""


def takes_pages(config: MkDocsConfig, docs_dir: Path) -> bool:
    """Whether this MkDocs configuration runs the plugin on `docs_dir`, so the plugin takes
    the pages `python -m generator build` hands over (HANDOFF) and MkDocs reads none from
    disk."""
    ours = any(isinstance(p, MatrixPlugin) for p in config.plugins.values())
    return ours and Path(config.docs_dir).resolve() == docs_dir.resolve()


BULK = ("feature", "compare")  # page kinds that come one per feature, one per pair


class _ShellLoader(jinja2.BaseLoader):
    """The theme's loader, plus the bulk-page template (which is the shell itself) and the
    navigation through the cache."""

    def __init__(self, inner: jinja2.BaseLoader, bulk: shell.Shell | None, *, nav: bool) -> None:
        self.inner, self.bulk, self.nav = inner, bulk, nav

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str | None, Any]:
        source, filename, uptodate = self.inner.get_source(environment, template)
        if self.nav and template == navcache.TEMPLATE:
            source = navcache.patch(source) or source
        return source, filename, uptodate

    def list_templates(self) -> list[str]:
        return self.inner.list_templates()

    def load(
        self,
        environment: jinja2.Environment,
        name: str,
        globals: Any = None,
    ) -> Any:
        if name == shell.TEMPLATE and self.bulk is not None:
            return self.bulk
        if self.nav and name == navcache.TEMPLATE:  # compiled from get_source's patched text
            return super().load(environment, name, globals)
        return self.inner.load(environment, name, globals)


def _plain_markdown(config: MkDocsConfig) -> bool:
    """Whether the site's Markdown settings are the ones `pagehtml.convert` writes like: the
    `toc` extension with its default permalink, and `attr_list`; anything else (another
    permalink, other extensions touching headings) goes through Python-Markdown."""
    extensions = {e if isinstance(e, str) else type(e).__name__ for e in config.markdown_extensions}
    toc = config.mdx_configs.get("toc", {})
    # MkDocs adds `tables` and `fenced_code` itself; neither touches headings or raw HTML.
    known = {"toc", "attr_list", "tables", "fenced_code"}
    return extensions <= known and toc in ({"permalink": True}, {})


def _inputs_key(options: pipeline.Options) -> str:
    """A digest of everything the pipeline reads (data, templates, the day, the commit the
    history ends at), so a rebuild that changed none of them reuses the last pages."""
    digest = hashlib.sha256(str(options.today).encode())
    digest.update(_head(options.root).encode())
    for path in data_files([options.at(p) for p in options.paths]):
        digest.update(str(path).encode())
        digest.update(_read(path))
    for path in sorted(options.at(options.templates).rglob("*")):
        if path.is_file():
            digest.update(str(path).encode())
            digest.update(_read(path))
    return digest.hexdigest()


def _head(root: Path) -> str:
    try:
        return revisions.git(root, "rev-parse", "-q", "--verify", "HEAD")
    except revisions.RevisionError:
        return ""


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes() if path.is_file() else b""
    except OSError:
        return b""
