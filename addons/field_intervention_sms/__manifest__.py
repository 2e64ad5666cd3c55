{
    "name": "Field Intervention SMS",
    "summary": "SMS reminders of intervention appointments to customers",
    "version": "19.0.1.0.0",
    "category": "Services/Field Service",
    "author": "Field Service Suite",
    "website": "https://github.com/field-service-suite/field-service",
    "license": "LGPL-3",
    "depends": ["field_intervention", "sms"],
    "data": ["views/intervention_appointment_views.xml"],
    "auto_install": True,
}
