import contextlib
import hashlib
import subprocess
import tempfile
from datetime import datetime
from pathlib import Path
from unittest.mock import patch

from PIL import Image

from odoo import Command
from odoo.addons.base.models import ir_actions_report
from odoo.addons.installed_base.tests.common import use_english
from odoo.tests import TransactionCase, new_test_user

TECHNICIAN = "field_intervention.group_intervention_technician"
DISPATCHER = "field_intervention.group_intervention_dispatcher"
MANAGER = "field_intervention.group_intervention_manager"
EDIT_DONE = "field_intervention.group_intervention_edit_done"


def pdf_text(pdf):
    """The text of a PDF (bytes), laid out as on the page (poppler's pdftotext)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "report.pdf")
        path.write_bytes(pdf)
        return subprocess.run(
            ["pdftotext", "-layout", str(path), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout


def pdf_page_digests(pdf):
    """The digests of the pixels of a PDF's pages, rendered at 60 dpi (poppler's pdftoppm)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "report.pdf")
        path.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", "60", "-png", str(path), f"{folder}/page"], check=True)
        return [
            hashlib.sha256(Image.open(page).convert("RGB").tobytes()).hexdigest()
            for page in sorted(Path(folder).glob("page*.png"))
        ]


@contextlib.contextmanager
def wkhtmltopdf_calls():
    """The arguments of every wkhtmltopdf run inside the block; wkhtmltopdf still runs."""
    calls = []
    run_wkhtmltopdf = ir_actions_report._run_wkhtmltopdf

    def spy(args):
        calls.append(args)
        return run_wkhtmltopdf(args)

    with patch.object(ir_actions_report, "_run_wkhtmltopdf", spy):
        yield calls


class FieldInterventionCase(TransactionCase):
    """A small installer: two technicians, a dispatcher, a manager, customers and equipment."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        use_english(cls)
        cls.env = cls.env["base"].with_context(tracking_disable=True, mail_create_nolog=True).env
        cls.company = cls.env.company
        cls.company.write(
            {
                "intervention_time_tracking": "none",
                "intervention_time_tracking_required": False,
            }
        )
        common = {"company_id": cls.company.id, "company_ids": [Command.set(cls.company.ids)]}
        cls.technician = new_test_user(cls.env, "fi_tech_1", groups=TECHNICIAN, name="Paul Tech", **common)
        cls.technician_2 = new_test_user(cls.env, "fi_tech_2", groups=TECHNICIAN, name="Léa Tech", **common)
        cls.technician_edit_done = new_test_user(
            cls.env,
            "fi_tech_3",
            groups=f"{TECHNICIAN},{EDIT_DONE}",
            name="Hugo Tech",
            **common,
        )
        cls.dispatcher = new_test_user(cls.env, "fi_dispatcher", groups=DISPATCHER, **common)
        cls.manager = new_test_user(cls.env, "fi_manager", groups=MANAGER, **common)

        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Jeanne Martin",
                "street": "3 rue du Port",
                "zip": "33000",
                "city": "Bordeaux",
                "phone": "+33 5 56 00 00 01",
            }
        )
        cls.customer_no_equipment = cls.env["res.partner"].create({"name": "Sans Équipement", "zip": "24000"})
        cls.customer_two_units = cls.env["res.partner"].create({"name": "Deux Poêles", "zip": "40100"})
        cls.product = cls.env["product.product"].create({"name": "Pellet stove", "type": "consu"})
        Equipment = cls.env["installed.equipment"]
        cls.equipment = Equipment.create(
            {
                "partner_id": cls.customer.id,
                "product_id": cls.product.id,
                "serial_number": "SN-1",
            }
        )
        cls.equipment_a, cls.equipment_b = Equipment.create(
            [
                {
                    "partner_id": cls.customer_two_units.id,
                    "product_id": cls.product.id,
                    "serial_number": "SN-A",
                },
                {
                    "partner_id": cls.customer_two_units.id,
                    "product_id": cls.product.id,
                    "serial_number": "SN-B",
                },
            ]
        )
        cls.task = cls.env["intervention.task"].create(
            {
                "name": "Chimney sweeping",
                "code": "TRAM",
                "technician_ids": [Command.set((cls.technician | cls.technician_edit_done).ids)],
            }
        )
        cls.template = cls.env["intervention.template"].create(
            {
                "name": "Chimney sweeping",
                "code": "TRAM",
                "intervention_type": "maintenance",
                "task_id": cls.task.id,
                "duration": 1.5,
            }
        )
        # The demo sectors would compete with the test ones for the postcodes.
        cls.env["intervention.sector"].search([]).action_archive()
        cls.sector = cls.env["intervention.sector"].create(
            {
                "name": "Gironde",
                "zip_prefixes": "33",
                "technician_ids": [Command.set(cls.technician.ids)],
            }
        )
        cls.start = datetime(2030, 3, 4, 9, 0)

    @classmethod
    def _create_appointment(cls, user=None, **values):
        env = cls.env(user=user) if user else cls.env
        vals = {
            "partner_id": cls.customer.id,
            "template_id": cls.template.id,
            "date_start": cls.start,
            "technician_ids": [Command.set(cls.technician.ids)],
            **values,
        }
        return env["intervention.appointment"].create(vals)

    @classmethod
    def _create_request(cls, **values):
        return cls.env["intervention.request"].create(
            {
                "partner_id": cls.customer.id,
                "template_id": cls.template.id,
                "date_start": "2030-03-01",
                "date_end": "2030-03-15",
                **values,
            }
        )
