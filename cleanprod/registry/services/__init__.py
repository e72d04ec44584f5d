"""Writes to the registries, one module per registry."""
