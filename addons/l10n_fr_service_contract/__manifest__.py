{
    "name": "France - Service Contracts",
    "summary": "French consumer contracts: renewal notice (L215-1) and free termination when it is missed",
    "version": "19.0.1.0.0",
    "category": "Services/Field Service",
    "author": "Field Service Suite",
    "website": "https://github.com/field-service-suite/field-service",
    "license": "LGPL-3",
    "countries": ["fr"],
    "depends": ["service_contract", "l10n_fr_field_intervention"],
    "auto_install": True,
    "data": [
        "report/service_contract_renewal_notice_report.xml",
        "data/service_contract_renewal_notice_data.xml",
        "views/service_contract_views.xml",
        "views/res_config_settings_views.xml",
        "views/service_contract_portal_templates.xml",
    ],
}
