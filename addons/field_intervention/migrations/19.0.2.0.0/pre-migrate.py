"""19.0.2.0.0: the SMS reminder, the loaners and the French certificates left field_intervention
for addons of their own (field_intervention_sms, field_intervention_loaner,
l10n_fr_field_intervention). A database of the 19.0.1 versions keeps everything:

- the records of those concerns (models and fields, views, actions, menus, rules, sequences,
  jobs, demo) keep their XML ids, whose module becomes the new addon's, so that updating
  field_intervention deletes none of them, nor any table or column;
- the new addons are marked to update in the same run, as installed at 19.0.1.0.0: their data
  files are loaded in update mode, so what a user changed in the records Odoo does not update
  (settings, sequences, jobs) is kept, and their missing records are created.
"""

import logging

from odoo.tools import SQL

_logger = logging.getLogger(__name__)

OLD_MODULE = "field_intervention"

# XML id names that moved, by new addon (the names are unchanged): the names of field_intervention
# in a 19.0.1 database with demo data that the new addons have in a 19.0.2 one, less those
# field_intervention still has (fields every model has, models the addons extend). The SMS
# addon brings only new records.
MOVED_XMLIDS = {
    "field_intervention_loaner": [
        "access_installed_equipment_loan_dispatcher",
        "access_installed_equipment_loan_return_technician",
        "access_installed_equipment_loan_technician",
        "access_intervention_request_done_override_dispatcher",
        "constraint_installed_equipment_loan_loaner_lent_uniq",
        "equipment_loaner_heater",
        "equipment_loaner_heater_2",
        "equipment_loaner_stove",
        "field_installed_equipment__customer_loan_ids",
        "field_installed_equipment__is_loaner",
        "field_installed_equipment__loaner_availability",
        "field_installed_equipment__loaner_current_loan_id",
        "field_installed_equipment__loaner_loan_count",
        "field_installed_equipment__loaner_loan_ids",
        "field_installed_equipment_loan__activity_date_deadline",
        "field_installed_equipment_loan__activity_exception_decoration",
        "field_installed_equipment_loan__activity_exception_icon",
        "field_installed_equipment_loan__activity_ids",
        "field_installed_equipment_loan__activity_state",
        "field_installed_equipment_loan__activity_summary",
        "field_installed_equipment_loan__activity_type_icon",
        "field_installed_equipment_loan__activity_type_id",
        "field_installed_equipment_loan__activity_user_id",
        "field_installed_equipment_loan__appointment_id",
        "field_installed_equipment_loan__company_id",
        "field_installed_equipment_loan__condition_back",
        "field_installed_equipment_loan__condition_out",
        "field_installed_equipment_loan__create_date",
        "field_installed_equipment_loan__create_uid",
        "field_installed_equipment_loan__date_expected_back",
        "field_installed_equipment_loan__date_out",
        "field_installed_equipment_loan__date_returned",
        "field_installed_equipment_loan__display_name",
        "field_installed_equipment_loan__has_message",
        "field_installed_equipment_loan__id",
        "field_installed_equipment_loan__is_overdue",
        "field_installed_equipment_loan__loaner_id",
        "field_installed_equipment_loan__message_attachment_count",
        "field_installed_equipment_loan__message_follower_ids",
        "field_installed_equipment_loan__message_has_error",
        "field_installed_equipment_loan__message_has_error_counter",
        "field_installed_equipment_loan__message_has_sms_error",
        "field_installed_equipment_loan__message_ids",
        "field_installed_equipment_loan__message_is_follower",
        "field_installed_equipment_loan__message_needaction",
        "field_installed_equipment_loan__message_needaction_counter",
        "field_installed_equipment_loan__message_partner_ids",
        "field_installed_equipment_loan__my_activity_date_deadline",
        "field_installed_equipment_loan__note_back",
        "field_installed_equipment_loan__note_out",
        "field_installed_equipment_loan__partner_id",
        "field_installed_equipment_loan__request_id",
        "field_installed_equipment_loan__return_appointment_id",
        "field_installed_equipment_loan__state",
        "field_installed_equipment_loan__user_id",
        "field_installed_equipment_loan__website_message_ids",
        "field_installed_equipment_loan__write_date",
        "field_installed_equipment_loan__write_uid",
        "field_installed_equipment_loan_return__appointment_id",
        "field_installed_equipment_loan_return__condition_back",
        "field_installed_equipment_loan_return__create_date",
        "field_installed_equipment_loan_return__create_uid",
        "field_installed_equipment_loan_return__date_returned",
        "field_installed_equipment_loan_return__display_name",
        "field_installed_equipment_loan_return__id",
        "field_installed_equipment_loan_return__loan_ids",
        "field_installed_equipment_loan_return__note_back",
        "field_installed_equipment_loan_return__write_date",
        "field_installed_equipment_loan_return__write_uid",
        "field_intervention_appointment__loan_ids",
        "field_intervention_appointment__returned_loan_ids",
        "field_intervention_request__lent_loan_ids",
        "field_intervention_request__loan_count",
        "field_intervention_request__loan_ids",
        "field_intervention_request_done_override__create_date",
        "field_intervention_request_done_override__create_uid",
        "field_intervention_request_done_override__display_name",
        "field_intervention_request_done_override__id",
        "field_intervention_request_done_override__loan_ids",
        "field_intervention_request_done_override__reason",
        "field_intervention_request_done_override__request_id",
        "field_intervention_request_done_override__write_date",
        "field_intervention_request_done_override__write_uid",
        "installed_equipment_action_loaner",
        "installed_equipment_loan_action",
        "installed_equipment_loan_return_view_form",
        "installed_equipment_loan_rule_company",
        "installed_equipment_loan_rule_dispatcher",
        "installed_equipment_loan_rule_technician",
        "installed_equipment_loan_view_form",
        "installed_equipment_loan_view_form_lend",
        "installed_equipment_loan_view_list",
        "installed_equipment_loan_view_search",
        "installed_equipment_view_form_inherit_loan",
        "installed_equipment_view_list_loaner",
        "intervention_appointment_view_form_inherit_loan",
        "intervention_request_done_override_view_form",
        "intervention_request_view_form_inherit_loan",
        "ir_cron_loaner_overdue",
        "ir_cron_loaner_overdue_ir_actions_server",
        "loan_demo_1",
        "mail_activity_loaner_overdue",
        "menu_loaners",
        "menu_loans",
        "model_inherit__installed_equipment_loan__mail_activity_mixin",
        "model_inherit__installed_equipment_loan__mail_thread",
        "model_installed_equipment_loan",
        "model_installed_equipment_loan_return",
        "model_intervention_request_done_override",
        "product_loaner_heater",
        "product_loaner_heater_product_template",
        "report_intervention_appointment_loaners",
        "selection__installed_equipment__loaner_availability__available",
        "selection__installed_equipment__loaner_availability__lent",
        "selection__installed_equipment__loaner_availability__overdue",
        "selection__installed_equipment_loan__condition_back__good",
        "selection__installed_equipment_loan__condition_back__new",
        "selection__installed_equipment_loan__condition_back__to_replace",
        "selection__installed_equipment_loan__condition_back__used",
        "selection__installed_equipment_loan__condition_out__good",
        "selection__installed_equipment_loan__condition_out__new",
        "selection__installed_equipment_loan__condition_out__to_replace",
        "selection__installed_equipment_loan__condition_out__used",
        "selection__installed_equipment_loan__state__lent",
        "selection__installed_equipment_loan__state__returned",
        "selection__installed_equipment_loan_return__condition_back__good",
        "selection__installed_equipment_loan_return__condition_back__new",
        "selection__installed_equipment_loan_return__condition_back__to_replace",
        "selection__installed_equipment_loan_return__condition_back__used",
    ],
    "field_intervention_sms": [],
    "l10n_fr_field_intervention": [
        "access_intervention_certificate_dispatcher",
        "access_intervention_certificate_technician",
        "certificate_appliance",
        "certificate_parties",
        "certificate_signatures",
        "field_installed_equipment__certificate_ids",
        "field_intervention_appointment__certificate_ids",
        "field_intervention_certificate__activity_date_deadline",
        "field_intervention_certificate__activity_exception_decoration",
        "field_intervention_certificate__activity_exception_icon",
        "field_intervention_certificate__activity_ids",
        "field_intervention_certificate__activity_state",
        "field_intervention_certificate__activity_summary",
        "field_intervention_certificate__activity_type_icon",
        "field_intervention_certificate__activity_type_id",
        "field_intervention_certificate__activity_user_id",
        "field_intervention_certificate__appointment_id",
        "field_intervention_certificate__attachment_id",
        "field_intervention_certificate__certificate_type",
        "field_intervention_certificate__co_ppm",
        "field_intervention_certificate__co_reading",
        "field_intervention_certificate__company_id",
        "field_intervention_certificate__create_date",
        "field_intervention_certificate__create_uid",
        "field_intervention_certificate__date",
        "field_intervention_certificate__days_left",
        "field_intervention_certificate__display_name",
        "field_intervention_certificate__due_date",
        "field_intervention_certificate__equipment_id",
        "field_intervention_certificate__has_message",
        "field_intervention_certificate__id",
        "field_intervention_certificate__message_attachment_count",
        "field_intervention_certificate__message_follower_ids",
        "field_intervention_certificate__message_has_error",
        "field_intervention_certificate__message_has_error_counter",
        "field_intervention_certificate__message_has_sms_error",
        "field_intervention_certificate__message_ids",
        "field_intervention_certificate__message_is_follower",
        "field_intervention_certificate__message_needaction",
        "field_intervention_certificate__message_needaction_counter",
        "field_intervention_certificate__message_partner_ids",
        "field_intervention_certificate__my_activity_date_deadline",
        "field_intervention_certificate__partner_id",
        "field_intervention_certificate__sent_date",
        "field_intervention_certificate__state",
        "field_intervention_certificate__website_message_ids",
        "field_intervention_certificate__write_date",
        "field_intervention_certificate__write_uid",
        "field_survey_question__display_name",
        "field_survey_question__id",
        "field_survey_question__intervention_code",
        "installed_equipment_view_form_inherit_certificate",
        "intervention_appointment_view_form_inherit_certificate",
        "intervention_certificate_action",
        "intervention_certificate_rule_company",
        "intervention_certificate_rule_dispatcher",
        "intervention_certificate_rule_technician",
        "intervention_certificate_view_form",
        "intervention_certificate_view_list",
        "intervention_certificate_view_search",
        "intervention_template_boiler_certificate",
        "intervention_template_sweeping_certificate",
        "ir_cron_certificate_unsent",
        "ir_cron_certificate_unsent_ir_actions_server",
        "mail_activity_certificate_unsent",
        "menu_certificates",
        "model_inherit__intervention_certificate__mail_activity_mixin",
        "model_inherit__intervention_certificate__mail_thread",
        "model_intervention_certificate",
        "model_survey_question",
        "report_boiler_certificate_document",
        "report_sweeping_certificate_document",
        "selection__intervention_certificate__certificate_type__boiler_certificate",
        "selection__intervention_certificate__certificate_type__sweeping_certificate",
        "selection__intervention_certificate__co_reading__check",
        "selection__intervention_certificate__co_reading__normal",
        "selection__intervention_certificate__co_reading__stop",
        "selection__intervention_certificate__state__sent",
        "selection__intervention_certificate__state__to_send",
        "selection__intervention_template__report_layout__boiler_certificate",
        "selection__intervention_template__report_layout__sweeping_certificate",
        "survey_boiler_certificate",
        "survey_boiler_certificate_q_advice_improvement",
        "survey_boiler_certificate_q_advice_replacement",
        "survey_boiler_certificate_q_advice_use",
        "survey_boiler_certificate_q_co_ppm",
        "survey_boiler_certificate_q_efficiency",
        "survey_question_form_inherit_field_intervention",
        "survey_sweeping_certificate",
        "survey_sweeping_certificate_q_anomalies_advice",
        "survey_sweeping_certificate_q_deposits",
        "survey_sweeping_certificate_q_flue_condition",
        "survey_sweeping_certificate_q_flue_condition_1",
        "survey_sweeping_certificate_q_flue_condition_2",
        "survey_sweeping_certificate_q_flue_condition_3",
        "survey_sweeping_certificate_q_flue_swept",
        "survey_sweeping_certificate_q_next_due",
        "survey_sweeping_certificate_q_sweeping_method",
        "survey_sweeping_certificate_q_sweeping_method_1",
        "survey_sweeping_certificate_q_sweeping_method_2",
        "survey_sweeping_certificate_q_sweeping_method_3",
        "survey_sweeping_certificate_q_sweeping_method_4",
    ],
}
# Models that moved: their SQL constraints and many2many tables follow them.
MOVED_MODELS = {
    "field_intervention_loaner": [
        "installed.equipment.loan",
        "installed.equipment.loan.return",
        "intervention.request.done.override",
    ],
    "l10n_fr_field_intervention": [
        "intervention.certificate",
    ],
}


def _rename_xmlids(cr):
    for module, names in MOVED_XMLIDS.items():
        cr.execute(
            SQL(
                "UPDATE ir_model_data SET module = %s WHERE module = %s AND name = ANY(%s)",
                module,
                OLD_MODULE,
                list(names),
            )
        )
        _logger.info("%s: %s XML ids moved from %s", module, cr.rowcount, OLD_MODULE)


def _move_constraints_and_relations(cr):
    for module, models in MOVED_MODELS.items():
        for table in ("ir_model_constraint", "ir_model_relation"):
            cr.execute(
                SQL(
                    """
                    UPDATE %(table)s t
                       SET module = (SELECT id FROM ir_module_module WHERE name = %(new)s)
                     WHERE t.module = (SELECT id FROM ir_module_module WHERE name = %(old)s)
                       AND t.model IN (SELECT id FROM ir_model WHERE model = ANY(%(models)s))
                    """,
                    table=SQL.identifier(table),
                    new=module,
                    old=OLD_MODULE,
                    models=list(models),
                )
            )


def _mark_new_addons(cr):
    """Mark the new addons to update in this run, as installed at 19.0.1.0.0, when their
    dependencies are installed (the SMS reminder needs Odoo's sms, as field_intervention did)."""
    cr.execute(
        SQL(
            """
            UPDATE ir_module_module m
               SET state = 'to upgrade', latest_version = '19.0.1.0.0',
                   demo = (SELECT demo FROM ir_module_module WHERE name = %(old)s)
             WHERE m.name = ANY(%(new)s) AND m.state = 'uninstalled'
               AND NOT EXISTS (
                   SELECT 1 FROM ir_module_module_dependency d
                     JOIN ir_module_module dep ON dep.name = d.name
                    WHERE d.module_id = m.id
                      AND dep.state NOT IN ('installed', 'to upgrade')
                      AND dep.name != ALL(%(new)s))
         RETURNING m.name
            """,
            old=OLD_MODULE,
            new=list(MOVED_XMLIDS),
        )
    )
    _logger.info("Installed by this update: %s", ", ".join(sorted(name for (name,) in cr.fetchall())))


def migrate(cr, version):
    if not version:
        return
    _rename_xmlids(cr)
    _move_constraints_and_relations(cr)
    _mark_new_addons(cr)
