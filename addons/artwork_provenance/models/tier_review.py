from odoo import models

ART_MODELS = ("art.artwork", "art.loan")


class TierReview(models.Model):
    _inherit = "tier.review"

    def _get_reviewers(self):
        """On gallery documents a reviewer group includes the users who get it by implication
        (a gallery manager is a registrar and a finance reviewer too)."""
        reviewers = super()._get_reviewers()
        if self.model in ART_MODELS and self.reviewer_group_id:
            reviewers |= self.reviewer_group_id.all_user_ids.filtered(lambda u: not u.share)
        return reviewers
