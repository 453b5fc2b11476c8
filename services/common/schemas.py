"""JSON Schemas of the wire models, generated into `schemas/` and checked for drift."""

from __future__ import annotations

import json
from pathlib import Path

from services.common.messages import WIRE_MODELS

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "schemas"


def render_schemas() -> dict[str, str]:
    """File name -> schema text, for every wire model at its current schema_version."""
    rendered = {}
    for model in WIRE_MODELS:
        version = model.model_fields["schema_version"].default
        schema = model.model_json_schema(mode="serialization")
        schema["$id"] = f"https://wirewatch.invalid/schemas/{model.__name__}.v{version}.json"
        rendered[f"{model.__name__}.v{version}.json"] = json.dumps(schema, indent=2, sort_keys=True) + "\n"
    return rendered


def write_schemas(directory: Path = SCHEMA_DIR) -> list[str]:
    directory.mkdir(exist_ok=True)
    rendered = render_schemas()
    for stale in directory.glob("*.json"):
        if stale.name not in rendered:
            stale.unlink()
    for name, text in rendered.items():
        (directory / name).write_text(text)
    return sorted(rendered)


def drifted_schemas(directory: Path = SCHEMA_DIR) -> list[str]:
    """Names of schema files that are missing, stale or extra compared with the models."""
    rendered = render_schemas()
    on_disk = {path.name: path.read_text() for path in directory.glob("*.json")} if directory.exists() else {}
    return sorted(name for name in rendered.keys() | on_disk.keys() if rendered.get(name) != on_disk.get(name))
