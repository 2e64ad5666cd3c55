"""Each addon installs alone, with only its dependencies, on a database of its own: no addon
needs one it does not declare (the SMS reminder, the loaners and the French certificates are
addons an integrator may leave out). Each install's log must be free of WARNING and ERROR lines.

It takes a few minutes per addon, so the suite runs it when FSM_TEST_ALONE=1 (.ci/run sets it
for one of its two runs); each addon's own tests alone: ``FSM_ADDONS=<addon> ./fsm test``."""

import os
import subprocess
import sys
import unittest
from pathlib import Path

from test_module_lifecycle import SUITE

ROOT = Path(__file__).resolve().parent.parent


@unittest.skipUnless(
    os.environ.get("FSM_TEST_ALONE") == "1", "set FSM_TEST_ALONE=1 to install each addon alone"
)
class TestAddonsAlone(unittest.TestCase):
    def _install_alone(self, addon):
        db = f"fsm_alone_{addon}_{os.getpid()}"
        subprocess.run(["dropdb", "--if-exists", db], check=True, capture_output=True)
        try:
            process = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "odoo",
                    "-c",
                    str(ROOT / "odoo.conf"),
                    f"--addons-path={ROOT / 'addons'}",
                    "-d",
                    db,
                    "-i",
                    addon,
                    "--without-demo=True",
                    "--stop-after-init",
                    "--http-port=0",
                    "--log-level=warn",
                ],
                capture_output=True,
                text=True,
                cwd=ROOT,
                check=False,
            )
            log = process.stdout + process.stderr
            self.assertEqual(process.returncode, 0, log[-3000:])
            problems = [line for line in log.splitlines() if " WARNING " in line or " ERROR " in line]
            self.assertFalse(problems, "\n".join(problems))
            installed = subprocess.run(
                ["psql", "-d", db, "-tAc", "SELECT name FROM ir_module_module WHERE state = 'installed'"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.split()
            return set(installed)
        finally:
            subprocess.run(["dropdb", "--if-exists", db], check=False, capture_output=True)
            subprocess.run(["rm", "-rf", str(Path.home() / ".local/share/Odoo/filestore" / db)], check=False)

    def test_each_addon_installs_alone(self):
        for addon in SUITE:
            with self.subTest(addon=addon):
                installed = self._install_alone(addon)
                self.assertIn(addon, installed)
                if addon == "field_intervention":
                    # Loaners are an integrator's choice: interventions install without them.
                    self.assertNotIn("field_intervention_loaner", installed)
