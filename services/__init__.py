"""Wirewatch services: one package per pipeline stage, plus `common` for what crosses stages."""
