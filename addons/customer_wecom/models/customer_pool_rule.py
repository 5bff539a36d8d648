from odoo import api, models


class CustomerPoolRule(models.Model):
    _inherit = "customer.pool.rule"

    @api.model
    def _reclaim(self, now=None):
        """The daily reclaim writes its history in one SQL statement: tell the former holders
        from the rows it added."""
        History = self.env["customer.pool.history"].sudo()
        last = History.search([], order="id desc", limit=1).id or 0
        count = super()._reclaim(now=now)
        if count:
            History.search([("id", ">", last), ("action", "=", "release")])._wecom_notify()
        return count
