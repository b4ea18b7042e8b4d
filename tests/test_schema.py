"""The JSON Schemas editors use must agree with the loader and accept the demo records."""

from __future__ import annotations

import datetime as dt
import json

import jsonschema
import pytest
import yaml

from conftest import PRODUCT, REPO
from generator.records.products import PRODUCER_FIELDS, PRODUCT_FIELDS

SCHEMAS = REPO / "generator" / "schemas"


def schema(kind: str) -> dict:
    data = json.loads((SCHEMAS / f"{kind}.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(data)
    return data


def as_json(value):
    """YAML as an editor's language server sees it: dates stay strings."""
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@pytest.mark.parametrize("kind, fields", [("product", PRODUCT_FIELDS), ("producer", PRODUCER_FIELDS)])
def test_schema_fields_match_the_loader(kind, fields):
    assert sorted(schema(kind)["properties"]) == sorted(fields)


@pytest.mark.parametrize("kind", ["product", "producer"])
def test_demo_records_follow_the_schema(kind):
    validator = jsonschema.Draft202012Validator(schema(kind))
    files = sorted((REPO / "catalog" / f"{kind}s").glob("*.yaml"))
    assert files
    for path in files:
        errors = [e.message for e in validator.iter_errors(as_json(yaml.safe_load(path.read_text("utf-8"))))]
        assert errors == [], f"{path.name}: {errors}"


def test_schema_rejects_what_the_loader_rejects():
    validator = jsonschema.Draft202012Validator(schema("product"))
    record = as_json(yaml.safe_load(PRODUCT))
    assert not list(validator.iter_errors(record))
    assert list(validator.iter_errors(dict(record, stras=4)))
    assert list(validator.iter_errors(dict(record, stars=6)))
    assert list(validator.iter_errors({k: v for k, v in record.items() if k != "certificate"}))
