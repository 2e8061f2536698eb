"""Where each page of a matrix lives, relative to docs_dir. One place, so links agree."""

from __future__ import annotations

from generator.model import Matrix


def home() -> str:
    return "index.md"


def index(matrix: Matrix) -> str:
    return f"{matrix.id}/index.md"


def environment(matrix: Matrix, env_id: str) -> str:
    return f"{matrix.id}/{env_id}.md"


def features_index(matrix: Matrix) -> str:
    return f"{matrix.id}/features/index.md"


def feature(matrix: Matrix, feature_id: str) -> str:
    return f"{matrix.id}/features/{feature_id}.md"


def compare_index(matrix: Matrix) -> str:
    return f"{matrix.id}/compare/index.md"


def compare(matrix: Matrix, left: str, right: str) -> str:
    return f"{matrix.id}/compare/{left}-vs-{right}.md"


def reference(matrix: Matrix) -> str:
    return f"{matrix.id}/reference.md"


def environment_csv(matrix: Matrix, env_id: str) -> str:
    return f"{matrix.id}/{env_id}.csv"


def matrix_json(matrix: Matrix) -> str:
    return f"{matrix.id}/matrix.json"


def matrix_schema(matrix: Matrix) -> str:
    return f"{matrix.id}/matrix.schema.json"


def whats_new(matrix: Matrix) -> str:
    return f"{matrix.id}/whats-new.md"


def feed(matrix: Matrix) -> str:
    return f"{matrix.id}/feed.xml"
