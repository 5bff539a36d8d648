from odoo import api, fields, models


class ArtArtwork(models.Model):
    _name = "art.artwork"
    _inherit = ["art.artwork", "customer.interaction.mixin"]

    collector_interaction_ids = fields.Many2many(
        "customer.interaction",
        "collector_interaction_artwork_rel",
        "artwork_id",
        "interaction_id",
        string="Who saw it, who asked",
    )
    collector_interaction_count = fields.Integer(compute="_compute_collector_interaction_count")
    collector_match_ids = fields.One2many("collector.match", "artwork_id", string="Matched collectors")
    collector_match_count = fields.Integer(compute="_compute_collector_match_count")

    @api.depends("collector_interaction_ids")
    def _compute_collector_interaction_count(self):
        for artwork in self:
            artwork.collector_interaction_count = len(artwork.collector_interaction_ids)

    def _compute_collector_match_count(self):
        counts = dict(
            self.env["collector.match"]._read_group([("artwork_id", "in", self.ids)], ["artwork_id"], ["__count"])
        )
        for artwork in self:
            artwork.collector_match_count = counts.get(artwork, 0)

    def _on_intake_approved(self):
        res = super()._on_intake_approved()
        for artwork in self:
            self.env["collector.match"].sudo()._match_collectors_for(artwork, notify=True)
        return res

    def action_collector_match(self):
        """Rank the collectors for this artwork now, and notify the advisors of the top ones."""
        self.ensure_one()
        self.env["collector.match"].sudo()._match_collectors_for(self, notify=True)
        return self.action_collector_matches()

    def action_collector_matches(self):
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id("collector_crm.collector_match_action")
        action["domain"] = [("artwork_id", "=", self.id)]
        action["context"] = {"default_artwork_id": self.id}
        return action

    def action_collector_who_saw(self):
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id("collector_crm.customer_interaction_artwork_action")
        action["domain"] = [("artwork_ids", "in", self.ids)]
        return action

    def action_collector_recommend(self):
        action = self.env["ir.actions.actions"]._for_xml_id("collector_crm.collector_recommend_wizard_action")
        action["context"] = {"default_artwork_ids": self.ids}
        return action
