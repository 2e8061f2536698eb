"""Render page views to Markdown files with Jinja2 (strict undefined, autoescaped).

The pages are Markdown only for what MkDocs reads from them (front matter, headings for the
table of contents); tables, callouts and footnotes are finished HTML blocks, so Python-Markdown
does no table or footnote work at build time.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from generator.errors import TemplateError
from generator.views.base import PageView, heading_text

PAGE_TEMPLATE = "page.md.j2"


def environment(templates: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # One environment per generation: no template changes while it renders, so an include
        # need not ask the file system whether its file changed (thousands of times at 100x).
        auto_reload=False,
    )
    env.globals["heading"] = heading_text
    env.globals["front_matter"] = front_matter
    env.filters["yaml_str"] = yaml_str
    # A misspelt variable inside `tojson` fails naming the variable, not "not serializable".
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "default": _undefined}
    return env


def yaml_str(value: object) -> Markup:
    """A YAML double-quoted scalar for front matter. JSON's escapes are YAML's, except that
    JSON writes characters beyond U+FFFF as surrogate pairs, which YAML rejects: keep those as
    they are (UTF-8), and escape what YAML does not take as written: DEL and the C1 controls
    (U+0085 among them, which YAML reads as a line break) and the Unicode line and paragraph
    separators. (Front matter YAML rejects would be rendered as Markdown, links and all.)"""
    if isinstance(value, jinja2.Undefined):
        value._fail_with_undefined_error()
    text = json.dumps(str(value), ensure_ascii=False)
    return Markup(_YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text))


_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029]")


def front_matter(page: PageView) -> Markup:
    """The page's front matter, between its `---` lines: its title and description (HTML-escaped,
    as the theme writes them into the page as they are), a wide page's hidden table of
    contents, its search settings, and a redirect stub's template and target."""
    lines = []
    if page.title:
        lines.append(f"title: {yaml_str(escape(page.title))}")
    if page.description:
        lines.append(f"description: {yaml_str(escape(page.description))}")
    if page.wide:
        lines += ["hide:", "  - toc"]
    search = [f"  boost: {page.search_boost}"] if page.search_boost else []
    if page.redirect:
        lines += ["template: redirect.html", f"location: {yaml_str(page.redirect)}"]
        search.append("  exclude: true")
    if search:
        lines += ["search:", *search]
    return Markup("\n".join(lines))


def _undefined(value: object) -> object:
    if isinstance(value, jinja2.Undefined):
        value._fail_with_undefined_error()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def render_pages(pages: list[PageView], templates: Path) -> dict[str, str]:
    """{docs-relative path: page text}, in page order."""
    env = environment(templates)
    try:
        template = env.get_template(PAGE_TEMPLATE)
        return {page.path: _tidy(template.render(page=page)) for page in pages}
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(
            exc.filename or exc.name or PAGE_TEMPLATE, exc.lineno, exc.message or "syntax error"
        ) from None
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(str(templates / str(exc.name)), None, "template not found") from None
    except jinja2.UndefinedError as exc:
        name, line = _where(exc)
        raise TemplateError(name, line, str(exc)) from None


def _where(exc: BaseException) -> tuple[str, int | None]:
    """The innermost template frame of a render error."""
    tb = exc.__traceback__
    found: tuple[str, int | None] = ("template", None)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def _tidy(text: str) -> str:
    """Collapse runs of blank lines the block loop leaves, so pages diff cleanly."""
    lines, out, blank = text.splitlines(), [], False
    for line in lines:
        if not line.strip():
            if not blank:
                out.append("")
            blank = True
        else:
            out.append(line.rstrip())
            blank = False
    return "\n".join(out).strip() + "\n"
