"""The hand-written equivalent of a matrix: the seed page's content (an overview and one page
per environment, with their feature tables, reference tables, footnotes, callouts and sections)
as plain Markdown, built by MkDocs alone with the same theme.

This is what a person would write instead of the data file: GFM pipe tables (cell line breaks
as `<br>`), Python-Markdown footnotes (`[^id]` and `[^id]: text`), `!!! kind` admonitions and
`## Heading { #anchor }` headings, same facts in the same order as the generated environment
pages. Pages the generator adds beyond the seed's (per-feature pages, comparisons, exports) have
no hand-written counterpart. Links are resolved the way the generator resolves them, so both
sites point at the same URLs. The generator's model is only used to read the facts; the build
sees Markdown only. Several matrices make one site, a section each, as the generator does.

The configuration is the project's mkdocs.yml as a person would write it: the same theme,
overrides and search settings, without the generator's parts (the `support-matrix` plugin, the
generated nav it inherits), so the hand-written build is MkDocs + Material + search alone.
"""

from __future__ import annotations

import posixpath
import re
import shutil
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from generator import read
from generator.markdown import Markdown
from generator.model import (
    Block,
    Environment,
    Feature,
    Matrix,
    RefGroup,
    Shown,
)

ROOT = Path(__file__).resolve().parents[1]
EXTENSIONS: list[Any] = [
    "tables",
    "footnotes",
    "admonition",
    "attr_list",
    {"toc": {"permalink": True}},
]
# The plugins a hand-written site keeps from the project's mkdocs.yml: Material's search.
PLUGINS = ("search", "material/search")
_LINK = re.compile(r"\]\(([^()\s]+)\)")


@dataclass(slots=True)
class _Page:
    """One page being written: its path, the Markdown resolver and the footnotes it cites."""

    path: str
    md: Markdown
    notes: list[str] = field(default_factory=list)

    def cite(self, note_id: str) -> str:
        if note_id not in self.notes:
            self.notes.append(note_id)
        return f"[^{note_id}]"

    def link(self, to_path: str, anchor: str | None = None) -> str:
        rel = posixpath.relpath(to_path, posixpath.dirname(self.path) or ".")
        return f"{rel}#{anchor}" if anchor else rel

    def text(self, markdown: str) -> str:
        """Markdown with its links resolved as the generator resolves them."""
        return _LINK.sub(lambda m: f"]({self.md.url(m.group(1))})", markdown)

    def cell(self, markdown: str) -> str:
        """Markdown for one table cell: one line, `<br>` for breaks, pipes escaped."""
        text = self.text(markdown).replace("|", "\\|")
        return "<br>".join(line.strip() for line in text.splitlines())


def load_matrix(data_file: Path) -> Matrix:
    checked = read.check([data_file], date.today())
    errors = [str(d) for d in checked.diagnostics if d.is_error]
    if errors or len(checked.matrices) != 1:
        raise ValueError(f"{data_file}: not one valid matrix: {errors}")
    return checked.matrices[0]


def pages(matrix: Matrix) -> dict[str, str]:
    """{docs-relative path: Markdown} for the home page, the matrix index and every environment."""
    out = {"index.md": _home([matrix])}
    index = _Page(_path(matrix, None), Markdown(matrix.links))
    out[index.path] = _page(matrix, index, None)
    for env in matrix.environments.values():
        page = _Page(_path(matrix, env.id), Markdown(matrix.links))
        out[page.path] = _page(matrix, page, env)
    return out


def write_site(dest: Path, data_files: Path | Sequence[Path], source: Path = ROOT) -> Path:
    """A hand-written MkDocs project in `dest` for the matrices in `data_files` (one site, a
    section each), themed like the project in `source` (the repository); returns its config."""
    files = [data_files] if isinstance(data_files, Path) else list(data_files)
    matrices = [load_matrix(f) for f in files]
    if dest.exists():
        shutil.rmtree(dest)
    docs = dest / "docs"
    for path, text in site_pages(matrices).items():
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).write_text(text, encoding="utf-8")
    shutil.copytree(source / "site_overrides", dest / "site_overrides")
    config = dest / "mkdocs.yml"
    text = yaml.safe_dump(config_for(matrices, source / "mkdocs.yml"), sort_keys=False)
    config.write_text(text, encoding="utf-8")
    return config


def site_pages(matrices: Sequence[Matrix]) -> dict[str, str]:
    """Every matrix's pages, under one home page that lists them all."""
    out: dict[str, str] = {}
    for matrix in matrices:
        out.update(pages(matrix))
    out["index.md"] = _home(matrices)
    return out


def config_for(matrices: Sequence[Matrix], mkdocs_yml: Path) -> dict[str, Any]:
    """The project's mkdocs.yml as a person would write it for hand-written pages: the same
    theme and search settings, a plain nav, Markdown doing tables and footnotes, and none of
    the generator's parts (its inherited nav, its `support-matrix` plugin, its not_in_nav)."""
    config: dict[str, Any] = yaml.safe_load(mkdocs_yml.read_text(encoding="utf-8"))
    for generated in ("INHERIT", "not_in_nav"):
        config.pop(generated, None)
    config.update(docs_dir="docs", site_dir="site", markdown_extensions=EXTENSIONS)
    config["plugins"] = [p for p in config.get("plugins", ["search"]) if _plugin(p) in PLUGINS]
    config["nav"] = [{"Home": "index.md"}]
    for matrix in matrices:
        envs = [{e.name: _path(matrix, e.id)} for e in matrix.environments.values()]
        config["nav"].append({matrix.title: [{"Overview": _path(matrix, None)}, *envs]})
    return config


def _plugin(entry: str | dict[str, Any]) -> str:
    return entry if isinstance(entry, str) else next(iter(entry))


def _path(matrix: Matrix, env_id: str | None) -> str:
    return f"{matrix.id}/{env_id or 'index'}.md"


def _home(matrices: Sequence[Matrix]) -> str:
    items = "".join(f"- [{m.title}]({_path(m, None)})\n" for m in matrices)
    return '---\ntitle: "Support matrices"\n---\n\n# Support matrices\n\n' + items


def _page(matrix: Matrix, page: _Page, env: Environment | None) -> str:
    title = env.title if env else matrix.title
    blocks = env.blocks if env else matrix.index
    parts = [_front_matter(title, matrix.description), f"# {title}"]
    parts += [_block(matrix, page, env, b) for b in blocks]
    parts += [f"[^{n}]: {page.text(matrix.footnotes[n])}" for n in page.notes]
    return "\n\n".join(parts) + "\n"


def _front_matter(title: str, description: str | None) -> str:
    meta = {"title": title, **({"description": description} if description else {})}
    return "---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=1000) + "---"


def _block(matrix: Matrix, page: _Page, env: Environment | None, block: Block) -> str:
    writers: dict[str, Callable[[], str]] = {
        "features": lambda: _features(matrix, page, env) if env else "",
        "environments": lambda: _env_links(matrix, page),
        "text": lambda: page.text(block.value),
        "callout": lambda: _callout(matrix, page, block.value),
        "reference": lambda: _reference(matrix, page, block.value),
        "section": lambda: _section(matrix, page, block),
    }
    return writers[block.kind]()


def _env_links(matrix: Matrix, page: _Page) -> str:
    envs = matrix.environments.values()
    return "\n".join(f"- [{e.name}]({page.link(_path(matrix, e.id))})" for e in envs)


def _callout(matrix: Matrix, page: _Page, callout_id: str) -> str:
    c = matrix.callouts[callout_id]
    body = "\n".join(f"    {line}" if line else "" for line in page.text(c.text).splitlines())
    return f'!!! {c.kind} "{c.title or c.kind.capitalize()}"\n\n{body}'


def _section(matrix: Matrix, page: _Page, block: Block) -> str:
    sec = matrix.sections[block.value]
    parts = [f"## {block.title or sec.title} {{ #sec-{sec.id} }}", page.text(sec.body)]
    if sec.list:
        items = matrix.lists[sec.list].items.values()
        parts.append("\n".join(f"- {page.text(item)}" for item in items))
    if sec.footer:
        parts.append(page.text(sec.footer))
    return "\n\n".join(parts)


def _table(headers: list[str], rows: Iterator[list[str]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + " --- |" * len(headers)]
    lines += ["| " + " | ".join(cells) + " |" for cells in rows]
    return "\n".join(lines)


def _reference(matrix: Matrix, page: _Page, ref_id: str) -> str:
    ref = matrix.references[ref_id]
    rows = ([row.aspect, _details(matrix, page, row.groups)] for row in ref.rows)
    return f"## {ref.title} {{ #ref-{ref.id} }}\n\n" + _table(list(ref.headers), rows)


def _details(matrix: Matrix, page: _Page, groups: tuple[RefGroup, ...]) -> str:
    parts = []
    for group in groups:
        label = f"**{group.label}**" + "".join(page.cite(n) for n in group.footnotes)
        items = matrix.lists[group.list].items
        parts.append("<br>".join([label, *(f"• {page.cell(items[i])}" for i in group.items)]))
    return "<br>".join(parts)


def _features(matrix: Matrix, page: _Page, env: Environment) -> str:
    features = matrix.features_in(env.id)
    headers = [s.header for s in env.columns]
    if not env.group_by_domain:
        return _table(headers, (_row(matrix, page, env, f) for f in features))
    tables = []
    for dom in matrix.domains.values():
        rows = [f for f in features if f.domain == dom.id]
        if rows:
            heading = f"## {dom.label(env.id).name} {{ #domain-{dom.id} }}"
            tables.append(
                heading + "\n\n" + _table(headers, (_row(matrix, page, env, f) for f in rows))
            )
    return "\n\n".join(tables)


def _row(matrix: Matrix, page: _Page, env: Environment, feature: Feature) -> list[str]:
    return [_cell(matrix, page, env, feature, shown) for shown in env.columns]


def _cell(matrix: Matrix, page: _Page, env: Environment, feature: Feature, shown: Shown) -> str:
    col = shown.column
    if col.type == "feature":
        return _feature_cell(matrix, page, env, feature)
    if col.type == "domain":
        label = matrix.domains[feature.domain].label(env.id)
        return f"[{label.name}]({page.md.url(label.link)})" if label.link else label.name
    cell = feature.cell(env.id, col.id)
    if cell.value == "-":
        return "-"
    if col.type == "state":
        return matrix.state_labels[str(cell.value)]
    if col.type == "choice":
        values = cell.value if isinstance(cell.value, tuple) else (cell.value,)
        return ", ".join(page.cell(col.values[v]) for v in values)
    return page.cell(str(cell.value))


def _feature_cell(matrix: Matrix, page: _Page, env: Environment, feature: Feature) -> str:
    support = feature.support[env.id]
    name = (support.name or feature.name).replace("|", "\\|")
    out = f"[{name}]({page.md.url(feature.link)})" if feature.link else name
    out += "".join(page.cite(n) for n in support.footnotes)
    for ref in support.references:
        target = _placed(matrix, ref.reference)
        out += f" [{ref.text}]({page.link(target, f'ref-{ref.reference}')})"
    return out


def _placed(matrix: Matrix, ref_id: str) -> str:
    """The page that shows a reference table (the first, if several do)."""
    pages = [(None, matrix.index)] + [(e.id, e.blocks) for e in matrix.environments.values()]
    for env_id, blocks in pages:
        if any(b.kind == "reference" and b.value == ref_id for b in blocks):
            return _path(matrix, env_id)
    raise KeyError(ref_id)
