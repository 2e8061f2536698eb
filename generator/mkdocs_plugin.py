"""A thin MkDocs plugin for `mkdocs serve`: regenerate the pages whenever data or templates
change, through the same pipeline as `python -m generator build`.

When an edit makes the data invalid, the pages already generated stay as they were (the last
good site keeps being served) and every page shows the errors at its top until they are fixed.
The plain build never needs this plugin; mkdocs.yml does not list it.
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path
from typing import Any

from markupsafe import Markup
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from generator import pipeline, site
from generator.config import source_url
from generator.errors import DataError, MatrixError

log = logging.getLogger("mkdocs.plugins.support_matrix")


class MatrixPluginConfig(Config):  # type: ignore[no-untyped-call]
    data_dir = config_options.Type(str, default="data")
    templates_dir = config_options.Type(str, default="templates")


class MatrixPlugin(BasePlugin[MatrixPluginConfig]):  # type: ignore[no-untyped-call]
    def __init__(self) -> None:
        self.errors: list[str] = []

    def _path(self, config: MkDocsConfig, value: str) -> Path:
        return Path(config.config_file_path or ".").parent / value

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        options = pipeline.Options(
            date.today(),
            (Path(self.config.data_dir),),
            Path(self.config.templates_dir),
            root=Path(config.config_file_path or ".").parent,
            source_url=source_url({"repo_url": config.repo_url, "edit_uri": config.edit_uri}),
        )
        try:
            generated = pipeline.generate(options)
            site.write_docs(generated.pages, Path(config.docs_dir))
        except DataError as exc:
            self.errors = [str(d) for d in exc.diagnostics if d.is_error]
        except MatrixError as exc:
            self.errors = [str(exc)]
        else:
            self.errors = []
            for diag in generated.diagnostics:
                log.warning(str(diag))
            config.nav = generated.nav
        for line in self.errors:
            log.error(line)
        if self.errors:
            log.error("the data has errors; serving the last good pages")
        return config

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

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        for option in (self.config.data_dir, self.config.templates_dir):
            server.watch(str(self._path(config, option)))
        return server
