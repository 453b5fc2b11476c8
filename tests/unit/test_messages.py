import json

import jsonschema
import pytest
from pydantic import ValidationError

from services.common.deadletters import dead_letter
from services.common.messages import Article, DeadLetter
from services.common.schemas import SCHEMA_DIR, drifted_schemas
from tests.factories import canonical, event


def test_schema_files_match_the_models():
    drifted = drifted_schemas()
    assert drifted == [], f"run `wirewatch schemas write`: {drifted}"


def test_drift_is_detected_when_a_schema_file_is_edited(tmp_path):
    for path in SCHEMA_DIR.glob("*.json"):
        (tmp_path / path.name).write_text(path.read_text())
    edited = tmp_path / "Article.v1.json"
    edited.write_text(edited.read_text().replace('"title"', '"headline"', 1))
    assert drifted_schemas(tmp_path) == ["Article.v1.json"]


def test_serialized_messages_validate_against_their_published_schema():
    message = canonical(event("c1"))
    schema = json.loads((SCHEMA_DIR / "CanonicalEvent.v1.json").read_text())
    jsonschema.validate(json.loads(message.to_bytes()), schema)


def test_dead_letter_keeps_original_bytes_through_json_and_caps_them():
    letter = dead_letter("ingestor", "not_utf8", "bad byte", b"\xff\xfe" * 10, max_bytes=8, source_ref="f.txt")
    again = DeadLetter.from_bytes(letter.to_bytes())
    assert again.original == b"\xff\xfe" * 4
    assert again.original_size == 20
    schema = json.loads((SCHEMA_DIR / "DeadLetter.v1.json").read_text())
    jsonschema.validate(json.loads(letter.to_bytes()), schema)


def test_unknown_schema_version_and_unknown_fields_are_refused():
    good = json.loads(Article(id="a", title="t", body="b", content_hash="h").to_bytes())
    with pytest.raises(ValidationError):
        Article.model_validate({**good, "schema_version": 2})
    with pytest.raises(ValidationError):
        Article.model_validate({**good, "surprise": 1})
