"""Benchmarks: `make bench` (bench/run.py) and the helpers it uses."""
