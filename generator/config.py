"""What the pipeline reads from the site's MkDocs configuration: where readers see the data
files on the repository's web view ("report a problem" links).

`extra.support_matrix.source_url` + a data file's path from the repository's root +
`#L<line>`, e.g. `https://github.com/OWNER/REPO/blob/main/` + `data/containers.yaml#L120`.
Without it, `repo_url` + `edit_uri` serve, as MkDocs spells a repository's web view; but with
`repo_url` set, Material's header asks the GitHub API for the repository's stars on every page
view, and the site must not depend on the internet, so this site uses the `extra` setting.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


class _Lenient(yaml.SafeLoader):
    """MkDocs configurations use tags such as `!ENV` and `!relative`; their values do not
    matter here, so any tag reads as its plain value."""


def _plain(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_scalar(node)  # type: ignore[arg-type]


_Lenient.add_multi_constructor("", _plain)


def settings(config_file: Path) -> dict[str, Any]:
    """The configuration's top-level settings, following `INHERIT`; {} when it is unreadable
    (MkDocs itself reports a broken configuration, with better words)."""
    out: dict[str, Any] = {}
    seen: set[Path] = set()
    path: Path | None = config_file
    while path is not None and path.resolve() not in seen:
        seen.add(path.resolve())
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Lenient)
        except (OSError, yaml.YAMLError, UnicodeDecodeError):
            break
        if not isinstance(data, dict):
            break
        out = {**data, **out}
        parent = data.get("INHERIT")
        path = path.parent / parent if isinstance(parent, str) else None
    return out


def source_url(config: dict[str, Any]) -> str | None:
    """The base URL of the data files on the repository's web view, or None."""
    extra = config.get("extra")
    ours = extra.get("support_matrix") if isinstance(extra, dict) else None
    url = ours.get("source_url") if isinstance(ours, dict) else None
    if isinstance(url, str) and url.startswith(("https://", "http://")):
        return url if url.endswith("/") else url + "/"
    repo, edit = config.get("repo_url"), config.get("edit_uri")
    if not isinstance(repo, str) or not repo.startswith(("https://", "http://")):
        return None
    if not isinstance(edit, str) or not edit:
        return None
    return f"{repo.rstrip('/')}/{edit.strip('/')}/"
