{
    "name": "Customer WeCom",
    "summary": "WeCom (企业微信) application messages to staff: activities assigned, leads claimed "
    "or returned to the pool, approvals waiting",
    "version": "19.0.1.0.0",
    "license": "LGPL-3",
    "author": "Odoo Customer Suite",
    "website": "https://github.com/odoo-customer-suite",
    "category": "Sales/CRM",
    "depends": [
        "customer_core",
        "queue_job",
    ],
    "data": [
        "security/ir.model.access.csv",
        "views/res_users_views.xml",
        "views/res_config_settings_views.xml",
        "data/queue_job_data.xml",
    ],
    "installable": True,
}
