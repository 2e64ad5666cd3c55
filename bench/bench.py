"""Benchmarks of the suite's hot paths at a real company's volume.

Run through ``./fsm bench`` (see README.md): for each scale N it copies a template database that
has the four addons installed (no demo data), generates N customers with one equipment and one
running contract each (batch creates), then measures wall time and SQL query count of:

1. visit generation: the requests cron over the N contracts (monthly plan, 365-day horizon);
2. contract invoicing: the invoice cron over the N contracts (one monthly billing line each);
5. "Generate invoices" on 500 done appointments.

It prints a table and writes the figures as JSON (bench/results/). Timings are printed, never
asserted.
"""
import argparse
import json
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import odoo.init  # noqa: F401 - Odoo's core setup, as its own command line does first
from odoo import SUPERUSER_ID, Command, api, sql_db
from odoo.modules.registry import Registry
from odoo.tools import config

ROOT = Path(__file__).resolve().parent.parent


class Measure:
    """Wall time and number of SQL queries of a block, on one cursor."""

    def __init__(self, cr):
        self.cr = cr
        self.seconds = self.queries = 0

    def __enter__(self):
        self._queries = self.cr.sql_log_count
        self._start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self._start
        self.queries = self.cr.sql_log_count - self._queries


def generate_data(env, scale, today):
    """N customers, each with one stove and one running monthly contract; batch creates only."""
    company = env.company
    product = env["product.product"].create({"name": "Bench pellet stove", "type": "consu"})
    service = env["product.product"].create({
        "name": "Bench annual service", "type": "service", "list_price": 15.0,
    })
    hour = env.ref("uom.product_uom_hour")
    labour = env["product.product"].create({
        "name": "Bench labour", "type": "service", "list_price": 60.0, "uom_id": hour.id,
    })
    task = env["intervention.task"].create({"name": "Bench service", "product_id": service.id})
    template = env["intervention.template"].create({
        "name": "Bench maintenance", "code": "BEN", "intervention_type": "maintenance",
        "duration": 1.5, "task_id": task.id,
        "bill_actual_time": True, "time_product_id": labour.id,
        "bill_travel_time": True, "travel_product_id": labour.id,
    })
    partners = env["res.partner"].create([
        {"name": f"Bench customer {index:05d}", "zip": f"33{index % 1000:03d}", "city": "Bordeaux"}
        for index in range(scale)
    ])
    equipment = env["installed.equipment"].create([
        {"product_id": product.id, "partner_id": partner.id, "serial_number": f"BEN-{index:06d}"}
        for index, partner in enumerate(partners)
    ])
    contracts = env["service.contract"].create([
        {
            "partner_id": partner.id,
            "company_id": company.id,
            "date_start": today,
            "date_end": today + timedelta(days=730),
            "equipment_ids": [Command.set(unit.ids)],
            "template_id": template.id,
            "recurring_rule_type": "monthly",
            "recurring_interval": 1,
            "planning_horizon": 365,
            "invoice_period": "month",
            "invoice_mode": "advance",
            "line_ids": [Command.create({
                "product_id": service.id, "name": "Monthly maintenance", "quantity": 1,
                "price_unit": 15.0, "equipment_id": unit.id,
            })],
        }
        for partner, unit in zip(partners, equipment, strict=True)
    ])
    contracts.write({"state": "running", "next_visit_date": today, "next_period_start": today})
    env.flush_all()
    return contracts, partners, template


def bench_appointment_invoicing(env, partners, template, today, count=500):
    start = datetime.combine(today, datetime.min.time()) + timedelta(hours=8)
    appointments = env["intervention.appointment"].create([
        {
            "partner_id": partners[index % len(partners)].id,
            "template_id": template.id,
            "date_start": start,
            "actual_duration": 1.0,
            "travel_duration": 0.5,
        }
        for index in range(count)
    ])
    appointments.sudo().write({"state": "done"})
    env.flush_all()
    env.invalidate_all()
    with Measure(env.cr) as measure:
        appointments.action_generate_invoices()
        env.flush_all()
    return measure, appointments


def run_scale(db_name, scale, today):
    registry = Registry(db_name)
    results = {}
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        with Measure(cr) as measure:
            contracts, partners, template = generate_data(env, scale, today)
        results["data generation"] = (measure, scale, "contract")
        cr.commit()
        env.invalidate_all()
        Request = env["intervention.request"]
        with Measure(cr) as measure:
            env["service.contract"]._cron_generate_requests(batch_size=500)
            env.flush_all()
        requests = Request.search_count([("contract_id", "in", contracts.ids)])
        results["1. visit generation"] = (measure, requests, "request")
        results["1. visit generation"] += (len(contracts),)
        cr.commit()
        env.invalidate_all()
        with Measure(cr) as measure:
            env["service.contract"]._cron_generate_invoices(batch_size=500)
            env.flush_all()
        invoices = env["account.move"].search_count([("invoice_origin", "in", contracts.mapped("name"))])
        results["2. contract invoicing"] = (measure, invoices, "invoice", len(contracts))
        cr.commit()
        env.invalidate_all()
        measure, appointments = bench_appointment_invoicing(env, partners, template, today)
        results["5. generate invoices (500 appointments)"] = (
            measure, len(appointments), "appointment", len(contracts),
        )
        cr.rollback()
    return {
        name: {
            "seconds": round(row[0].seconds, 3),
            "queries": row[0].queries,
            "records": row[1],
            "unit": row[2],
            "ms_per_record": round(1000 * row[0].seconds / row[1], 3) if row[1] else None,
            "queries_per_contract": round(row[0].queries / row[3], 2) if len(row) > 3 and row[3] else None,
        }
        for name, row in results.items()
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--template-db", required=True)
    parser.add_argument("--scales", default="1000,10000")
    parser.add_argument("--output", default=str(ROOT / "bench" / "results"))
    args, odoo_args = parser.parse_known_args()
    config.parse_config(odoo_args)
    today = date.today()
    report = {"date": today.isoformat(), "scales": {}}
    for scale in [int(value) for value in args.scales.split(",")]:
        db_name = f"{args.template_db}_{scale}"
        subprocess.run(["dropdb", "--if-exists", db_name], check=True)
        subprocess.run(["createdb", "-T", args.template_db, db_name], check=True)
        try:
            report["scales"][scale] = run_scale(db_name, scale, today)
        finally:
            sql_db.close_db(db_name)
            subprocess.run(["dropdb", "--if-exists", db_name], check=True)
    print_report(report)
    output = Path(args.output)
    output.mkdir(parents=True, exist_ok=True)
    path = output / f"bench-{datetime.now():%Y%m%d-%H%M%S}.json"
    path.write_text(json.dumps(report, indent=2))
    print(f"\nJSON: {path}")


def print_report(report):
    scales = sorted(report["scales"])
    print(f"\n{'measure':<42} {'scale':>7} {'seconds':>9} {'queries':>9} {'records':>8} "
          f"{'ms/rec':>8} {'q/contract':>10}")
    for name in report["scales"][scales[0]]:
        for scale in scales:
            row = report["scales"][scale][name]
            print(f"{name:<42} {scale:>7} {row['seconds']:>9.2f} {row['queries']:>9} {row['records']:>8} "
                  f"{row['ms_per_record'] or 0:>8.2f} {row['queries_per_contract'] or 0:>10.2f}")
        if len(scales) > 1:
            low, high = report["scales"][scales[0]][name], report["scales"][scales[-1]][name]
            ratio = high["seconds"] / low["seconds"] if low["seconds"] else 0
            print(f"{'':<42} {'ratio':>7} {ratio:>9.2f}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
