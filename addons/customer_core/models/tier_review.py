from odoo import api, models


class TierReview(models.Model):
    """ "To do by" of a review in the requester's language. OCA's base_tier_validation writes it in
    its Python code ("Group %s", "(and N more)"), whose terms only its own .po can translate (Odoo
    reads a module's code terms from that module's i18n folders, never from another addon's
    i18n_extra): the same text, as terms of this addon."""

    _inherit = "tier.review"

    @api.depends("reviewer_ids")
    def _compute_todo_by(self):
        num_show = 3  # the names shown before "and N more", as OCA's
        for rec in self:
            if rec.reviewer_group_id:
                rec.todo_by = self.env._("Group %(group)s", group=rec.reviewer_group_id.name)
                continue
            names = ", ".join(rec.reviewer_ids[:num_show].mapped("display_name"))
            more = len(rec.reviewer_ids) - num_show
            if more > 0:
                names = self.env._("%(names)s (and %(count)s more)", names=names, count=more)
            rec.todo_by = names or False
