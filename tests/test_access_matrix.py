"""The field-level access matrix of docs/access-matrix.md, walked over the ORM calls JSON-RPC
makes (``with_user(...).read`` and ``.write``), for every field of every model it lists.

Every field of each model must have a row (or match one of the shared patterns), so a new field
cannot slip through unlisted; for each row and each group the test reads the field and writes it
back unchanged (which runs every check a real change runs) on a record in each listed situation,
and fails on any difference with the document.

To see what the code does now, run ``FSM_MATRIX_OBSERVED=/tmp/matrix.md ./fsm test -k matrix``:
the observed tables are written there (the test still compares with the document).
"""

import os
import re
from pathlib import Path

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, new_test_user, tagged

MATRIX = Path(__file__).resolve().parents[1] / "docs" / "access-matrix.md"
ROLES = ("technician", "dispatcher", "manager", "invoicing", "portal")
# Columns every model has: read with the record, written by the ORM only.
MAGIC = {"id", "display_name", "create_uid", "create_date", "write_uid", "write_date"}
CELL = re.compile(r"^(?P<read>-|R|RW)(?:\((?P<states>[\w ]+)\))?$")


def parse_matrix(text):
    """{model: {"situations": [...], "patterns": [...], "fields": {field: {role: cell}}}}"""
    models, model = {}, None
    for line in text.splitlines():
        if heading := re.match(r"^### `([\w.]+)`", line):
            model = models.setdefault(heading[1], {"situations": [], "patterns": [], "fields": {}})
        elif model is not None and (situations := re.match(r"^Situations: (.+)$", line)):
            model["situations"] = re.findall(r"`(\w+)`", situations[1])
        elif model is not None and (patterns := re.match(r"^Mixin fields .*: (.+)$", line)):
            model["patterns"] = re.findall(r"`([\w*]+)`", patterns[1])
        elif model is not None and line.startswith("| `"):
            cells = [cell.strip() for cell in line.strip("|").split("|")]
            field_name = cells[0].strip("`")
            model["fields"][field_name] = dict(zip(ROLES, cells[1:], strict=True))
    return models


def expected(cell, situations):
    """(readable, {situation: writable}) of a cell: ``-``, ``R``, ``RW`` or ``RW(s1 s2)``."""
    match = CELL.match(cell)
    if not match:
        raise ValueError(f"unreadable cell {cell!r}")
    writable = set()
    if match["read"] == "RW":
        writable = set(match["states"].split()) if match["states"] else set(situations)
    return match["read"] != "-", {situation: situation in writable for situation in situations}


def render_cell(readable, writes, situations):
    if not readable:
        return "-"
    allowed = [situation for situation in situations if writes.get(situation)]
    if not allowed:
        return "R"
    if len(allowed) == len(situations):
        return "RW"
    return f"RW({' '.join(allowed)})"


@tagged("post_install", "-at_install")
class TestAccessMatrix(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.matrix = parse_matrix(MATRIX.read_text(encoding="utf-8"))
        cls.env = cls.env["base"].with_context(tracking_disable=True, mail_create_nolog=True).env
        company = cls.env.company
        company.write({"intervention_time_tracking": "none", "intervention_time_tracking_required": False})
        common = {"company_id": company.id, "company_ids": [Command.set(company.ids)]}
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Matrix Customer",
                "zip": "33000",
                "email": "matrix@example.com",
            }
        )
        cls.users = {
            "technician": new_test_user(
                cls.env,
                "am_tech",
                groups="field_intervention.group_intervention_technician",
                **common,
            ),
            "dispatcher": new_test_user(
                cls.env,
                "am_disp",
                groups="field_intervention.group_intervention_dispatcher",
                **common,
            ),
            "manager": new_test_user(
                cls.env,
                "am_manager",
                groups="field_intervention.group_intervention_manager",
                **common,
            ),
            "invoicing": new_test_user(
                cls.env,
                "am_invoice",
                groups="account.group_account_invoice",
                **common,
            ),
            "portal": new_test_user(cls.env, "am_portal", groups="base.group_portal", **common),
        }
        cls.users["portal"].partner_id.parent_id = cls.customer
        technician = cls.users["technician"]
        service = cls.env["product.product"].create(
            {
                "name": "Matrix service",
                "type": "service",
                "list_price": 90,
            }
        )
        stove = cls.env["product.product"].create({"name": "Matrix stove", "type": "consu"})
        cls.equipment = cls.env["installed.equipment"].create(
            {
                "partner_id": cls.customer.id,
                "product_id": stove.id,
                "serial_number": "AM-1",
            }
        )
        task = cls.env["intervention.task"].create(
            {
                "name": "Matrix task",
                "code": "AMT",
                "product_id": service.id,
                "technician_ids": [Command.set(technician.ids)],
            }
        )
        cls.template = cls.env["intervention.template"].create(
            {
                "name": "Matrix visit",
                "code": "AMV",
                "intervention_type": "maintenance",
                "task_id": task.id,
            }
        )
        cls.records = {
            "intervention.appointment": cls._appointments(technician),
            "intervention.request": cls._requests(technician),
            "installed.equipment": {"unit": cls.equipment},
        }
        cls.records["intervention.billing.line"] = {
            "request": cls.records["intervention.request"]["to_schedule"].billing_line_ids[:1],
            "done_appointment": cls.records["intervention.appointment"]["done"].billing_line_ids[:1],
        }
        cls.records["service.contract"] = cls._contracts(service)
        cls.records["service.contract.line"] = {
            "draft": cls.records["service.contract"]["draft"].line_ids,
            "running": cls.records["service.contract"]["running"].line_ids,
        }

    @classmethod
    def _appointment(cls, technician, request=None):
        return cls.env["intervention.appointment"].create(
            {
                "partner_id": cls.customer.id,
                "template_id": cls.template.id,
                "date_start": "2030-03-04 09:00:00",
                "technician_ids": [Command.set(technician.ids)],
                "request_id": request.id if request else False,
            }
        )

    @classmethod
    def _appointments(cls, technician):
        records = {
            state: cls._appointment(technician)
            for state in (
                "draft",
                "confirmed",
                "in_progress",
                "done",
                "cancelled",
                "closed",
            )
        }
        for state in ("confirmed", "in_progress", "done", "closed"):
            records[state].action_confirm()
        (records["in_progress"] | records["done"]).action_start()
        records["done"]._action_done()
        records["cancelled"].action_cancel()
        records["closed"].action_close()
        return records

    @classmethod
    def _requests(cls, technician):
        Request = cls.env["intervention.request"]
        records = {
            state: Request.create(
                {
                    "partner_id": cls.customer.id,
                    "template_id": cls.template.id,
                    "date_start": "2030-03-01",
                    "date_end": "2030-03-15",
                }
            )
            for state in ("to_schedule", "scheduled", "done", "cancelled")
        }
        for state in ("scheduled", "done"):
            cls._appointment(technician, records[state]).action_confirm()
        done_visit = records["done"].appointment_ids
        done_visit.action_start()
        done_visit._action_done()
        records["done"].action_mark_done()
        records["cancelled"].action_cancel()
        return records

    @classmethod
    def _contracts(cls, service):
        Contract = cls.env["service.contract"]
        records = {
            state: Contract.create(
                {
                    "partner_id": cls.customer.id,
                    "date_start": "2030-01-01",
                    "date_end": "2030-12-31",
                    "template_id": cls.template.id,
                    "equipment_ids": [Command.set(cls.equipment.ids)],
                    "line_ids": [Command.create({"product_id": service.id, "name": "Yearly service"})],
                }
            )
            for state in ("draft", "running", "closed", "cancelled")
        }
        for state in ("running", "closed"):
            records[state].action_confirm()
        records["closed"].action_close()
        records["cancelled"].action_cancel()
        return records

    # ------------------------------------------------------------------
    # Probes
    # ------------------------------------------------------------------

    def _can_read(self, record, field_name, user):
        try:
            record.with_user(user).read([field_name])
        except AccessError:
            return False
        finally:
            self.env.invalidate_all()
        return True

    def _can_write(self, record, field_name, user):
        """Write the field's own value back as ``user``: every check runs, nothing changes."""
        field = record._fields[field_name]
        if field.type in ("one2many", "many2many"):
            value = [Command.set(record[field_name].ids)]
        else:
            value = field.convert_to_write(record[field_name], record)
        savepoint = self.env.cr.savepoint()
        try:
            record.with_user(user).write({field_name: value})
            self.env.flush_all()
        except (AccessError, UserError):
            return False
        finally:
            savepoint.close(rollback=True)
            self.env.invalidate_all()
        return True

    def _observe(self, model_name, field_name, situations):
        Model = self.env[model_name]
        field = Model._fields[field_name]
        # Without a store or an inverse, the ORM itself writes nothing: nobody can.
        writable_by_orm = field.store or field.inverse
        observed = {}
        for role in ROLES:
            user = self.users[role]
            readable = self._can_read(self.records[model_name][situations[0]], field_name, user)
            writes = {
                situation: bool(writable_by_orm)
                and self._can_write(
                    self.records[model_name][situation],
                    field_name,
                    user,
                )
                for situation in situations
            }
            observed[role] = (readable, writes)
        return observed

    def _check_model(self, model_name):
        spec = self.matrix.get(model_name)
        self.assertTrue(spec, f"{MATRIX.name} has no section for {model_name}")
        situations = spec["situations"]
        self.assertEqual(sorted(situations), sorted(self.records[model_name]), model_name)
        patterns = [re.compile(pattern.replace("*", ".*") + "$") for pattern in spec["patterns"]]
        fields_in_model = set(self.env[model_name]._fields) - MAGIC
        listed = set(spec["fields"])
        unlisted = {
            name for name in fields_in_model - listed if not any(pattern.match(name) for pattern in patterns)
        }
        observed_path = os.environ.get("FSM_MATRIX_OBSERVED")
        differences, rows = [], []
        for field_name in sorted((listed & fields_in_model) | (unlisted if observed_path else set())):
            observed = self._observe(model_name, field_name, situations)
            rows.append(
                f"| `{field_name}` | "
                + " | ".join(render_cell(*observed[role], situations) for role in ROLES)
                + " |"
            )
            if field_name not in listed:
                continue
            for role in ROLES:
                want = expected(spec["fields"][field_name][role], situations)
                if observed[role] != want:
                    differences.append(
                        f"{field_name} / {role}: documented {spec['fields'][field_name][role]}, "
                        f"observed {render_cell(*observed[role], situations)}"
                    )
        if observed_path:
            with open(observed_path, "a", encoding="utf-8") as observed_file:
                observed_file.write(f"\n### `{model_name}`\n\n" + "\n".join(rows) + "\n")
        self.assertFalse(unlisted, f"{model_name}: fields missing from {MATRIX.name}")
        # Rows of extension addons (loaners, certificates...) stay in the document when the
        # database runs without them.
        absent = listed - fields_in_model - self._fields_of_addons_not_installed()
        self.assertFalse(absent, f"{model_name}: rows for fields that do not exist")
        self.assertFalse(differences, f"{model_name}:\n" + "\n".join(differences))

    def _fields_of_addons_not_installed(self):
        """Names of the fields declared by the suite's addons not installed in this database."""
        installed = set(self.env["ir.module.module"].search([("state", "=", "installed")]).mapped("name"))
        declared = re.compile(r"^    (\w+) = fields\.", re.MULTILINE)
        return {
            name
            for addon in MATRIX.parents[1].joinpath("addons").iterdir()
            if addon.is_dir() and addon.name not in installed
            for source in addon.glob("models/*.py")
            for name in declared.findall(source.read_text())
        }

    def test_appointment_matrix(self):
        self._check_model("intervention.appointment")

    def test_request_matrix(self):
        self._check_model("intervention.request")

    def test_billing_line_matrix(self):
        self._check_model("intervention.billing.line")

    def test_contract_matrix(self):
        self._check_model("service.contract")

    def test_contract_line_matrix(self):
        self._check_model("service.contract.line")

    def test_equipment_matrix(self):
        self._check_model("installed.equipment")
