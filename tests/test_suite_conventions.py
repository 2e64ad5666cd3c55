"""What every addon of the suite must keep: SPEC's versioning and dependency order, and a
complete French translation of every term Odoo would export for it."""

import ast
import os
import re
from pathlib import Path

from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import PoFileReader, TranslationModuleReader

ADDONS_DIR = Path(__file__).resolve().parent.parent / "addons"
# SPEC's core addons in dependency order: each may depend only on the core addons before it.
# The other addons of the suite extend them or bridge two of them (SMS, loaners, French
# certificates...): they depend on core addons or on each other, never the other way round, so
# the suite's dependencies form a tree over the core line.
CORE_ORDER = ["installed_base", "field_intervention", "intervention_billing", "service_contract"]
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")


def _manifests():
    """The addons under test: all of addons/, or those FSM_ADDONS names (see bin/lib.sh)."""
    wanted = {name for name in os.environ.get("FSM_ADDONS", "").split(",") if name}
    manifests = {
        path.parent.name: ast.literal_eval(path.read_text())
        for path in sorted(ADDONS_DIR.glob("*/__manifest__.py"))
        if not wanted or path.parent.name in wanted
    }
    return {name: manifest for name, manifest in manifests.items() if manifest.get("installable", True)}


def _suite_dependencies(manifests, names):
    """Every addon of the suite that ``names`` depend on, directly or not."""
    seen, todo = set(), list(names)
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(manifests.get(name, {}).get("depends", []))
    return seen


@tagged("post_install", "-at_install")
class TestSuiteConventions(TransactionCase):
    def test_addons_present_and_installed(self):
        manifests = _manifests()
        self.assertIn("installed_base", manifests)
        modules = self.env["ir.module.module"].search([("name", "in", list(manifests))])
        self.assertEqual(
            {module.name: module.state for module in modules},
            dict.fromkeys(manifests, "installed"),
        )

    def test_manifest_version_license_and_dependency_order(self):
        manifests = _manifests()
        suite = set(manifests) | set(CORE_ORDER)
        for name, manifest in manifests.items():
            with self.subTest(addon=name):
                self.assertRegex(manifest["version"], r"^19\.0\.\d+\.\d+\.\d+$")
                self.assertEqual(manifest["license"], "LGPL-3")
                suite_deps = set(manifest["depends"]) & suite
                if name in CORE_ORDER:
                    allowed = set(CORE_ORDER[: CORE_ORDER.index(name)])
                    self.assertLessEqual(suite_deps, allowed, f"{name} depends on a later or non-core addon")
                else:
                    self.assertTrue(suite_deps & set(CORE_ORDER), f"{name} extends no core addon")
                    self.assertNotIn(name, _suite_dependencies(manifests, suite_deps - {name}))

    def test_each_addon_has_readme_and_tests(self):
        for name in _manifests():
            with self.subTest(addon=name):
                self.assertTrue((ADDONS_DIR / name / "README.rst").is_file())
                self.assertTrue(list((ADDONS_DIR / name / "tests").glob("test_*.py")))

    def test_french_translation_is_complete(self):
        for name in _manifests():
            with self.subTest(addon=name):
                po_path = ADDONS_DIR / name / "i18n" / "fr.po"
                self.assertTrue(po_path.is_file(), f"{name} has no i18n/fr.po")
                # Read as Odoo loads it (a stale .pot next to it would drop the newer entries).
                translations = {row["src"]: row["value"] for row in PoFileReader(str(po_path))}
                reader = TranslationModuleReader(self.env.cr, modules=[name])
                terms = {row[4] for row in reader if row[0] == name and row[4].strip()}
                self.assertTrue(terms, f"no translatable term found for {name}")
                missing = sorted(term for term in terms if not translations.get(term))
                self.assertFalse(missing, f"{name}: untranslated in fr.po: {missing[:10]}")
                for msgid in terms:
                    self.assertEqual(
                        sorted(PLACEHOLDER.findall(msgid)),
                        sorted(PLACEHOLDER.findall(translations[msgid])),
                        f"{name}: placeholders differ in the translation of {msgid!r}",
                    )
