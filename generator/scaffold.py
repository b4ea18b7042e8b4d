"""``ocop new-site``: an empty site that builds as it is."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

FOLDERS = ("catalog/products", "catalog/producers", "catalog/images", "content")
GITIGNORE = "site/\n.cache/\n"
SCHEMAS = ("product", "producer")


def create(target: Path, name: str) -> None:
    if target.exists() and any(target.iterdir()):
        raise FileExistsError(f"{target} already exists and is not empty")
    skeleton = resources.files(__package__) / "skeleton"
    for folder in FOLDERS:
        (target / folder).mkdir(parents=True, exist_ok=True)
        if folder.startswith("catalog/"):
            (target / folder / ".gitkeep").write_text("")
    for rel in ("mkdocs.yml", "content/index.md"):
        text = (skeleton / rel).read_text("utf-8")
        (target / rel).write_text(text.replace("{name}", name), "utf-8")
    (target / ".gitignore").write_text(GITIGNORE)
    # JSON Schemas beside the records, wired for editors that complete YAML from them.
    schemas = resources.files(__package__) / "schemas"
    (target / "schemas").mkdir()
    mapping = {}
    for kind in SCHEMAS:
        name = f"{kind}.schema.json"
        (target / "schemas" / name).write_text((schemas / name).read_text("utf-8"), "utf-8")
        mapping[f"schemas/{name}"] = f"catalog/{kind}s/*.yaml"
    (target / ".vscode").mkdir()
    (target / ".vscode" / "settings.json").write_text(json.dumps({"yaml.schemas": mapping}, indent=2) + "\n")
