"""Copy Material's default web fonts (Roboto, Roboto Mono) into the theme, so no page asks Google.

Material loads Roboto 300/400/700 and Roboto Mono 400/700, upright and italic, from Google
Fonts unless ``theme.font`` is false. This script takes the same faces from the pinned
Fontsource packages (npm), keeps the subsets Vietnamese text needs (latin, latin-ext,
vietnamese: the browser fetches a subset only when a page uses a character of it), and writes
``theme/assets/fonts/`` with the WOFF2 files, their licence and ``fonts.css``. Run it again
only to change the versions below; its output is committed.

    python tools/vendor_fonts.py
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "theme" / "assets" / "fonts"
FONTS = (  # (folder, family, npm package, weights)
    ("roboto", "Roboto", "@fontsource/roboto@5.3.0", (300, 400, 700)),
    ("roboto-mono", "Roboto Mono", "@fontsource/roboto-mono@5.3.0", (400, 700)),
)
STYLES = ("normal", "italic")
SUBSETS = ("latin", "latin-ext", "vietnamese")
_FACE = re.compile(r"/\* (?P<name>[a-z0-9-]+) \*/\s*@font-face \{(?P<body>.*?)\}", re.S)


def unpack(package: str, into: Path) -> Path:
    """The contents of an npm package, fetched with npm itself."""
    into.mkdir()
    subprocess.run(["npm", "pack", "--silent", package], cwd=into, check=True, stdout=subprocess.DEVNULL)
    (archive,) = into.glob("*.tgz")
    with tarfile.open(archive) as tar:
        tar.extractall(into, filter="data")
    return into / "package"


def main() -> None:
    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True)
    faces = []
    with tempfile.TemporaryDirectory() as tmp:
        for folder, family, package, weights in FONTS:
            source = unpack(package, Path(tmp) / folder)
            (OUT / folder).mkdir()
            shutil.copyfile(source / "LICENSE", OUT / f"LICENSE-{folder}.txt")
            for weight in weights:
                for style in STYLES:
                    css = (source / (f"{weight}.css" if style == "normal" else f"{weight}-italic.css")).read_text("utf-8")
                    ranges = {m["name"]: re.search(r"unicode-range:\s*([^;]+);", m["body"]).group(1)
                              for m in _FACE.finditer(css)}
                    for subset in SUBSETS:
                        name = f"{folder}-{subset}-{weight}-{style}"
                        shutil.copyfile(source / "files" / f"{name}.woff2", OUT / folder / f"{name}.woff2")
                        faces.append(
                            f"@font-face {{\n  font-family: \"{family}\";\n  font-style: {style};\n  font-weight: {weight};\n"
                            f"  font-display: swap;\n  src: url(\"{folder}/{name}.woff2\") format(\"woff2\");\n"
                            f"  unicode-range: {ranges[name]};\n}}\n")
    packages = ", ".join(package for _, _, package, _ in FONTS)
    (OUT / "fonts.css").write_text(
        f"/* Material's default fonts, self-hosted: no request to Google Fonts. Made by tools/vendor_fonts.py\n"
        f"   from {packages} (SIL Open Font License 1.1, see LICENSE-*.txt). */\n"
        ":root {\n  --md-text-font: \"Roboto\";\n  --md-code-font: \"Roboto Mono\";\n}\n\n" + "\n".join(faces), "utf-8")


if __name__ == "__main__":
    main()
