"""Render each addon's README.rst from its user-facing fragments in readme/ (``./fsm readme``).

Fragments, in this order, each optional but DESCRIPTION.md and USAGE.md: DESCRIPTION.md,
CONFIGURE.md, USAGE.md, ROADMAP.md (known limits). They are written in the subset of Markdown
that reads as reStructuredText too (paragraphs, ``-`` lists, ``*emphasis*``, ``**strong**``);
single-backtick code becomes a literal. ``--check`` only reports the README.rst files that are
out of date (exit 1), for the test suite.
"""

import ast
import re
import sys
from pathlib import Path

ADDONS_DIR = Path(__file__).resolve().parent.parent / "addons"
SECTIONS = [
    ("DESCRIPTION.md", "Description"),
    ("CONFIGURE.md", "Configuration"),
    ("USAGE.md", "Usage"),
    ("ROADMAP.md", "Known issues / Roadmap"),
]


def _title(text, char):
    return f"{text}\n{char * len(text)}\n"


def _rst(markdown):
    # `code` (Markdown) -> ``code`` (reStructuredText); already-double backticks are kept.
    return re.sub(r"(?<!`)`([^`\n]+)`(?!`)", r"``\1``", markdown.strip()) + "\n"


def render(addon_dir):
    manifest = ast.literal_eval((addon_dir / "__manifest__.py").read_text())
    name = manifest["name"]
    parts = [
        f"{'=' * len(name)}\n{name}\n{'=' * len(name)}\n",
        f"{manifest['summary']}. Part of the field-service suite for Odoo 19.0 Community.\n",
        "**Table of contents**\n\n.. contents::\n   :local:\n",
    ]
    for filename, title in SECTIONS:
        fragment = addon_dir / "readme" / filename
        if fragment.is_file():
            parts.append(_title(title, "=") + "\n" + _rst(fragment.read_text()))
    credits = f"Authors: {manifest['author']}. License: {manifest['license']}."
    parts.append(_title("Credits", "=") + f"\n{credits}\n")
    return "\n".join(parts)


def main(argv):
    check = "--check" in argv
    stale = []
    for addon_dir in sorted(path.parent for path in ADDONS_DIR.glob("*/__manifest__.py")):
        text = render(addon_dir)
        target = addon_dir / "README.rst"
        if target.is_file() and target.read_text() == text:
            continue
        stale.append(target)
        if not check:
            target.write_text(text)
    for target in stale:
        print(f"{'out of date' if check else 'rendered'}: {target.relative_to(ADDONS_DIR.parent)}")
    return 1 if check and stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
