import re
from pathlib import Path

from odoo.tests import TransactionCase, new_test_user
from odoo.tools.translate import PoFileReader

# The suite's addons folder.
SUITE_ADDONS_DIR = Path(__file__).resolve().parents[2]
# Words that read the same in both languages (besides those a fr.po translates as themselves).
SAME_IN_FRENCH = {
    "Description", "Note", "Total", "Email", "Contact", "Date", "Type", "Code", "ID", "SMS", "Sections",
}  # fmt: skip


def suite_english_terms():
    """{English text: French text} of every term the suite's fr.po files translate differently:
    an English text of the suite a French user should not read."""
    terms, same = {}, set(SAME_IN_FRENCH)
    for po in sorted(SUITE_ADDONS_DIR.glob("*/i18n/fr.po")):
        with po.open("rb") as po_file:
            for entry in PoFileReader(po_file):
                source, value = entry["src"].strip(), (entry["value"] or "").strip()
                if value == source:
                    same.add(source)  # French too in some context ("Planning")
                elif value and re.search(r"[A-Za-z]{3}", source):
                    terms.setdefault(source, value)
    return {source: value for source, value in terms.items() if source not in same}


def use_english(test_class):
    """The test class's own language: English for its environment, for the superuser and for
    the partners and users it creates, whatever the database's language. (The demo database
    is French: new partners there are French, and messages, dates, times and numbers follow
    the reader's language.) Tests of the French texts set French themselves."""
    env = test_class.env
    env["res.lang"]._activate_lang("en_US")
    env["ir.default"].set("res.partner", "lang", "en_US")
    env.user.lang = "en_US"
    test_class.env = env(context=dict(env.context, lang="en_US"))


class EnglishCase:
    """Mixed in before an Odoo test case whose assertions read English (see use_english)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        use_english(cls)


class InstalledBaseCommon(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        use_english(cls)
        cls.company = cls.env.company
        cls.customer = cls.env["res.partner"].create({"name": "Jeanne Customer", "zip": "33000"})
        cls.site = cls.env["res.partner"].create(
            {
                "name": "Holiday home",
                "parent_id": cls.customer.id,
                "type": "other",
            }
        )
        cls.other_customer = cls.env["res.partner"].create({"name": "Other Customer"})
        cls.stove = cls.env["product.product"].create(
            {
                "name": "Pellet stove 8 kW",
                "type": "consu",
                "list_price": 3000.0,
            }
        )
        cls.boiler = cls.env["product.product"].create(
            {
                "name": "Gas boiler 24 kW",
                "type": "consu",
                "list_price": 2500.0,
            }
        )
        cls.service = cls.env["product.product"].create(
            {
                "name": "Installation labour",
                "type": "service",
                "list_price": 175.0,
            }
        )
        cls.warranty_2y = cls.env["installed.equipment.warranty.type"].create(
            {
                "name": "Test 2-year warranty",
                "duration_months": 24,
            }
        )
        cls.salesman = new_test_user(
            cls.env,
            login="ib_salesman",
            groups="sales_team.group_sale_salesman",
        )
        cls.sales_manager = new_test_user(
            cls.env,
            login="ib_sales_manager",
            groups="sales_team.group_sale_manager",
        )

    def _create_equipment(self, **values):
        return self.env["installed.equipment"].create(
            {
                "product_id": self.stove.id,
                "partner_id": self.customer.id,
                **values,
            }
        )
