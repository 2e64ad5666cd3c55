from datetime import datetime
from functools import partial

from lxml import etree

from odoo import Command
from odoo.addons.installed_base.tests.common import use_english
from odoo.addons.sale.tests.common import TestSaleCommon
from odoo.exceptions import AccessError
from odoo.tests import new_test_user

TECHNICIAN = "field_intervention.group_intervention_technician"
DISPATCHER = "field_intervention.group_intervention_dispatcher"
MANAGER = "field_intervention.group_intervention_manager"


class InterventionBillingCase(TestSaleCommon):
    """A company with its own chart of accounts and taxes, customers, a task with its service
    product and a template that bills the time spent and the travel."""

    @classmethod
    def get_default_groups(cls):
        return super().get_default_groups() | cls.env.ref(MANAGER)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        use_english(cls)
        cls.env = cls.env["base"].with_context(tracking_disable=True, mail_create_nolog=True).env
        cls.company = cls.env.company
        cls.tax_20 = cls._create_sale_tax("VAT 20%", 20.0)
        cls.tax_5_5 = cls._create_sale_tax("VAT 5.5%", 5.5)
        cls.tax_20_included = cls._create_sale_tax(
            "VAT 20% incl.",
            20.0,
            price_include_override="tax_included",
        )
        cls.product_installation = cls.env["product.product"].create(
            {
                "name": "Installation flat rate",
                "default_code": "RAM_POSE",
                "type": "service",
                "list_price": 175.0,
                "taxes_id": [Command.set(cls.tax_5_5.ids)],
            }
        )
        cls.product_service = cls.env["product.product"].create(
            {
                "name": "Annual service",
                "type": "service",
                "list_price": 100.0,
                "taxes_id": [Command.set(cls.tax_20.ids)],
            }
        )
        cls.product_labour = cls.env["product.product"].create(
            {
                "name": "Labour (hour)",
                "type": "service",
                "list_price": 60.0,
                "uom_id": cls.env.ref("uom.product_uom_hour").id,
                "taxes_id": [Command.set(cls.tax_20.ids)],
            }
        )
        cls.product_travel = cls.env["product.product"].create(
            {
                "name": "Travel (hour)",
                "type": "service",
                "list_price": 40.0,
                "uom_id": cls.env.ref("uom.product_uom_hour").id,
                "taxes_id": [Command.set(cls.tax_20.ids)],
            }
        )
        cls.task = cls.env["intervention.task"].create(
            {
                "name": "Stove service",
                "code": "TB_SERV",
                "product_id": cls.product_service.id,
            }
        )
        cls.template = cls.env["intervention.template"].create(
            {
                "name": "Stove service",
                "code": "TBS",
                "task_id": cls.task.id,
                "duration": 1.0,
            }
        )
        cls.template_timed = cls.env["intervention.template"].create(
            {
                "name": "Breakdown",
                "code": "TBB",
                "task_id": cls.task.id,
                "duration": 1.0,
                "bill_actual_time": True,
                "time_product_id": cls.product_labour.id,
                "bill_travel_time": True,
                "travel_product_id": cls.product_travel.id,
            }
        )
        cls.customer_a, cls.customer_b, cls.customer_c = cls.env["res.partner"].create(
            [
                {
                    "name": "Jean-Jacques Goldman",
                    "street": "123 rue du test",
                    "zip": "33000",
                    "city": "Bordeaux",
                },
                {"name": "Boulangerie Dupuy", "zip": "24000", "city": "Périgueux"},
                {"name": "Gîte des Landes", "zip": "40100", "city": "Dax"},
            ]
        )
        common = {"company_id": cls.company.id, "company_ids": [Command.set(cls.company.ids)]}
        cls.technician = new_test_user(cls.env, "ib_tech", groups=TECHNICIAN, name="Paul Tech", **common)
        cls.dispatcher = new_test_user(cls.env, "ib_dispatcher", groups=DISPATCHER, **common)
        cls.start = datetime(2030, 3, 4, 9, 0)

    @classmethod
    def _create_sale_tax(cls, name, amount, company=None, **values):
        return cls.env["account.tax"].create(
            {
                "name": name,
                "amount": amount,
                "amount_type": "percent",
                "type_tax_use": "sale",
                "company_id": (company or cls.env.company).id,
                **values,
            }
        )

    @classmethod
    def _create_request(cls, lines=None, **values):
        """A request; ``lines`` are (product, quantity[, price_unit]) tuples replacing the task's."""
        vals = {
            "partner_id": cls.customer_a.id,
            "template_id": cls.template.id,
            "date_start": "2030-03-01",
            "date_end": "2030-03-15",
            **values,
        }
        if lines is not None:
            vals["billing_line_ids"] = [
                Command.create(
                    {
                        "product_id": line[0].id,
                        "quantity": line[1],
                        **({"price_unit": line[2]} if len(line) > 2 else {}),
                    }
                )
                for line in lines
            ]
        return cls.env["intervention.request"].create(vals)

    @classmethod
    def _create_appointment(cls, **values):
        return cls.env["intervention.appointment"].create(
            {
                "partner_id": cls.customer_a.id,
                "template_id": cls.template.id,
                "date_start": cls.start,
                **values,
            }
        )

    def _create_sale_order_like(self, request):
        """Odoo's own sales order with the same customer, fiscal position and lines."""
        return self.env["sale.order"].create(
            {
                "partner_id": request.partner_id.id,
                "fiscal_position_id": request.fiscal_position_id.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": line.product_id.id,
                            "product_uom_qty": line.quantity,
                            "discount": line.discount,
                        }
                    )
                    for line in request.billing_line_ids
                ],
            }
        )


class PriceAccessAssertions:
    """Every RPC-level way of reading a field, as the web client or an integrator calls it."""

    def _price_reads(self, records, fname):
        Model = records.browse()
        domain = [("id", "in", records.ids)]
        return {
            "read": partial(records.read, [fname]),
            "search_read": partial(records.search_read, domain, [fname]),
            "web_read": partial(records.web_read, {fname: {}}),
            "web_search_read": partial(Model.web_search_read, domain, {fname: {}}),
            "export_data": partial(records.export_data, [fname]),
            "attribute": partial(records[:1].__getitem__, fname),
        }

    def _stored_price_reads(self, records, fname):
        Model = records.browse()
        domain = [("id", "in", records.ids)]
        return {
            "search": partial(Model.search, [*domain, (fname, ">=", 0)]),
            "search_count": partial(Model.search_count, [*domain, (fname, ">=", 0)]),
            "order": partial(Model.search, domain, order=fname),
            "formatted_read_group": partial(
                Model.formatted_read_group,
                domain,
                ["company_id"],
                [f"{fname}:sum"],
            ),
            "web_read_group": partial(Model.web_read_group, domain, ["company_id"], [f"{fname}:sum"]),
            "group_by": partial(Model.formatted_read_group, domain, [fname]),
        }

    def _web_read_spec(self, arch):
        """What the web client reads for a view: the fields its arch names, with the fields of
        the subviews of its x2many fields."""
        view = etree.fromstring(arch)
        spec = {}
        for node in view.iter("field"):
            parent = node.getparent()
            while parent is not view and parent.tag != "field":
                parent = parent.getparent()
            if parent is not view:
                continue  # a field of a subview, read through its x2many
            subviews = [child for child in node if child.tag in ("list", "kanban", "form")]
            spec[node.get("name")] = (
                {
                    "fields": {
                        fname: fspec
                        for subview in subviews
                        for fname, fspec in self._web_read_spec(etree.tostring(subview)).items()
                    },
                }
                if subviews
                else {}
            )
        return spec

    def assertPricesDenied(self, records, fnames, stored_fnames):
        for fname in fnames:
            # What read() and export list when no field is named.
            self.assertNotIn(fname, records.fields_get(), f"{records._name}.{fname}")
        calls = [(fname, self._price_reads(records, fname)) for fname in fnames] + [
            (fname, self._stored_price_reads(records, fname)) for fname in stored_fnames
        ]
        for fname, reads in calls:
            for name, call in reads.items():
                with (
                    self.subTest(model=records._name, field=fname, call=name),
                    self.assertRaises(AccessError),
                ):
                    call()

    def assertPricesRead(self, records, values, stored_fnames):
        for fname, value in values.items():
            reads = self._price_reads(records, fname)
            with self.subTest(model=records._name, field=fname):
                self.assertIn(fname, records.fields_get())
                self.assertEqual(reads["read"]()[0][fname], value)
                self.assertEqual(reads["search_read"]()[0][fname], value)
                self.assertEqual(reads["web_read"]()[0][fname], value)
                self.assertEqual(reads["export_data"]()["datas"][0][0], value)
                self.assertEqual(reads["attribute"](), value)
        for fname in stored_fnames:
            reads = self._stored_price_reads(records, fname)
            with self.subTest(model=records._name, field=fname):
                self.assertEqual(reads["search"](), records)
                self.assertEqual(reads["order"](), records)
                self.assertEqual(reads["formatted_read_group"]()[0][f"{fname}:sum"], values[fname])
