"""19.0.1.1.0: the requests of a contract that bills no longer get a line of the task's product
(the contract bills the visit). Requests generated before still have one: remove it, and its
copies on their appointments, while nothing billed it yet, so the visit is not billed twice.
Running it again finds nothing more to remove."""

import logging

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    requests = env["intervention.request"].search(
        [
            ("contract_id.line_ids", "!=", False),
            ("state", "not in", ("done", "cancelled")),
        ]
    )
    lines = requests.billing_line_ids.filtered(
        lambda line: (
            line.billing_state == "to_bill" and line.product_id == line.request_id.task_id.product_id
        ),
    )
    copies = lines.carried_line_ids.filtered(lambda line: line.billing_state == "to_bill")
    if lines or copies:
        _logger.info(
            "Removing %s unbilled task lines (and %s copies) from requests billed by their contract",
            len(lines),
            len(copies),
        )
        (copies | lines).unlink()
