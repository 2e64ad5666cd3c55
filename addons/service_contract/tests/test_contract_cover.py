from datetime import datetime

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import ServiceContractCase


@tagged("post_install", "-at_install")
class TestContractCover(ServiceContractCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.part = cls.env["product.product"].create(
            {
                "name": "Door seal",
                "type": "consu",
                "list_price": 50.0,
                "taxes_id": [Command.set(cls.tax_20.ids)],
            }
        )
        cls.travel = cls.env["product.product"].create(
            {
                "name": "Travel",
                "type": "service",
                "list_price": 30.0,
                "taxes_id": [Command.set(cls.tax_20.ids)],
            }
        )
        cls.template.travel_product_id = cls.travel
        cls.contract = cls._create_contract(
            included_product_ids=[Command.set(cls.service.ids)],
            cover_discount=10.0,
            included_visits=1,
            travel_included=True,
        )
        cls.contract.action_confirm()

    def _visit(self, day, equipment=None, **values):
        return self.env["intervention.appointment"].create(
            {
                "partner_id": self.customer.id,
                "template_id": self.template.id,
                "equipment_id": (equipment or self.equipment).id,
                "date_start": day,
                "billing_line_ids": [
                    Command.create({"product_id": self.service.id, "quantity": 1}),
                    Command.create({"product_id": self.part.id, "quantity": 2}),
                    Command.create({"product_id": self.travel.id, "quantity": 1}),
                ],
                **values,
            }
        )

    def test_contract_covers_what_it_includes_and_discounts_the_rest(self):
        visit = self._visit(datetime(2026, 3, 2, 9, 0))
        service, part, travel = visit.billing_line_ids
        self.assertRecordValues(
            service,
            [
                {
                    "cover_type": "contract",
                    "cover_percent": 100.0,
                    "cover_contract_id": self.contract.id,
                    "price_subtotal": 0.0,
                    "covered_amount": 200.0,
                }
            ],
        )
        self.assertRecordValues(
            part, [{"cover_type": "contract", "cover_percent": 10.0, "price_subtotal": 90.0}]
        )
        self.assertRecordValues(
            travel, [{"cover_type": "contract", "cover_percent": 100.0, "price_subtotal": 0.0}]
        )
        self.assertIn(f"Covered by contract {self.contract.name}: 100%", service._get_cover_label())

    def test_beyond_the_included_visits_the_service_is_charged(self):
        first = self._visit(datetime(2026, 3, 2, 9, 0))
        second = self._visit(datetime(2026, 9, 7, 9, 0))
        self.assertEqual(first.billing_line_ids[0].cover_percent, 100.0)
        service = second.billing_line_ids[0]
        self.assertEqual(service.cover_percent, 10.0, "the second visit of the year: only the discount")
        self.assertEqual(service.price_subtotal, 180.0)

    def test_no_cover_outside_the_contract(self):
        after = self._visit(datetime(2027, 2, 1, 9, 0))
        self.assertEqual(set(after.billing_line_ids.mapped("cover_type")), {"none"})
        other = self.env["installed.equipment"].create(
            {"partner_id": self.customer.id, "product_id": self.part.id, "serial_number": "SC-9"}
        )
        elsewhere = self._visit(datetime(2026, 3, 2, 9, 0), equipment=other)
        self.assertEqual(set(elsewhere.billing_line_ids.mapped("cover_type")), {"none"})

    def test_warranty_comes_before_the_contract(self):
        warranty = self.env["installed.equipment.warranty.type"].create(
            {"name": "Legal", "duration_months": 24, "parts_cover": 100.0, "labour_cover": 0.0}
        )
        self.equipment.write({"installation_date": "2025-06-01", "warranty_type_id": warranty.id})
        visit = self._visit(datetime(2026, 3, 2, 9, 0))
        service, part, __ = visit.billing_line_ids
        self.assertEqual((part.cover_type, part.cover_percent), ("warranty", 100.0))
        self.assertEqual((service.cover_type, service.cover_percent), ("contract", 100.0))

    def test_contract_cover_terms_are_checked(self):
        with self.assertRaisesRegex(ValidationError, r"Discount on the Rest \(%\) of contract"):
            self.contract.cover_discount = 120
        self.contract.cover_discount = 10.0
        with self.assertRaisesRegex(
            ValidationError, "Included Visits a Year of contract .* cannot be negative"
        ):
            self.contract.included_visits = -1

    def test_cover_is_reported_by_contract(self):
        self._visit(datetime(2026, 3, 2, 9, 0))
        groups = self.env["intervention.billing.line"]._read_group(
            [("cover_contract_id", "=", self.contract.id)], ["cover_type"], ["covered_amount:sum"]
        )
        self.assertEqual(groups, [("contract", 200.0 + 10.0 + 30.0)])

    def test_new_contract_terms_apply_to_the_lines_not_billed(self):
        visit = self._visit(datetime(2026, 3, 2, 9, 0))
        part = visit.billing_line_ids[1]
        self.assertEqual(part.cover_percent, 10.0)
        self.contract.cover_discount = 25.0
        self.assertEqual(part.cover_percent, 25.0)
        self.contract.included_product_ids = [Command.link(self.part.id)]
        self.assertEqual(part.cover_percent, 100.0)
        self.assertEqual(part.price_subtotal, 0.0)

    def test_included_visits_counted_once_per_visit(self):
        def queries(count):
            visit = self._visit(datetime(2026, 3, 2, 9, 0))
            lines = self.env["intervention.billing.line"].create(
                [{"appointment_id": visit.id, "product_id": self.service.id} for __ in range(count)]
            )
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            lines._resolve_cover()
            return self.cr.sql_log_count - before

        queries(1)  # the registry's own first reads
        self.assertLessEqual(queries(20), queries(2), "the visits of the year are searched once per visit")
