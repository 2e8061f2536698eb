"""Checks over loaded data, one module per concern, run in order by `generator.validate`."""
