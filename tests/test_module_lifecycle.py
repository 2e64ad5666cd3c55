"""The addons' life on a real database of their own, as an integrator runs it: install without
demo data (the suite's database has them with demo), an upgrade that runs a migration script,
uninstall in reverse dependency order leaving nothing broken, reinstall."""

import json
import os
import subprocess
import sys
import textwrap
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SUITE = ["installed_base", "field_intervention", "intervention_billing", "service_contract"]
RESULT = "LIFECYCLE-RESULT:"


class TestModuleLifecycle(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.db = f"fsm_lifecycle_{os.getpid()}"
        subprocess.run(["dropdb", "--if-exists", cls.db], check=True, capture_output=True)

    @classmethod
    def tearDownClass(cls):
        subprocess.run(["dropdb", "--if-exists", cls.db], check=False, capture_output=True)
        subprocess.run(["rm", "-rf", str(Path.home() / ".local/share/Odoo/filestore" / cls.db)], check=False)

    def _odoo(self, subcommand, *args, stdin=None):
        """Run Odoo on the test's database; fails on an error exit or a WARNING/ERROR log line."""
        process = subprocess.run(
            [
                sys.executable,
                "-m",
                "odoo",
                *([subcommand] if subcommand else []),
                "-c",
                str(ROOT / "odoo.conf"),
                f"--addons-path={ROOT / 'addons'}",
                "-d",
                self.db,
                "--http-port=0",
                "--log-level=warn",
                *args,
            ],
            capture_output=True,
            text=True,
            cwd=ROOT,
            input=stdin,
            check=False,
        )
        log = process.stdout + process.stderr
        problems = [
            line
            for line in log.splitlines()
            if " WARNING " in line or " ERROR " in line or " CRITICAL " in line
        ]
        self.assertEqual(process.returncode, 0, log[-3000:])
        self.assertFalse(problems, "\n".join(problems))
        return log

    def _shell(self, code):
        """Run ``code`` in ``odoo shell`` (``env`` is there); it prints a JSON result."""
        script = textwrap.dedent(code) + f"\nenv.cr.commit()\nprint({RESULT!r} + json.dumps(result))\n"
        log = self._odoo("shell", stdin=script)
        line = next(line for line in log.splitlines() if line.startswith(RESULT))
        return json.loads(line.removeprefix(RESULT))

    def _leftovers(self):
        return self._shell(f"""
            import json
            modules = {SUITE!r}
            cr = env.cr
            def count(query, *params):
                cr.execute(query, params)
                return cr.fetchone()[0]
            result = {{
                "xmlids": count("SELECT count(*) FROM ir_model_data WHERE module = ANY(%s)", modules),
                "views without model": count(
                    "SELECT count(*) FROM ir_ui_view v WHERE v.model IS NOT NULL AND v.model != ''"
                    " AND NOT EXISTS (SELECT 1 FROM ir_model m WHERE m.model = v.model)"),
                "window actions without model": count(
                    "SELECT count(*) FROM ir_act_window a"
                    " WHERE NOT EXISTS (SELECT 1 FROM ir_model m WHERE m.model = a.res_model)"),
                "menus without action": count(
                    "SELECT count(*) FROM ir_ui_menu u WHERE u.action LIKE 'ir.actions.act_window,%%'"
                    " AND NOT EXISTS (SELECT 1 FROM ir_act_window a"
                    " WHERE a.id = split_part(u.action, ',', 2)::int)"),
                "crons without model": count(
                    "SELECT count(*) FROM ir_cron c JOIN ir_act_server s ON s.id = c.ir_actions_server_id"
                    " WHERE NOT EXISTS (SELECT 1 FROM ir_model m WHERE m.id = s.model_id)"),
                "installed": env["ir.module.module"].search_count(
                    [("name", "in", modules), ("state", "=", "installed")]),
            }}
        """)

    def test_install_upgrade_uninstall_reinstall(self):
        # Install without demo data.
        self._odoo(None, "-i", ",".join(SUITE), "--stop-after-init")
        # Upgrade with a migration script: a request made by a contract that bills still has the
        # task's line, as service_contract 19.0.1.0.0 made them; updating from that version removes it.
        shaped = self._shell("""
            import json
            from datetime import date
            from odoo import Command
            partner = env["res.partner"].create({"name": "Lifecycle customer"})
            service = env["product.product"].create({"name": "Lifecycle visit", "type": "service"})
            task = env["intervention.task"].create({"name": "Lifecycle task", "product_id": service.id})
            template = env["intervention.template"].create({
                "name": "Lifecycle", "code": "LIFE", "intervention_type": "maintenance", "task_id": task.id,
            })
            contract = env["service.contract"].create({
                "partner_id": partner.id, "date_start": date.today(), "template_id": template.id,
                "line_ids": [Command.create({"product_id": service.id, "name": "Yearly service"})],
            })
            contract.action_confirm()
            contract._generate_requests()
            request = contract.request_ids[:1]
            env["intervention.billing.line"].create({"request_id": request.id, "product_id": service.id})
            env.cr.execute(
                "UPDATE ir_module_module SET latest_version = '19.0.1.0.0' WHERE name = 'service_contract'")
            result = {"request": request.id, "lines": len(request.billing_line_ids)}
        """)
        self.assertEqual(shaped["lines"], 1)
        self._odoo(None, "-u", "service_contract", "--stop-after-init")
        after = self._shell(f"""
            import json
            request = env["intervention.request"].browse({shaped["request"]})
            module = env["ir.module.module"].search([("name", "=", "service_contract")])
            result = {{"lines": len(request.billing_line_ids), "version": module.latest_version}}
        """)
        self.assertEqual(after, {"lines": 0, "version": "19.0.1.1.0"})
        # Uninstall in reverse dependency order: nothing of the suite is left, nothing is broken.
        for module in reversed(SUITE):
            self._shell(f"""
                import json
                env["ir.module.module"].search([("name", "=", {module!r})]).button_immediate_uninstall()
                result = True
            """)
        leftovers = self._leftovers()
        self.assertEqual(leftovers.pop("installed"), 0)
        self.assertEqual(leftovers, dict.fromkeys(leftovers, 0))
        # Reinstall.
        self._odoo(None, "-i", ",".join(SUITE), "--stop-after-init")
        self.assertEqual(self._leftovers()["installed"], len(SUITE))
