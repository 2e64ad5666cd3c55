# ruff: noqa: F821 -- run by `odoo shell` (bin/lib.sh create_database), which provides `env`.
"""Make the demo company a French heating installer (the French variant of ./fsm run and ./fsm test).

Step ``company`` runs once French accounting (l10n_fr_account) is installed, before the addons'
demo data: the main company gets the French chart of accounts (EUR, TVA 20 / 10 / 5.5 %), a
Bordeaux identity (address, phone, SIRET, VAT number, A4 paper) and the two reduced-rate fiscal
positions a French installer uses. Step ``customers`` runs after the addons: private customers
in France get the 10 % position (work in homes over two years old), the heat-pump customers the
5.5 % one (energy renovation), and every demo user and customer French and in Europe/Paris.
"""

import base64
import io
import os

from PIL import Image, ImageDraw, ImageFont

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


# The demo's free texts (fields that are not translated: what the customer or the technician
# wrote), in French: {model: {field: {English: French}}}.
FREE_TEXTS = {
    "intervention.request": {
        "description": {
            "Yearly chimney sweeping before winter.": "Ramonage annuel avant l'hiver.",
            "Annual service of the pellet stove at the holiday house.": (
                "Entretien annuel du poêle à granulés de la maison de vacances."
            ),
            "The boiler stops with error E133, no hot water.": (
                "La chaudière se met en sécurité avec l'erreur E133, plus d'eau chaude."
            ),
            "Annual service, the customer asks for a morning slot.": (
                "Entretien annuel, le client demande un créneau le matin."
            ),
            "Sweep both stoves of the gîte before the season.": (
                "Ramoner les deux poêles du gîte avant la saison."
            ),
            "The customer wants to replace the wood stove with a pellet stove.": (
                "Le client veut remplacer son poêle à bois par un poêle à granulés."
            ),
            "Pellet stove: the fire goes out after ten minutes.": (
                "Poêle à granulés : le feu s'éteint au bout de dix minutes."
            ),
            "Boiler annual service for the bakery.": "Entretien annuel de la chaudière de la boulangerie.",
            "Heat pump commissioning (cancelled: the customer postponed).": (
                "Mise en service de la pompe à chaleur (annulée : le client a reporté)."
            ),
            "Radiators cold on the first floor since the weekend.": (
                "Radiateurs froids à l'étage depuis le week-end."
            ),
            "Water leaking under the boiler.": "Fuite d'eau sous la chaudière.",
            "The thermostat display flickers.": "L'écran du thermostat clignote.",
            "Replace the wood stove by a pellet stove; take the old one back.": (
                "Remplacer le poêle à bois par un poêle à granulés ; reprendre l'ancien."
            ),
        },
    },
    "intervention.appointment": {
        "work_summary": {
            "Flue swept, 2 litres of soot, no obstruction. Certificate given to the customer.": (
                "Conduit ramoné, 2 litres de suie, aucune obstruction. Certificat remis au client."
            ),
            "Burner pot and exchanger cleaned, door seal replaced. CO 12 ppm.": (
                "Creuset et échangeur nettoyés, joint de porte remplacé. CO 12 ppm."
            ),
            "Heat pump serviced, filter cleaned, refrigerant pressure normal.": (
                "Pompe à chaleur entretenue, filtre nettoyé, pression du fluide frigorigène normale."
            ),
        },
    },
    "service.contract.line": {
        "name": {
            "Annual stove service": "Entretien annuel du poêle",
            "Pellet stove service, twice a year": "Entretien du poêle à granulés, deux fois par an",
        },
    },
    "service.contract.price.index": {
        "name": {
            "Labour cost index, mechanical and electrical industries (ICHT-IME)": (
                "Indice du coût horaire du travail, industries mécaniques et électriques (ICHT-IME)"
            ),
        },
        "note": {"Published every quarter by INSEE.": "Publié chaque trimestre par l'INSEE."},
    },
}


def translate_free_texts():
    for model, fields in FREE_TEXTS.items():
        if model not in env:
            continue
        for field, texts in fields.items():
            html = env[model]._fields[field].type == "html"
            for english, french in texts.items():
                value = f"<p>{english}</p>" if html else english
                records = env[model].with_context(active_test=False).search([(field, "=", value)])
                records.write({field: f"<p>{french}</p>" if html else french})


def company_logo():
    """A simple logo for the demo company: a flame and its name (PNG, base64)."""
    image = Image.new("RGBA", (480, 120), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((8, 14, 100, 106), fill=(214, 84, 32))
    draw.polygon([(54, 26), (80, 70), (68, 96), (40, 96), (28, 70), (44, 56)], fill=(255, 196, 61))
    try:
        font = ImageFont.truetype("DejaVuSans-Bold.ttf", 34)
        small = ImageFont.truetype("DejaVuSans.ttf", 22)
    except OSError:
        font = small = ImageFont.load_default()
    draw.text((116, 22), "Gironde Chauffage", font=font, fill=(60, 60, 60))
    draw.text((118, 70), "Services · Bordeaux", font=small, fill=(214, 84, 32))
    output = io.BytesIO()
    image.save(output, format="PNG")
    return base64.b64encode(output.getvalue())


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
            "logo": company_logo(),
        }
    )
    # The documents' footer and address block, as Odoo's Configure Document Layout makes them
    # (with the SIRET line of the French accounting).
    layout = env["base.document.layout"].with_company(company)
    company.write(
        {
            "report_footer": layout._default_report_footer(),
            "company_details": layout._default_company_details(),
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
                    "active": True,  # the chart's reduced-rate taxes come archived
                    "fiscal_position_ids": [Command.set(position.ids)],
                    "original_tax_ids": [Command.set(original_tax.ids)],
                }
            )
            tax.update_field_translations(
                "name",
                {"fr_FR": f"{reduced_tax.with_context(lang='fr_FR').name} {suffix_fr}"},
            )
    env["res.users"].search([]).write({"tz": "Europe/Paris"})


def refresh_fiscal_positions(customers):
    """The demo's requests, appointments and contracts took their fiscal position when they were
    created, before their customers had one: take it again, by the models' own rule (requests
    first: an appointment takes its request's), and with it the billing lines' taxes."""
    for model in ("intervention.request", "intervention.appointment", "service.contract"):
        if model in env and "fiscal_position_id" in env[model]._fields:
            env[model].search([("partner_id", "child_of", customers.ids)])._compute_fiscal_position_id()


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
    refresh_fiscal_positions(customers)
    users = env["res.users"].with_context(active_test=False).search([])
    users.write({"tz": "Europe/Paris", **({"lang": lang} if lang else {})})
    translate_free_texts()
    if lang and "intervention.billing.line" in env:
        # The billing lines copy their product's text in the customer's language, but an addon's
        # French product names come with its translations, after its demo data: the lines of
        # those products (the seal, the installation flat rate...) were written in English, and
        # their quotations and invoices would say so. Copy the text again, now in French.
        lines = env["intervention.billing.line"].search([("billing_state", "=", "to_bill")])
        for line in lines.filtered("product_id"):
            line.name = line._get_product_description(line._get_document().partner_id.lang or lang)
    if lang:
        # The same for the instructions the appointments copied from their template, unless
        # someone wrote their own.
        appointments = env["intervention.appointment"].search([("template_id", "!=", False)])
        for appointment in appointments:
            if appointment.instructions == appointment._get_template_instructions("en_US"):
                appointment.instructions = appointment._get_template_instructions(
                    appointment.partner_id.lang or lang
                )


if STEP == "company":
    setup_company()
elif STEP == "customers":
    setup_customers()
else:
    raise SystemExit("demo_fr.py: say which step, company or customers")
env.cr.commit()
