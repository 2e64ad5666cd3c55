"""Benchmarks of the suite's hot paths at a real company's volume.

Run through ``./fsm bench`` (see README.md): for each scale N it copies a template database that
has the four addons installed (no demo data), generates N customers with one equipment and one
running contract each (batch creates), then measures wall time and SQL query count of:

1. visit generation: the requests cron over the N contracts (monthly plan, 365-day horizon);
2. contract invoicing: the invoice cron over the N contracts (one monthly billing line each);
3. the planning calendar's read and the dispatcher board's call for a week of 2,000
   appointments of 50 technicians (mean of 3 calls, cache cleared before each);
4. Find a Slot for one request across the 50 technicians over 4 weeks (mean of 3);
5. "Generate invoices" on 500 done appointments;
6. rendering 50 intervention report PDFs, one by one (as sending them does);
7. finishing 500 appointments with 3 parts each (two untracked, one lot-tracked, from the
   technicians' vans), in one batch and one by one, beside Odoo's own creation and validation of
   the same transfers;
8. resolving the cover (warranty, contract) of a request's 50 billing lines (mean of 3);
9. the response deadlines of 1,000 generated requests planned again (working hours of the
   company's calendar), as on their creation, with the states that follow from them;
10. the free times a customer is offered on the portal for a request any of the 50 technicians
   can do, over 4 weeks: the slot engine (mean of 3), and the whole booking page over HTTP as
   the customer's phone gets it (mean of 3, after a first call);
11. the renewal cron over the N contracts come to the end of their term, each revised by an index
   (its line's price x new index value / base value, the revision recorded and written in the
   chatter);
12. the renewal-notice cron (France, L215-1) over the N contracts, each a consumer's whose
   notice is due today: the notice mail rendered and sent to the customer, logged, the date sent
   stored;
13. what each contract earns: the profitability view (service.contract.profitability) over
   the N contracts in one grouped read by contract and contract year, as its pivot reads it
   (mean of 3), after (1) and (2): every generated request and invoiced period in it.

It prints a table and writes the figures as JSON (bench/results/). Timings are printed, never
asserted.
"""

import argparse
import json
import socket
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from datetime import time as day_time
from pathlib import Path

import requests

import odoo.init  # noqa: F401 - Odoo's core setup, as its own command line does first
from odoo import SUPERUSER_ID, Command, api, http, sql_db
from odoo.modules.registry import Registry
from odoo.service import server
from odoo.tools import config

ROOT = Path(__file__).resolve().parent.parent
TECHNICIANS = 50
WEEK_APPOINTMENTS = 2000
CALENDAR_SPEC = {
    name: {"fields": {"display_name": {}}} if relational else {}
    for name, relational in [
        ("name", False),
        ("date_start", False),
        ("date_end", False),
        ("allday", False),
        ("color", False),
        ("state", False),
        ("partner_id", True),
        ("address_partner_id", True),
        ("template_id", True),
        ("task_id", True),
        ("technician_ids", True),
        ("sector_id", True),
        ("equipment_id", True),
    ]
}


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
    service = env["product.product"].create(
        {
            "name": "Bench annual service",
            "type": "service",
            "list_price": 15.0,
        }
    )
    hour = env.ref("uom.product_uom_hour")
    labour = env["product.product"].create(
        {
            "name": "Bench labour",
            "type": "service",
            "list_price": 60.0,
            "uom_id": hour.id,
        }
    )
    task = env["intervention.task"].create({"name": "Bench service", "product_id": service.id})
    template = env["intervention.template"].create(
        {
            "name": "Bench maintenance",
            "code": f"BEN{scale}",
            "intervention_type": "maintenance",
            "duration": 1.5,
            "task_id": task.id,
            "bill_actual_time": True,
            "time_product_id": labour.id,
            "bill_travel_time": True,
            "travel_product_id": labour.id,
        }
    )
    partners = env["res.partner"].create(
        [
            {"name": f"Bench customer {index:05d}", "zip": f"33{index % 1000:03d}", "city": "Bordeaux"}
            for index in range(scale)
        ]
    )
    equipment = env["installed.equipment"].create(
        [
            {"product_id": product.id, "partner_id": partner.id, "serial_number": f"BEN-{index:06d}"}
            for index, partner in enumerate(partners)
        ]
    )
    contracts = env["service.contract"].create(
        [
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
                "line_ids": [
                    Command.create(
                        {
                            "product_id": service.id,
                            "name": "Monthly maintenance",
                            "quantity": 1,
                            "price_unit": 15.0,
                            "equipment_id": unit.id,
                        }
                    )
                ],
            }
            for partner, unit in zip(partners, equipment, strict=True)
        ]
    )
    contracts.write({"state": "running", "next_visit_date": today, "next_period_start": today})
    env.flush_all()
    return contracts, partners, template


def bench_appointment_invoicing(env, partners, template, today, count=500):
    start = datetime.combine(today, day_time(8))
    appointments = env["intervention.appointment"].create(
        [
            {
                "partner_id": partners[index % len(partners)].id,
                "template_id": template.id,
                "date_start": start,
                "actual_duration": 1.0,
                "travel_duration": 0.5,
            }
            for index in range(count)
        ]
    )
    appointments.sudo().write({"state": "done"})
    env.flush_all()
    env.invalidate_all()
    with Measure(env.cr) as measure:
        appointments.action_generate_invoices()
        env.flush_all()
    return measure, appointments


def odoo_invoice_floor(env, moves):
    """Odoo's own cost for the same invoices: one ``account.move.create`` of invoices with the
    same partners, journals, dates and product lines as ``moves``, and nothing of ours (no billing
    lines, no claims, no chatter note), rolled back. What the suite adds is the difference."""
    vals_list = [
        {
            "move_type": move.move_type,
            "partner_id": move.partner_id.id,
            "journal_id": move.journal_id.id,
            "currency_id": move.currency_id.id,
            "invoice_date": move.invoice_date,
            "invoice_line_ids": [
                Command.create(
                    {
                        "product_id": line.product_id.id,
                        "name": line.name,
                        "quantity": line.quantity,
                        "product_uom_id": line.product_uom_id.id,
                        "price_unit": line.price_unit,
                        "tax_ids": [Command.set(line.tax_ids.ids)],
                    }
                )
                for line in move.invoice_line_ids
            ],
        }
        for move in moves
    ]
    env.invalidate_all()
    with env.cr.savepoint(flush=False) as savepoint, Measure(env.cr) as measure:
        env["account.move"].with_context(mail_create_nolog=True).create(vals_list)
        env.flush_all()
        savepoint.rollback()
    env.invalidate_all()
    return measure


def mean_of(env, call, runs=3):
    """One warm-up call, then the mean time and queries of ``runs`` calls, cache cleared before each."""
    call()
    seconds = queries = 0
    for _run in range(runs):
        env.invalidate_all()
        with Measure(env.cr) as measure:
            call()
        seconds += measure.seconds
        queries += measure.queries
    result = Measure(env.cr)
    result.seconds, result.queries = seconds / runs, queries // runs
    return result


def create_technicians(env, count=TECHNICIANS):
    group = env.ref("field_intervention.group_intervention_technician")
    return (
        env["res.users"]
        .with_context(no_reset_password=True)
        .create(
            [
                {
                    "name": f"Bench technician {index:02d}",
                    "login": f"bench_tech_{index:02d}",
                    "tz": "Europe/Paris",
                    "group_ids": [Command.set(group.ids)],
                }
                for index in range(count)
            ]
        )
    )


def bench_planning_week(env, partners, technicians, today, count=WEEK_APPOINTMENTS):
    """``count`` appointments in the week of ``today``, Monday to Friday, 8 a day per technician
    (2,000 = 50 technicians x 5 days x 8 visits)."""
    monday = today - timedelta(days=today.weekday())
    per_day = max(count // 5, 1)
    env["intervention.appointment"].create(
        [
            {
                "partner_id": partners[index % len(partners)].id,
                "date_start": datetime.combine(
                    monday + timedelta(days=index // per_day),
                    day_time(7 + index % 8),
                ),
                "duration": 0.75,
                "technician_ids": [Command.set(technicians[(index // 8) % len(technicians)].ids)],
                "state": "confirmed",
            }
            for index in range(count)
        ]
    )
    env.flush_all()
    Appointment = env["intervention.appointment"]
    domain = [
        ("date_start", "<", datetime.combine(monday + timedelta(days=7), day_time())),
        ("date_end", ">", datetime.combine(monday, day_time())),
    ]
    calendar = mean_of(env, lambda: Appointment.web_search_read(domain, CALENDAR_SPEC))
    Board = env["intervention.dispatch.board"]
    board = mean_of(env, lambda: Board.get_dispatch_board_data(monday.isoformat()))
    count = Appointment.search_count(domain)
    return calendar, board, count


def bench_slot_finder(env, partners, technicians):
    """Find a Slot for a request whose task nobody is named for: every field technician, 4 weeks."""
    env["intervention.sector"].search([]).action_archive()
    task = env["intervention.task"].create({"name": "Bench slot task"})
    template = env["intervention.template"].create(
        {
            "name": "Bench slot",
            "code": "BSL",
            "task_id": task.id,
            "duration": 1.5,
        }
    )
    request = env["intervention.request"].create(
        {
            "partner_id": partners[0].id,
            "template_id": template.id,
            "task_id": task.id,
            "date_start": date.today(),
            "date_end": date.today() + timedelta(days=28),
        }
    )
    Finder = env["intervention.slot.finder"]
    measure = mean_of(env, lambda: Finder.with_context(default_request_id=request.id).create({}))
    finder = Finder.with_context(default_request_id=request.id).create({})
    assert finder.line_ids, "no free slot found"
    return measure, len(finder._get_candidate_technicians())


def create_portal_request(env, partners):
    """A customer with a portal account and a breakdown request they may book, that any field
    technician can do."""
    env["intervention.sector"].search([]).action_archive()
    task = env["intervention.task"].create({"name": "Bench portal task"})
    template = env["intervention.template"].create(
        {"name": "Bench breakdown", "code": "BPB", "task_id": task.id, "duration": 1.0}
    )
    env.company.write(
        {"intervention_portal_breakdown_template_id": template.id, "intervention_portal_book_breakdown": True}
    )
    customer = partners[0]
    env["res.users"].with_context(no_reset_password=True).create(
        {
            "login": "bench_portal",
            "password": "bench_portal",
            "partner_id": customer.id,
            "tz": "Europe/Paris",
            "group_ids": [Command.set(env.ref("base.group_portal").ids)],
        }
    )
    values = {"kind": "breakdown", "description": "The stove stops after ten minutes."}
    return env["intervention.request"]._create_from_portal(customer, values)


def bench_portal_slots(env, request):
    """The slot engine behind the portal's booking page (6 starts a day per technician)."""
    Finder = env["intervention.slot.finder"]
    measure = mean_of(env, lambda: Finder._portal_finder(request)._portal_slots())
    slots = Finder._portal_finder(request)._portal_slots()
    assert slots, "no free time offered"
    return measure, len(slots)


def bench_portal_booking_page(base_url, request_id, runs=3):
    """The booking page as the customer's browser gets it: logged in, over HTTP (wall time; its
    queries run on the server's cursors)."""
    session = requests.Session()
    login = session.get(f"{base_url}/web/login", timeout=60).text
    token = login.split('name="csrf_token" value="')[1].split('"')[0]
    session.post(
        f"{base_url}/web/login",
        data={"login": "bench_portal", "password": "bench_portal", "csrf_token": token},
        timeout=60,
    )
    url = f"{base_url}/my/requests/{request_id}/book"
    first = session.get(url, timeout=120)
    assert first.status_code == 200 and "o_fi_slot" in first.text, f"booking page failed: {first.status_code}"
    result = Measure(None)
    start = time.perf_counter()
    for _run in range(runs):
        session.get(url, timeout=120)
    result.seconds = (time.perf_counter() - start) / runs
    return result, first.text.count('name="slot"')


PARTS_TECHNICIANS = 10
PARTS_APPOINTMENTS = 500
# (name, tracking, quantity used by each appointment): the parts of each finished appointment.
PARTS = [
    ("Bench flue gasket", "none", 1.0),
    ("Bench door seal", "none", 2.0),
    ("Bench pellet bag 15 kg", "lot", 3.0),
]


def generate_stock_data(env, technicians, appointments=PARTS_APPOINTMENTS):
    """A van for each technician, the three parts, a lot of the tracked part in each van, and
    enough of each part in each van for ``appointments`` appointments finished four times over
    (the benchmark's variants); batch creates only."""
    warehouse = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1)
    vans = env["stock.location"].create(
        [
            {
                "name": f"Bench van {technician.name}",
                "usage": "internal",
                "location_id": warehouse.intervention_van_location_id.id,
                "intervention_van_technician_id": technician.id,
            }
            for technician in technicians
        ]
    )
    products = env["product.product"].create(
        [
            {"name": name, "type": "consu", "is_storable": True, "tracking": tracking, "list_price": 10.0}
            for name, tracking, _quantity in PARTS
        ]
    )
    tracked = products.filtered(lambda product: product.tracking == "lot")
    lots = env["stock.lot"].create(
        [{"name": f"BENCH-LOT-{index:02d}", "product_id": tracked.id} for index in range(len(vans))]
    )
    lot_of_van = dict(zip(vans, lots, strict=True))
    env["stock.quant"].sudo().create(
        [
            {
                "product_id": product.id,
                "location_id": van.id,
                "lot_id": lot_of_van[van].id if product.tracking == "lot" else False,
                "quantity": 4 * appointments * quantity,
            }
            for van in vans
            for product, (_name, _tracking, quantity) in zip(products, PARTS, strict=True)
        ]
    )
    env.flush_all()
    return {
        "technicians": technicians,
        "vans": vans,
        "products": products,
        "lot_of_technician": {van.intervention_van_technician_id: lot_of_van[van] for van in vans},
    }


def create_parts_appointments(env, partners, stock, count):
    """``count`` confirmed appointments, one technician each (in turn), with the three parts on
    their billing lines (the tracked one with the lot in its technician's van); one create."""
    technicians = stock["technicians"]
    start = datetime.combine(date.today(), day_time(8))
    vals_list = []
    for index in range(count):
        technician = technicians[index % len(technicians)]
        vals_list.append(
            {
                "partner_id": partners[index % len(partners)].id,
                "date_start": start + timedelta(minutes=index),
                "technician_ids": [Command.set(technician.ids)],
                "billing_line_ids": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "quantity": quantity,
                            "lot_id": stock["lot_of_technician"][technician].id
                            if product.tracking == "lot"
                            else False,
                        }
                    )
                    for product, (_name, _tracking, quantity) in zip(stock["products"], PARTS, strict=True)
                ],
            }
        )
    appointments = env["intervention.appointment"].create(vals_list)
    appointments.action_confirm()
    env.flush_all()
    env.invalidate_all()
    return appointments


def _check_parts_moved(appointments):
    pickings = appointments.picking_ids
    assert len(pickings) == len(appointments), "not one transfer per appointment"
    assert set(pickings.mapped("state")) == {"done"}, "transfers not done"
    assert len(pickings.move_ids) == len(PARTS) * len(appointments), "not one move per part"


def bench_parts_used(env, partners, stock, count=PARTS_APPOINTMENTS):
    """Finishing ``count`` appointments with their parts: all in one ``_action_done`` (a batch,
    as Finish on a selection does), then ``count`` fresh appointments of the same shape one by one
    (as technicians finish them, each its own request: flushed and the cache cleared after each).
    Beside each, Odoo's own cost for the same transfers (``odoo_picking_floor``)."""
    batch = create_parts_appointments(env, partners, stock, count)
    single = create_parts_appointments(env, partners, stock, count)
    results = {}
    with Measure(env.cr) as results["batch"]:
        batch._action_done()
        env.flush_all()
    _check_parts_moved(batch)
    env.invalidate_all()
    with Measure(env.cr) as results["one by one"]:
        for appointment in single:
            appointment._action_done()
            env.flush_all()
            env.invalidate_all()
    _check_parts_moved(single)
    results["batch floor"] = odoo_picking_floor(env, batch.picking_ids)
    results["one by one floor"] = odoo_picking_floor(env, single.picking_ids, one_by_one=True)
    return results, batch | single


def odoo_picking_floor(env, pickings, one_by_one=False):
    """Odoo's own cost for the same transfers: the pickings and their moves created by hand, as
    ``pickings`` are (same operation type, locations, partner, products, quantities, lots,
    picked; none of the suite's links to the appointments and billing lines), then Odoo's
    ``button_validate`` with the context the suite validates with; in a savepoint rolled back.
    ``one_by_one``: each transfer created and validated alone, flushed and the cache cleared
    after each. What the suite adds is the difference."""
    # Imported here: the addons are importable once Odoo's configuration is read (main()).
    from odoo.addons.intervention_stock.models.stock_picking import VALIDATE_CONTEXT

    transfers = [
        (
            {
                "picking_type_id": picking.picking_type_id.id,
                "location_id": picking.location_id.id,
                "location_dest_id": picking.location_dest_id.id,
                "partner_id": picking.partner_id.id,
                "origin": picking.origin,
                "company_id": picking.company_id.id,
                "scheduled_date": picking.scheduled_date,
            },
            [
                {
                    "product_id": move.product_id.id,
                    "product_uom": move.product_uom.id,
                    "product_uom_qty": move.product_uom_qty,
                    "quantity": move.quantity,
                    "picked": True,
                    "location_id": move.location_id.id,
                    "location_dest_id": move.location_dest_id.id,
                    "company_id": move.company_id.id,
                    "partner_id": move.partner_id.id,
                    "origin": move.origin,
                    "move_line_ids": [
                        Command.create(
                            {
                                "product_id": line.product_id.id,
                                "product_uom_id": line.product_uom_id.id,
                                "quantity": line.quantity,
                                "picked": True,
                                "lot_id": line.lot_id.id,
                                "location_id": line.location_id.id,
                                "location_dest_id": line.location_dest_id.id,
                                "company_id": line.company_id.id,
                            }
                        )
                        for line in move.move_line_ids
                    ],
                }
                for move in picking.move_ids
            ],
        )
        for picking in pickings
    ]
    Picking = env["stock.picking"].with_context(tracking_disable=True, mail_create_nolog=True)

    def create_and_validate(transfers):
        new_pickings = Picking.create([picking_vals for picking_vals, _moves in transfers])
        env["stock.move"].create(
            [
                {**move_vals, "picking_id": picking.id}
                for picking, (_picking_vals, moves) in zip(new_pickings, transfers, strict=True)
                for move_vals in moves
            ]
        )
        new_pickings.with_context(**VALIDATE_CONTEXT).button_validate()
        env.flush_all()
        return new_pickings

    env.invalidate_all()
    with env.cr.savepoint(flush=False) as savepoint:
        with Measure(env.cr) as measure:
            if one_by_one:
                done = Picking
                for transfer in transfers:
                    done |= create_and_validate([transfer])
                    env.invalidate_all()
            else:
                done = create_and_validate(transfers)
        assert set(done.mapped("state")) == {"done"}, "Odoo's validation left transfers not done"
        savepoint.rollback()
    env.invalidate_all()
    return measure


def bench_response_deadlines(env, contracts, count=1000):
    """Plan again the deadlines (and so the response states) of ``count`` generated requests."""
    Request = env["intervention.request"]
    requests = Request.search([("contract_id", "in", contracts.ids)], limit=count, order="id")
    env.invalidate_all()
    with Measure(env.cr) as measure:
        env.add_to_compute(Request._fields["date_deadline"], requests)
        requests._recompute_recordset(["date_deadline", "sla_response_hours", "date_response_start"])
        env.flush_all()
    assert all(requests.mapped("date_deadline")), "a generated request without its deadline"
    return measure, len(requests)


def prepare_renewal_revision(env, contracts, today):
    """The contracts end their yearly term yesterday and are revised by a labour-cost index at
    renewal: 100.0 at their start, 103.2 from today (one write, no chatter)."""
    index = env["service.contract.price.index"].create(
        {
            "name": "Bench labour cost index",
            "value_ids": [
                Command.create({"date": today - timedelta(days=365), "value": 100.0}),
                Command.create({"date": today, "value": 103.2}),
            ],
        }
    )
    contracts.with_context(tracking_disable=True)._write_system(
        {
            "date_start": today - timedelta(days=365),
            "term_start_date": today - timedelta(days=365),
            "date_end": today - timedelta(days=1),
            "revision_method": "index",
            "revision_index_id": index.id,
            "revision_base_value": 100.0,
        }
    )
    env.flush_all()
    return index


def bench_renewal_revision(env, contracts, today):
    """The renewal cron over ``contracts`` prepared by ``prepare_renewal_revision`` (it commits
    after each batch, as in production). Their current month is invoiced already (measure 2): the
    renewal has no period to invoice."""
    prepare_renewal_revision(env, contracts, today)
    env.invalidate_all()
    with Measure(env.cr) as measure:
        env["service.contract"]._cron_renew_contracts()
        env.flush_all()
    revised = env["service.contract.revision"].search_count(
        [("contract_id", "in", contracts.ids), ("date", "=", today)],
    )
    return measure, revised


def prepare_renewal_notices(env, contracts, today):
    """The company in France, the customers with an email, the contracts' notices due today:
    their term ends 75 days from now (30 days of termination notice, sent 45 days before)."""
    env.company.country_id = env.ref("base.fr")
    env.company.renewal_notice_days = 45
    contracts.partner_id.with_context(tracking_disable=True).write({"email": "bench.customer@example.com"})
    contracts.with_context(tracking_disable=True)._write_system(
        {"date_end": today + timedelta(days=75), "termination_notice_days": 30, "auto_renew": True}
    )
    env.flush_all()


def bench_renewal_notices(env, contracts, today):
    """The renewal-notice cron over ``contracts`` prepared by ``prepare_renewal_notices``."""
    prepare_renewal_notices(env, contracts, today)
    env.invalidate_all()
    with Measure(env.cr) as measure:
        env["service.contract"]._cron_send_renewal_notices()
        env.flush_all()
    sent = env["service.contract"].search_count(
        [("id", "in", contracts.ids), ("renewal_notice_date", "=", today)],
    )
    return measure, sent


def bench_profitability(env, contracts):
    """The profitability pivot's read: revenue, cost, margin and margin % of every contract year,
    grouped by contract and year, in one grouped read (mean of 3, cache cleared before each)."""
    Profitability = env["service.contract.profitability"]

    def grouped_read():
        return Profitability.formatted_read_group(
            [],
            ["contract_id", "year_number"],
            ["revenue:sum", "cost:sum", "margin:sum", "margin_percent:avg"],
        )

    measure = mean_of(env, grouped_read)
    groups = grouped_read()
    assert {group["contract_id"][0] for group in groups} >= set(contracts.ids), "a contract without its rows"
    return measure, len(groups)


def start_http_server(db_name):
    """wkhtmltopdf fetches the report's stylesheets over HTTP, as from a running Odoo: serve this
    database on a free local port while the PDFs are rendered."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config["http_port"] = port
    config["http_interface"] = "127.0.0.1"
    config["dbfilter"] = f"^{db_name}$"
    server.load_server_wide_modules()
    server.server = server.ThreadedServer(http.root)
    server.server.start(stop=False)
    return f"http://127.0.0.1:{port}"


def bench_report_pdfs(env, partners, count=50):
    appointments = env["intervention.appointment"].create(
        [
            {
                "partner_id": partners[index % len(partners)].id,
                "date_start": datetime.combine(date.today(), day_time(8)),
                "work_summary": f"<p>Annual service {index}: burner cleaned, flue swept, CO 6 ppm.</p>",
                "actual_duration": 1.0,
            }
            for index in range(count)
        ]
    )
    appointments.sudo().write({"state": "done"})
    env.flush_all()
    Report = env["ir.actions.report"]
    with Measure(env.cr) as measure:
        for appointment in appointments:
            pdf, _format = Report._render_qweb_pdf(
                "field_intervention.action_report_intervention_appointment",
                appointment.ids,
            )
            assert pdf.startswith(b"%PDF"), "not a PDF"
    return measure, count


def bench_cover(env, partners, template, lines=50, runs=3):
    """Resolving the cover of a request's ``lines`` billing lines: a unit under a warranty that
    pays parts and labour, goods and services mixed (mean of ``runs``, cache cleared before)."""
    warranty = env["installed.equipment.warranty.type"].create(
        {"name": "Bench warranty", "duration_months": 120, "parts_cover": 100.0, "labour_cover": 50.0}
    )
    part = env["product.product"].create({"name": "Bench part", "type": "consu", "list_price": 40.0})
    unit = env["installed.equipment"].create(
        {
            "partner_id": partners[0].id,
            "product_id": part.id,
            "serial_number": "BENCH-COVER",
            "installation_date": date.today() - timedelta(days=30),
            "warranty_type_id": warranty.id,
        }
    )
    request = env["intervention.request"].create(
        {
            "partner_id": partners[0].id,
            "template_id": template.id,
            "equipment_id": unit.id,
            "date_start": date.today(),
            "date_end": date.today() + timedelta(days=14),
        }
    )
    products = [part, template.task_id.product_id or part]
    billing_lines = env["intervention.billing.line"].create(
        [{"request_id": request.id, "product_id": products[i % 2].id, "quantity": 1} for i in range(lines)]
    )
    env.flush_all()
    return mean_of(env, billing_lines._resolve_cover, runs=runs), len(billing_lines)


def run_scale(db_name, scale, today):
    registry = Registry(db_name)
    results = {}
    with registry.cursor() as cr:
        # The data is made without chatter; the measures run as the scheduler and users do.
        env = api.Environment(cr, SUPERUSER_ID, {})
        quiet_env = env(context={"tracking_disable": True})
        with Measure(cr) as measure:
            contracts, partners, template = (
                records.with_env(env) for records in generate_data(quiet_env, scale, today)
            )
        results["data generation"] = (measure, scale, "contract")
        cr.commit()
        env.invalidate_all()
        Request = env["intervention.request"]
        with Measure(cr) as measure:
            env["service.contract"]._cron_generate_requests()
            env.flush_all()
        requests = Request.search_count([("contract_id", "in", contracts.ids)])
        results["1. visit generation"] = (measure, requests, "request")
        results["1. visit generation"] += (len(contracts),)
        cr.commit()
        env.invalidate_all()
        with Measure(cr) as measure:
            env["service.contract"]._cron_generate_invoices()
            env.flush_all()
        invoices = env["account.move"].search([("invoice_origin", "in", contracts.mapped("name"))])
        results["2. contract invoicing"] = (measure, len(invoices), "invoice", len(contracts))
        measure, count = bench_response_deadlines(env, contracts)
        results["9. response deadlines (1,000 requests)"] = (measure, count, "request")
        measure, _groups = bench_profitability(env, contracts)
        results["13. profitability, one grouped read"] = (measure, len(contracts), "contract", len(contracts))
        results["2'. same invoices, Odoo's create alone"] = (
            odoo_invoice_floor(env, invoices),
            len(invoices),
            "invoice",
            len(contracts),
        )
        cr.commit()
        env.invalidate_all()
        measure, count = bench_renewal_revision(env, contracts, today)
        results["11. renewal with price revision"] = (measure, count, "contract", len(contracts))
        cr.commit()
        env.invalidate_all()
        measure, count = bench_renewal_notices(env, contracts, today)
        results["12. renewal notices (France)"] = (measure, count, "contract", len(contracts))
        env.invalidate_all()
        measure, appointments = bench_appointment_invoicing(env, partners, template, today)
        results["5. generate invoices (500 appointments)"] = (
            measure,
            len(appointments),
            "appointment",
            len(contracts),
        )
        invoices = appointments.billing_line_ids.invoice_line_ids.move_id
        results["5'. same invoices, Odoo's create alone"] = (
            odoo_invoice_floor(env, invoices),
            len(appointments),
            "appointment",
            len(contracts),
        )
        cr.rollback()
        stock = generate_stock_data(quiet_env, create_technicians(quiet_env, count=PARTS_TECHNICIANS))
        parts, _appointments = bench_parts_used(env, partners, stock)
        for name, key in [
            ("7a. parts used, finish 500 in a batch", "batch"),
            ("7a'. same transfers, Odoo alone, batch", "batch floor"),
            ("7b. parts used, finish 500 one by one", "one by one"),
            ("7b'. same transfers, Odoo alone, 1 by 1", "one by one floor"),
        ]:
            results[name] = (parts[key], PARTS_APPOINTMENTS, "appointment")
        cr.rollback()
        measure, count = bench_cover(env, partners, template)
        results["8. cover of a request's 50 lines"] = (measure, count, "line")
        cr.rollback()
        technicians = create_technicians(env)
        calendar, board, count = bench_planning_week(env, partners, technicians, today)
        results["3a. planning calendar, one week"] = (calendar, count, "appointment")
        results["3b. dispatch board, one week"] = (board, count, "appointment")
        measure, offered = bench_slot_finder(env, partners, technicians)
        results["4. find a slot (50 technicians, 4 weeks)"] = (measure, offered, "technician")
        portal_request = create_portal_request(env, partners)
        measure, offered = bench_portal_slots(env, portal_request)
        results["10a. portal slots (50 technicians, 4 weeks)"] = (measure, offered, "slot")
        # The page is served by other cursors: they must see the data (a throwaway copy).
        cr.commit()
        base_url = start_http_server(db_name)
        measure, offered = bench_portal_booking_page(base_url, portal_request.id)
        results["10b. portal booking page over HTTP"] = (measure, offered, "slot")
        env["ir.config_parameter"].set_param("report.url", base_url)
        measure, count = bench_report_pdfs(env, partners)
        results["6. report PDFs (50, one by one)"] = (measure, count, "PDF")
        cr.rollback()
    return {
        name: {
            "seconds": round(row[0].seconds, 3),
            "queries": row[0].queries,
            "records": row[1],
            "unit": row[2],
            "ms_per_record": round(1000 * row[0].seconds / row[1], 3) if row[1] else None,
            "queries_per_record": round(row[0].queries / row[1], 2) if row[1] else None,
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
            if server.server:
                server.server.stop()
                server.server = None
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
    print(
        f"\n{'measure':<42} {'scale':>7} {'seconds':>9} {'queries':>9} {'records':>8} "
        f"{'ms/rec':>8} {'q/rec':>8} {'q/contract':>10}"
    )
    for name in sorted(report["scales"][scales[0]]):
        for scale in scales:
            row = report["scales"][scale][name]
            print(
                f"{name:<42} {scale:>7} {row['seconds']:>9.2f} {row['queries']:>9} {row['records']:>8} "
                f"{row['ms_per_record'] or 0:>8.2f} {row['queries_per_record'] or 0:>8.2f} "
                f"{row['queries_per_contract'] or 0:>10.2f}"
            )
        if len(scales) > 1:
            low, high = report["scales"][scales[0]][name], report["scales"][scales[-1]][name]
            ratio = high["seconds"] / low["seconds"] if low["seconds"] else 0
            print(f"{'':<42} {'ratio':>7} {ratio:>9.2f}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
