"""Where each page of a matrix lives, relative to docs_dir. One place, so links agree.

Every page is the `index.md` of its own folder, so the folder of its source file is the folder
of its URL: a relative link in raw HTML then means the same page whether an engine resolves it
against the page's URL (MkDocs, ProperDocs) or against its source file (Zensical).
"""

from __future__ import annotations

from generator.model import Matrix
from generator.vocabulary import COMPARE_SEPARATOR


def home() -> str:
    return "index.md"


def index(matrix: Matrix) -> str:
    return f"{matrix.id}/index.md"


def environment(matrix: Matrix, env_id: str) -> str:
    return f"{matrix.id}/{env_id}/index.md"


def features_index(matrix: Matrix) -> str:
    return f"{matrix.id}/features/index.md"


def feature(matrix: Matrix, feature_id: str) -> str:
    return f"{matrix.id}/features/{feature_id}/index.md"


def compare_index(matrix: Matrix) -> str:
    return f"{matrix.id}/compare/index.md"


def compare(matrix: Matrix, left: str, right: str) -> str:
    return f"{matrix.id}/compare/{left}{COMPARE_SEPARATOR}{right}/index.md"


def reference(matrix: Matrix) -> str:
    return f"{matrix.id}/reference/index.md"


def environment_csv(matrix: Matrix, env_id: str) -> str:
    return f"{matrix.id}/{env_id}.csv"


def matrix_json(matrix: Matrix) -> str:
    return f"{matrix.id}/matrix.json"


def matrix_schema(matrix: Matrix) -> str:
    return f"{matrix.id}/matrix.schema.json"


def whats_new(matrix: Matrix) -> str:
    return f"{matrix.id}/whats-new/index.md"


def feed(matrix: Matrix) -> str:
    return f"{matrix.id}/feed.xml"
