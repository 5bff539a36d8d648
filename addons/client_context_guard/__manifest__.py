{
    "name": "Client Context Guard",
    "summary": "Drops the context keys the server uses internally as guards from every context a client sends",
    "version": "19.0.1.0.0",
    "license": "LGPL-3",
    "author": "Odoo Customer Suite",
    "website": "https://github.com/odoo-customer-suite",
    "category": "Hidden/Tools",
    "depends": [
        "base",
        "web",
        "rpc",
    ],
    "data": [],
    "installable": True,
    "auto_install": False,
}
