"""Support-matrix site generator: canonical YAML in, MkDocs pages out."""

__version__ = "0.1.0"
