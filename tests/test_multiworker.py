"""Odoo in multi-process mode, as in production (2 HTTP workers, 1 cron worker) on a database of
its own: log in over HTTP, plan and finish an appointment over JSON-RPC, and generate contract
visits from two workers and the scheduler at once without a duplicate."""

import http.cookiejar
import json
import os
import socket
import subprocess
import sys
import textwrap
import threading
import time
import unittest
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SUITE = "installed_base,field_intervention,intervention_billing,service_contract"
RESULT = "MULTIWORKER-RESULT:"


def _free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Session:
    """A browser-like JSON-RPC client: its own cookie (session) jar."""

    def __init__(self, base):
        self.base = base
        cookies = urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        self.opener = urllib.request.build_opener(cookies)

    def rpc(self, path, params):
        request = urllib.request.Request(
            self.base + path,
            data=json.dumps({"jsonrpc": "2.0", "method": "call", "params": params}).encode(),
            headers={"Content-Type": "application/json"},
        )
        with self.opener.open(request, timeout=120) as response:
            return json.loads(response.read())

    def login(self, db, login, password):
        reply = self.rpc("/web/session/authenticate", {"db": db, "login": login, "password": password})
        if "error" in reply:
            raise AssertionError(reply["error"])
        return reply["result"]

    def call(self, model, method, *args, **kwargs):
        reply = self.rpc(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )
        if "error" in reply:
            raise RuntimeError(reply["error"]["data"]["message"])
        return reply.get("result")  # a method returning None gives no "result"


class TestMultiWorker(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.db = f"fsm_workers_{os.getpid()}"
        subprocess.run(["dropdb", "--if-exists", cls.db], check=True, capture_output=True)
        cls.options = [
            "-c",
            str(ROOT / "odoo.conf"),
            f"--addons-path={ROOT / 'addons'}",
            "-d",
            cls.db,
            "--log-level=warn",
        ]
        subprocess.run(
            [sys.executable, "-m", "odoo", *cls.options, "-i", SUITE, "--stop-after-init", "--http-port=0"],
            check=True,
            capture_output=True,
            cwd=ROOT,
        )
        cls.addClassCleanup(cls._drop_database)
        cls.ids = cls._shell("""
            from datetime import date
            from odoo import Command
            users = {}
            for login, group in [("dispatcher", "field_intervention.group_intervention_dispatcher"),
                                 ("technician", "field_intervention.group_intervention_technician")]:
                users[login] = env["res.users"].with_context(no_reset_password=True).create({
                    "name": login.title(), "login": login, "password": login + "-pass",
                    "group_ids": [Command.set(
                        [env.ref(group).id, env.ref("account.group_account_invoice").id],
                    )],
                }).id
            partner = env["res.partner"].create({"name": "Workers customer", "zip": "33000"})
            task = env["intervention.task"].create({"name": "Workers task"})
            template = env["intervention.template"].create({
                "name": "Workers service", "code": "WRK", "intervention_type": "maintenance",
                "task_id": task.id,
            })
            service = env["product.product"].create({"name": "Workers visit", "type": "service"})
            contracts = env["service.contract"].create([{
                "partner_id": partner.id, "date_start": date.today(), "template_id": template.id,
                "line_ids": [Command.create({"product_id": service.id, "name": "Yearly service"})],
            } for _index in range(6)])
            contracts.action_confirm()
            env.company.intervention_time_tracking = "none"
            result = {
                "dispatcher": users["dispatcher"],
                "technician": users["technician"],
                "partner": partner.id,
                "contracts": contracts.ids,
                "cron": env.ref("service_contract.ir_cron_generate_requests").id,
            }
        """)
        cls.port = _free_port()
        cls.server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "odoo",
                *cls.options,
                f"--db-filter=^{cls.db}$",
                "--workers=2",
                "--max-cron-threads=1",
                f"--http-port={cls.port}",
                f"--gevent-port={_free_port()}",
                "--limit-time-real=300",
                "--limit-time-cpu=300",
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        cls.base = f"http://127.0.0.1:{cls.port}"
        for _attempt in range(120):
            try:
                urllib.request.urlopen(cls.base + "/web/login", timeout=5)
                break
            except OSError:
                time.sleep(0.5)
        else:
            cls.tearDownClass()
            raise AssertionError("Odoo did not answer on " + cls.base)

    @classmethod
    def tearDownClass(cls):
        if getattr(cls, "server", None):
            cls.server.terminate()
            try:
                cls.log = cls.server.communicate(timeout=60)[0]
            except subprocess.TimeoutExpired:
                cls.server.kill()
                cls.log = cls.server.communicate()[0]

    @classmethod
    def _drop_database(cls):
        subprocess.run(["dropdb", "--if-exists", cls.db], check=False, capture_output=True)
        subprocess.run(["rm", "-rf", str(Path.home() / ".local/share/Odoo/filestore" / cls.db)], check=False)

    @classmethod
    def _shell(cls, code):
        script = "import json\n" + textwrap.dedent(code)
        script += f"\nenv.cr.commit()\nprint({RESULT!r} + json.dumps(result))\n"
        process = subprocess.run(
            [sys.executable, "-m", "odoo", "shell", *cls.options, "--http-port=0"],
            input=script,
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=False,
        )
        line = next((line for line in process.stdout.splitlines() if line.startswith(RESULT)), None)
        if process.returncode or line is None:
            raise AssertionError(f"odoo shell failed:\n{process.stdout[-2000:]}\n{process.stderr[-3000:]}")
        return json.loads(line.removeprefix(RESULT))

    def test_workers_serve_the_suite(self):
        # Log in over HTTP and plan an appointment as the dispatcher...
        dispatcher = Session(self.base)
        info = dispatcher.login(self.db, "dispatcher", "dispatcher-pass")
        self.assertEqual(info["uid"], self.ids["dispatcher"])
        appointment_id = dispatcher.call(
            "intervention.appointment",
            "create",
            {
                "partner_id": self.ids["partner"],
                "date_start": time.strftime("%Y-%m-%d 08:00:00"),
                "technician_ids": [[6, 0, [self.ids["technician"]]]],
            },
        )
        dispatcher.call("intervention.appointment", "action_confirm", [appointment_id])
        # ... and finish it as the technician, from another session (likely another worker).
        technician = Session(self.base)
        technician.login(self.db, "technician", "technician-pass")
        technician.call("intervention.appointment", "action_start", [appointment_id])
        technician.call("intervention.appointment", "action_finish", [appointment_id])
        [appointment] = dispatcher.call("intervention.appointment", "read", [appointment_id], ["state"])
        self.assertEqual(appointment["state"], "done")

        # Contract visits: two users press "Generate requests now" at the same moment while the
        # cron worker runs the scheduled action; whoever gets there first makes them, once.
        self._shell(f"""
            env["ir.cron"].browse({self.ids["cron"]})._trigger()
            result = True
        """)
        outcomes = []

        def generate():
            session = Session(self.base)
            session.login(self.db, "dispatcher", "dispatcher-pass")
            try:
                session.call("service.contract", "action_generate_requests", self.ids["contracts"])
                outcomes.append("done")
            except RuntimeError as error:
                outcomes.append(str(error))

        threads = [threading.Thread(target=generate) for _index in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=180)
        counts = {}
        for _attempt in range(60):  # the cron worker wakes up on its own time
            counts = self._shell(f"""
                contracts = env["service.contract"].browse({self.ids["contracts"]})
                requests = env["intervention.request"].search([("contract_id", "in", contracts.ids)])
                cron = env.ref("service_contract.ir_cron_generate_requests")
                result = {{
                    "requests": len(requests),
                    "distinct": len({{(r.contract_id.id, str(r.contract_visit_date)) for r in requests}}),
                    "per_contract": sorted(set(len(c.request_ids) for c in contracts)),
                    "cron_pending": bool(env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)])),
                }}
            """)
            if not counts["cron_pending"]:
                break
            time.sleep(2)
        self.assertEqual(len(outcomes), 2)
        self.assertTrue(
            all(outcome == "done" or "being processed right now" in outcome for outcome in outcomes),
            outcomes,
        )
        self.assertGreater(counts["requests"], 0)
        self.assertEqual(counts["requests"], counts["distinct"], "no visit generated twice")
        self.assertEqual(len(counts["per_contract"]), 1, "every contract has the same visits")
