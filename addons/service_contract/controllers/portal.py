from odoo import http
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.exceptions import AccessError, MissingError
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
        values = self._get_page_view_values(
            contract_sudo,
            access_token,
            {
                "contract": contract_sudo,
                "page_name": "service_contract",
                # The page reads the contract as superuser: keep the prices from those who may
                # not read them (technicians, when their company hides prices).
                "show_prices": not request.env["service.contract.line"]._billing_prices_hidden(),
            },
            "my_service_contracts_history",
            False,
            **kw,
        )
        return request.render("service_contract.portal_my_service_contract", values)
