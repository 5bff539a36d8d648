{
    "name": "SMS through Chinese Gateways",
    "summary": "Send Odoo's SMS through Alibaba Cloud SMS or Tencent Cloud SMS, "
    "with registered signatures and templates, delivery receipts and retries",
    "version": "19.0.1.0.0",
    "license": "LGPL-3",
    "author": "Odoo Customer Suite",
    "website": "https://github.com/odoo-customer-suite",
    "category": "Hidden/Tools",
    "depends": [
        "sms",
        "sms_twilio",
        "queue_job",
    ],
    "data": [
        "security/sms_cn_gateway_security.xml",
        "security/ir.model.access.csv",
        "views/sms_cn_template_views.xml",
        "views/res_config_settings_views.xml",
        "views/sms_sms_views.xml",
        "data/queue_job_data.xml",
    ],
    "installable": True,
}
