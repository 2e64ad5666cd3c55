"""The main screens of the suite in French: every label, button, tab, placeholder and help a
French user reads in the suite's form, list, kanban, search and settings views is French.

The views are rendered as the web client gets them (``get_views`` with ``lang=fr_FR``, so every
inherited view of every installed addon is applied); a text that is still the English term of
one of the suite's ``fr.po`` files — while that file gives it another French translation — was
not translated in context: the test names the view and the English text."""

from lxml import etree

from odoo.addons.installed_base.tests.common import SUITE_ADDONS_DIR, suite_english_terms
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

ADDONS_DIR = SUITE_ADDONS_DIR
# The users' main screens: the models of the suite's menus.
MODELS = [
    "installed.equipment",
    "intervention.request",
    "intervention.appointment",
    "intervention.template",
    "intervention.task",
    "intervention.sector",
    "intervention.billing.line",
    "service.contract",
    "service.contract.profitability",
    "res.config.settings",
]
VIEW_TYPES = ["form", "list", "kanban", "search", "pivot", "graph", "calendar"]
ATTRIBUTES = ("string", "help", "placeholder", "confirm", "title", "sum")


def _texts(arch):
    """What the user reads in a view's arch: text of its elements and its readable attributes."""
    root = etree.fromstring(arch) if isinstance(arch, str) else arch
    for node in root.iter():
        if not isinstance(node.tag, str):
            continue
        for text in (node.text, node.tail):
            if text and text.strip():
                yield " ".join(text.split())
        for attribute in ATTRIBUTES:
            if node.get(attribute):
                yield " ".join(node.get(attribute).split())


@tagged("post_install", "-at_install")
class TestFrenchViews(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        modules = cls.env["ir.module.module"].search([("state", "=", "installed")])
        modules._update_translations(["fr_FR"], overwrite=True)

    def _suite_modules(self):
        return {path.name for path in ADDONS_DIR.iterdir() if (path / "__manifest__.py").exists()}

    def _untranslated(self):
        english = suite_english_terms()
        self.assertTrue(english, "the suite's French translations")
        suite = self._suite_modules()
        # What the suite's own views say in English (Odoo's own screens are Odoo's to translate).
        views = self.env["ir.ui.view"].search(
            [("model", "in", MODELS), ("type", "in", [*VIEW_TYPES, "list"]), ("key", "=", False)]
        )
        ours, theirs = set(), set()
        for view in views:
            texts = _texts(view.with_context(lang="en_US").arch_db)
            module = view.xml_id.split(".")[0]
            (theirs if module and module not in suite else ours).update(texts)
        # A text Odoo's own views of these models also say (the settings' "Certificates" button
        # of Odoo's certificate module) is Odoo's to translate.
        ours -= theirs
        untranslated = []
        for model in MODELS:
            if model not in self.env:
                continue
            Model = self.env[model].with_context(lang="fr_FR")
            for view_type in VIEW_TYPES:
                try:
                    result = Model.get_views([(False, view_type)])
                except (KeyError, ValueError, UserError):
                    continue
                view = result["views"][view_type]
                if not view.get("id"):
                    continue  # a default view Odoo generates
                untranslated += [
                    f"{model} {view_type}: {text!r} (fr: {english[text]!r})"
                    for text in set(_texts(view["arch"]))
                    if text in english and text in ours
                ]
                for name, field in result["models"][model]["fields"].items():
                    label = field.get("string")
                    if label in english and self.env[model]._fields[name]._module in suite:
                        untranslated.append(f"{model} field {name}: {label!r} (fr: {english[label]!r})")
        return sorted(set(untranslated))

    def test_main_views_read_in_french(self):
        untranslated = self._untranslated()
        self.assertFalse(untranslated, "English left in French screens:\n" + "\n".join(untranslated))

    def test_an_untranslated_label_is_found(self):
        # A view added without its French: a label the suite translates elsewhere shows in
        # English there, and the test says where.
        if "service.contract" not in self.env:
            self.skipTest("service_contract is not installed")
        self.env["ir.ui.view"].create(
            {
                "name": "untranslated label",
                "model": "service.contract",
                "inherit_id": self.env.ref("service_contract.service_contract_view_form").id,
                "arch": '<field name="name" position="after"><span>Record a Termination</span></field>',
            }
        )
        self.assertIn(
            "service.contract form: 'Record a Termination' (fr: 'Enregistrer une résiliation')",
            self._untranslated(),
        )
