"""Each addon's README.rst is rendered from its readme/ fragments (``./fsm readme``) and is valid
reStructuredText: editing a fragment without rendering again fails here."""

import importlib.util
import unittest
from pathlib import Path

import docutils.core
import docutils.utils

ROOT = Path(__file__).resolve().parent.parent
SPEC = importlib.util.spec_from_file_location("fsm_readme", ROOT / "bin" / "readme.py")
readme = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(readme)


class TestReadme(unittest.TestCase):
    def test_readme_rst_rendered_from_fragments_and_valid(self):
        addon_dirs = sorted(path.parent for path in (ROOT / "addons").glob("*/__manifest__.py"))
        self.assertTrue(addon_dirs)
        for addon_dir in addon_dirs:
            with self.subTest(addon=addon_dir.name):
                for fragment in ("DESCRIPTION.md", "CONFIGURE.md", "USAGE.md", "ROADMAP.md"):
                    self.assertTrue((addon_dir / "readme" / fragment).is_file(), fragment)
                text = (addon_dir / "README.rst").read_text()
                self.assertEqual(text, readme.render(addon_dir), "run ./fsm readme")
                docutils.core.publish_doctree(
                    text,
                    settings_overrides={
                        "halt_level": docutils.utils.Reporter.WARNING_LEVEL,
                        "report_level": 5,
                    },
                )
