{
    "name": "Member Loyalty at the Till",
    "summary": "Members in Odoo's Point of Sale: look-up on the server, points through the member "
    "ledger, stored value as a payment method, receipts with balances",
    "version": "19.0.1.0.0",
    "category": "Sales/Point of Sale",
    "license": "LGPL-3",
    "author": "Odoo Customer Suite",
    "website": "https://github.com/odoo-customer-suite",
    "depends": ["member_loyalty", "pos_loyalty"],
    "data": [
        "views/pos_payment_method_views.xml",
        "data/member_loyalty_pos_data.xml",
    ],
    "assets": {
        "point_of_sale._assets_pos": ["member_loyalty_pos/static/src/app/**/*"],
        "web.assets_tests": ["member_loyalty_pos/static/tests/tours/**/*"],
    },
    "installable": True,
    "auto_install": True,
}
