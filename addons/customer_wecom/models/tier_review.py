from odoo import api, models


class TierReview(models.Model):
    _inherit = "tier.review"

    @api.model_create_multi
    def create(self, vals_list):
        reviews = super().create(vals_list)
        reviews.filtered(lambda r: r.status == "pending")._wecom_notify()
        return reviews

    def write(self, vals):
        becoming = self.filtered(lambda r: r.status != "pending") if vals.get("status") == "pending" else self.browse()
        result = super().write(vals)
        becoming._wecom_notify()
        return result

    def _wecom_notify(self):
        """A review waiting for its reviewers: each of them hears of it on WeCom."""
        Message = self.env["customer.wecom.message"]
        for review in self.sudo():
            if not review.res_id or review.model not in self.env:
                continue
            record = self.env[review.model].browse(review.res_id).exists()
            if not record:
                continue

            def render(env, review=review, record=record):
                return (
                    env._("Approval waiting: %(record)s", record=record.display_name),
                    env._(
                        "%(record)s waits for your review (requested by %(user)s).",
                        record=record.display_name,
                        user=review.requested_by.name or "",
                    ),
                )

            Message._notify(review.reviewer_ids, "approval", record, render)
