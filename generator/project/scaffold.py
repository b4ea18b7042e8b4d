"""``ocop new-site``: an empty site that builds as it is."""

from __future__ import annotations

import html
import json
import re
from importlib import resources
from pathlib import Path

from ..domain.text import text_line
from ..records.yamlfile import scalar

FOLDERS = ("catalog/products", "catalog/producers", "catalog/images", "content")
GITIGNORE = "site/\n.cache/\n"
SCHEMAS = ("product", "producer")


_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!|~])")


def _markdown_text(text: str) -> str:
    """``text`` as Markdown that reads back as exactly this text: markup escaped, not interpreted."""
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", html.escape(text, quote=False))


def create(target: Path, name: str) -> None:
    """Write a new site into ``target``; ValueError when ``name`` is no site name (see :func:`text_line`)."""
    name = text_line(name)
    if not name:
        raise ValueError("the site needs a name (--name)")
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise FileExistsError(f"{target} already exists and is not an empty folder")
    skeleton = resources.files("generator") / "skeleton"
    for folder in FOLDERS:
        (target / folder).mkdir(parents=True, exist_ok=True)
        if folder.startswith("catalog/"):
            (target / folder / ".gitkeep").write_text("")
    # The name as a YAML value and as Markdown text: a ':', '#', quote or '<' in it stays text.
    for rel, written in (("mkdocs.yml", scalar(name)), ("content/index.md", _markdown_text(name))):
        text = (skeleton / rel).read_text("utf-8")
        (target / rel).write_text(text.replace("{name}", written), "utf-8")
    (target / ".gitignore").write_text(GITIGNORE)
    # JSON Schemas beside the records, wired for editors that complete YAML from them.
    schemas = resources.files("generator") / "schemas"
    (target / "schemas").mkdir()
    mapping = {}
    for kind in SCHEMAS:
        name = f"{kind}.schema.json"
        (target / "schemas" / name).write_text((schemas / name).read_text("utf-8"), "utf-8")
        mapping[f"schemas/{name}"] = f"catalog/{kind}s/*.yaml"
    (target / ".vscode").mkdir()
    (target / ".vscode" / "settings.json").write_text(json.dumps({"yaml.schemas": mapping}, indent=2) + "\n")
