# ruff: noqa: F821 -- run by `odoo shell` (bin/lib.sh create_database), which provides `env`.
"""Make the demo company a French heating installer (the French variant of ./fsm run and ./fsm test).

Step ``company`` runs once French accounting (l10n_fr_account) is installed, before the addons'
demo data: the main company gets the French chart of accounts (EUR, TVA 20 / 10 / 5.5 %), a
Bordeaux identity (address, phone, SIRET, VAT number, A4 paper) and the two reduced-rate fiscal
positions a French installer uses. Step ``customers`` runs after the addons: private customers
in France get the 10 % position (work in homes over two years old), the heat-pump customers the
5.5 % one (energy renovation), and every demo user and customer French and in Europe/Paris.
"""

import os

from odoo import Command

STEP = os.environ.get("FSM_DEMO_STEP")
company = env.ref("base.main_company")
FRANCE = env.ref("base.fr")
COMPANY_NAME = "Gironde Chauffage Services"

# (fiscal position name and its French, [(the 20 % tax it replaces, the reduced-rate tax)], note
# and its French); the taxes are the French chart's xmlids.
REDUCED_RATES = [
    (
        ("Improvement work in homes (VAT 10%)", "Travaux d'amélioration du logement (TVA 10 %)"),
        [
            ("tva_normale", "tva_intermediaire"),
            ("tva_normale_encaissement", "tva_intermediaire_encaissement"),
        ],
        (
            "Reduced VAT rate of 10% (article 279-0 bis of the French tax code): work in homes completed "
            "over two years ago.",
            "TVA au taux réduit de 10 % (article 279-0 bis du CGI) : travaux dans des locaux d'habitation "
            "achevés depuis plus de deux ans.",
        ),
    ),
    (
        ("Energy renovation work (VAT 5.5%)", "Travaux de rénovation énergétique (TVA 5,5 %)"),
        [("tva_normale", "tva_reduite"), ("tva_normale_encaissement", "tva_reduite_encaissement")],
        (
            "Reduced VAT rate of 5.5% (article 278-0 bis A of the French tax code): energy renovation work "
            "in homes completed over two years ago.",
            "TVA au taux réduit de 5,5 % (article 278-0 bis A du CGI) : travaux de rénovation énergétique "
            "dans des locaux d'habitation achevés depuis plus de deux ans.",
        ),
    ),
]


def company_tax(name):
    return env.ref(f"account.{company.id}_{name}")


def setup_company():
    if company.chart_template != "fr":
        # The accounting demo forces the generic chart on the main company: switch it to the
        # French one (this replaces the generic accounting demo by the French one).
        env["account.chart.template"].try_loading("fr", company, install_demo=True)
    company.write(
        {
            "name": COMPANY_NAME,
            "street": "27 Quai des Chartrons",
            "zip": "33000",
            "city": "Bordeaux",
            "country_id": FRANCE.id,
            "phone": "+33 5 56 00 12 34",
            "email": "contact@gironde-chauffage.example.com",
            "website": "https://gironde-chauffage.example.com",
            "company_registry": "123 456 782 00010",
            "vat": "FR11123456782",
            "paperformat_id": env.ref("base.paperformat_euro").id,
        }
    )
    FiscalPosition = env["account.fiscal.position"].with_company(company)
    for sequence, ((name, name_fr), mapping, (note, note_fr)) in enumerate(REDUCED_RATES, start=60):
        if FiscalPosition.with_context(lang="en_US").search(
            [("company_id", "=", company.id), ("name", "=", name)]
        ):
            continue
        position = FiscalPosition.with_context(lang="en_US").create(
            {"name": name, "company_id": company.id, "sequence": sequence, "note": f"<p>{note}</p>"}
        )
        position.update_field_translations("name", {"fr_FR": name_fr})
        position.update_field_translations("note", {"fr_FR": {note: note_fr}})
        suffix, suffix_fr = ("IMPR", "AMÉL") if sequence == 60 else ("RENO", "RÉNO")
        for original, reduced in mapping:
            original_tax, reduced_tax = company_tax(original), company_tax(reduced)
            tax = reduced_tax.with_context(lang="en_US").copy(
                {
                    "name": f"{reduced_tax.with_context(lang='en_US').name} {suffix}",
                    "fiscal_position_ids": [Command.set(position.ids)],
                    "original_tax_ids": [Command.set(original_tax.ids)],
                }
            )
            tax.update_field_translations(
                "name",
                {"fr_FR": f"{reduced_tax.with_context(lang='fr_FR').name} {suffix_fr}"},
            )
    env["res.users"].search([]).write({"tz": "Europe/Paris"})


def setup_customers():
    company.name = COMPANY_NAME  # the stock demo renames the main company
    positions = env["account.fiscal.position"].search([("company_id", "=", company.id)])
    positions = positions.with_context(lang="en_US")
    improvement = positions.filtered(lambda p: p.name == REDUCED_RATES[0][0][0])
    renovation = positions.filtered(lambda p: p.name == REDUCED_RATES[1][0][0])
    lang = "fr_FR" if env["res.lang"]._lang_get("fr_FR") else False
    customers = env["installed.equipment"].search([]).partner_id.commercial_partner_id - company.partner_id
    for customer in customers.filtered(lambda p: p.country_id == FRANCE):
        values = {"tz": "Europe/Paris"}
        if lang:
            values["lang"] = lang
        if not customer.is_company:
            equipment = env["installed.equipment"].search([("partner_id", "child_of", customer.id)])
            codes = equipment.mapped("product_id.default_code")
            heat_pump = any(code and code.startswith("HEAT_PUMP") for code in codes)
            position = renovation if heat_pump else improvement
            values["property_account_position_id"] = position.with_company(company).id
        customer.with_company(company).write(values)
    users = env["res.users"].with_context(active_test=False).search([])
    users.write({"tz": "Europe/Paris", **({"lang": lang} if lang else {})})


if STEP == "company":
    setup_company()
elif STEP == "customers":
    setup_customers()
else:
    raise SystemExit("demo_fr.py: say which step, company or customers")
env.cr.commit()
