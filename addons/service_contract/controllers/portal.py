from odoo import http
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request


class ServiceContractPortal(CustomerPortal):
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "service_contract_count" in counters:
            Contract = request.env["service.contract"]
            values["service_contract_count"] = (
                Contract.search_count(self._prepare_service_contract_domain())
                if Contract.has_access("read")
                else 0
            )
        return values

    def _prepare_service_contract_domain(self):
        return [("state", "in", ("running", "closed"))]

    @http.route(["/my/contracts", "/my/contracts/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_service_contracts(self, page=1, **kw):
        values = self._prepare_portal_layout_values()
        Contract = request.env["service.contract"]
        domain = self._prepare_service_contract_domain()
        pager = portal_pager(
            url="/my/contracts",
            total=Contract.search_count(domain),
            page=page,
            step=self._items_per_page,
        )
        contracts = Contract.search(
            domain,
            order="date_start desc, id desc",
            limit=self._items_per_page,
            offset=pager["offset"],
        )
        request.session["my_service_contracts_history"] = contracts.ids[:100]
        values.update(
            {
                "contracts": contracts,
                "next_visits": contracts._get_portal_next_visits(),
                "page_name": "service_contract",
                "default_url": "/my/contracts",
                "pager": pager,
            }
        )
        return request.render("service_contract.portal_my_service_contracts", values)

    @http.route(["/my/contracts/<int:contract_id>"], type="http", auth="public", website=True)
    def portal_my_service_contract(self, contract_id, access_token=None, **kw):
        try:
            contract_sudo = self._document_check_access("service.contract", contract_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        return self._render_service_contract(contract_sudo, access_token, **kw)

    def _render_service_contract(self, contract_sudo, access_token=None, error=None, **kw):
        # Booking a visit early is for the customer's own account, not for a visitor with a
        # link (_portal_request_visit checks it again).
        customer = request.env.user.partner_id.commercial_partner_id
        values = self._get_page_view_values(
            contract_sudo,
            access_token,
            {
                "contract": contract_sudo,
                "page_name": "service_contract",
                # The page reads the contract as superuser: keep the prices from those who may
                # not read them (technicians, when their company hides prices).
                "show_prices": not request.env["service.contract.line"]._billing_prices_hidden(),
                "visit_period": contract_sudo._get_portal_visit_period(),
                "visits": contract_sudo._get_portal_visits(),
                "next_visit": contract_sudo._get_portal_next_visits().get(contract_sudo),
                "is_customer": customer == contract_sudo.commercial_partner_id,
                "error": error,
                "terminated": kw.get("terminated"),
                "can_terminate": contract_sudo._portal_can_terminate(),
            },
            "my_service_contracts_history",
            False,
            **kw,
        )
        return request.render("service_contract.portal_my_service_contract", values)

    @http.route(
        ["/my/contracts/<int:contract_id>/visits/book"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_service_contract_book_visit(self, contract_id, visit=None, equipment_id=None, **kw):
        """Generate the requests of the contract's next visit ahead of time, then book it."""
        try:
            contract_sudo = self._document_check_access("service.contract", contract_id)
        except (AccessError, MissingError):
            return request.redirect("/my")
        try:
            with request.env.cr.savepoint():
                requests = contract_sudo._portal_request_visit(request.env.user.partner_id, visit)
        except (AccessError, UserError) as error:
            return self._render_service_contract(contract_sudo, error=str(error))
        chosen = requests.filtered(lambda r: str(r.equipment_id.id) == equipment_id)[:1] or requests[:1]
        if chosen._portal_can_book():
            return request.redirect(f"/my/requests/{chosen.id}/book")
        return request.redirect(f"/my/requests/{chosen.id}")

    @http.route(
        ["/my/contracts/<int:contract_id>/terminate"],
        type="http",
        auth="user",
        methods=["GET", "POST"],
        website=True,
    )
    def portal_service_contract_terminate(self, contract_id, confirm=None, reason=None, **kw):
        """Terminate your contract: the summary of what ending it means, then (POST, confirmed)
        the termination, recorded and acknowledged by the contract's own method."""
        try:
            contract_sudo = self._document_check_access("service.contract", contract_id)
        except (AccessError, MissingError):
            return request.redirect("/my")
        customer = request.env.user.partner_id
        if customer.commercial_partner_id != contract_sudo.commercial_partner_id:
            return request.redirect("/my")
        error = None
        if request.httprequest.method == "POST" and confirm:
            try:
                with request.env.cr.savepoint():
                    contract_sudo._portal_terminate(customer, reason)
            except (AccessError, UserError, ValidationError) as exc:
                error = str(exc)
            else:
                return request.redirect(contract_sudo.get_portal_url(query_string="&terminated=1"))
        if not contract_sudo._portal_can_terminate():
            return request.redirect(contract_sudo.get_portal_url())
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "contract": contract_sudo,
                "summary": contract_sudo._get_termination_summary(),
                "page_name": "service_contract",
                "reason": reason or "",
                "error": error,
            }
        )
        return request.render("service_contract.portal_service_contract_terminate", values)
