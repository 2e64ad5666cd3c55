from odoo import models

# Reports of this addon that run no JavaScript of their own: wkhtmltopdf need not wait for any.
SCRIPTLESS_REPORTS = frozenset({"field_intervention.report_intervention_appointment"})
# wkhtmltopdf's own default wait (milliseconds), which Odoo used before ``report.print_delay``:
# ample for the page-number script of the header and footer, which runs on load.
SCRIPTLESS_PRINT_DELAY = 200


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _run_wkhtmltopdf(self, bodies, report_ref=False, *args, **kwargs):
        """wkhtmltopdf waits ``report.print_delay`` (1 second by default) after loading the pages.
        Odoo added that wait for reports whose scripts draw after the load, and for prints of many
        records at once, whose later pages lost their header and logo without it. The intervention
        report has no such script (the page-number script of the footer runs on load): printed
        alone — sent to a customer, stored, certified — it waits only wkhtmltopdf's own default,
        0.4 second per PDF instead of 1.2, which adds up when reports are sent one by one. A print
        of several records keeps Odoo's wait."""
        report = self._get_report(report_ref) if report_ref else self
        reports = self
        if (
            report.report_name in SCRIPTLESS_REPORTS
            and len(bodies) == 1
            and "report_print_delay" not in self.env.context
        ):
            reports = self.with_context(report_print_delay=SCRIPTLESS_PRINT_DELAY)
        return super(IrActionsReport, reports)._run_wkhtmltopdf(bodies, report_ref, *args, **kwargs)

    def _build_wkhtmltopdf_args(self, *args, **kwargs):
        command_args = super()._build_wkhtmltopdf_args(*args, **kwargs)
        delay = self.env.context.get("report_print_delay")
        if delay is not None and "--javascript-delay" in command_args:
            command_args[command_args.index("--javascript-delay") + 1] = str(delay)
        return command_args
