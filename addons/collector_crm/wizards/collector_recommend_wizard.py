from odoo import fields, models


class CollectorRecommendWizard(models.TransientModel):
    _name = "collector.recommend.wizard"
    _description = "Recommend Artworks to a Collector"

    partner_id = fields.Many2one("res.partner", string="Collector", required=True, domain=[("is_collector", "=", True)])
    artwork_ids = fields.Many2many("art.artwork", string="Artworks", required=True)
    note = fields.Html(string="Advisor's note")
    expiry_days = fields.Integer(string="Viewing room open for (days)", default=14)

    def action_create(self):
        self.ensure_one()
        reco = self.env["collector.recommendation"].create(
            {
                "name": self.env._("Selection for %(collector)s", collector=self.partner_id.display_name),
                "partner_id": self.partner_id.id,
                "note": self.note,
                "expiry_date": fields.Date.add(fields.Date.context_today(self), days=max(self.expiry_days, 1)),
                "line_ids": [fields.Command.create({"artwork_id": artwork.id}) for artwork in self.artwork_ids],
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "collector.recommendation",
            "res_id": reco.id,
            "view_mode": "form",
        }
