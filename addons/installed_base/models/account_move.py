from odoo import api, fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    installed_equipment_ids = fields.One2many(
        "installed.equipment",
        "invoice_id",
    )
    installed_equipment_count = fields.Integer(
        compute="_compute_installed_equipment_count",
        string="Equipment Count",
    )

    @api.model
    def _create_generated_invoices(self, vals_list, origins):
        """Create invoices made by code (from appointments, contracts) in one batch: the default
        journal looked up once per company and currency rather than once per invoice, and the
        note "created from <origin>" logged on all of them at once instead of one creation
        message each. ``origins`` are the records each invoice comes from, in order."""
        journals = {}
        for vals in vals_list:
            if vals.get("journal_id"):
                continue
            move_type = vals.get("move_type") or self.env.context.get("default_move_type", "entry")
            key = (move_type, vals.get("company_id") or self.env.company.id, vals.get("currency_id"))
            if key not in journals:
                journals[key] = (
                    self.with_company(key[1])
                    .new(
                        {
                            "move_type": key[0],
                            "company_id": key[1],
                            "currency_id": key[2],
                        }
                    )
                    ._search_default_journal()
                    .id
                )
            vals["journal_id"] = journals[key]
        moves = self.with_context(mail_create_nolog=True).create(vals_list)
        moves._message_log_batch(
            bodies={
                move.id: self.env["ir.qweb"]._render(
                    "mail.message_origin_link", {"self": move, "origin": origin}
                )
                for move, origin in zip(moves, origins, strict=True)
            }
        )
        return moves

    def _compute_installed_equipment_count(self):
        counts = dict(
            self.env["installed.equipment"]._read_group(
                [("invoice_id", "in", self.ids)],
                ["invoice_id"],
                ["__count"],
            )
        )
        for move in self:
            move.installed_equipment_count = counts.get(move, 0)

    def action_view_installed_equipment(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "installed_base.installed_equipment_action",
        )
        action["domain"] = [("invoice_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.partner_id.id, "default_invoice_id": self.id}
        return action

    def action_create_installed_equipment(self):
        return self.env["installed.equipment.create"]._action_open_for(self)
