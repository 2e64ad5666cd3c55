from . import intervention_sla_report
