from odoo import api, fields, models

from odoo.addons.queue_job.job import Job, identity_exact


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
    collector_match_job_id = fields.Many2one(
        "queue.job", string="Matching job", readonly=True, copy=False, help="The last matching run of this artwork."
    )
    collector_match_job_state = fields.Selection(
        related="collector_match_job_id.state", string="Matching", help="Where the last matching run stands."
    )

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
        self._collector_match_enqueue()
        return res

    def _collector_match_enqueue(self):
        """Queue the matching fan-out of each artwork as a job (channel root.collector_matching).

        The approver gets their answer at once; the job ranks the collectors, then schedules the
        activities and writes the e-mail drafts for the top N. With ``queue_job__no_delay`` in the
        context (tests) it runs at once.
        """
        for artwork in self:
            job = artwork.with_delay(
                description=self.env._("Match collectors for %(artwork)s", artwork=artwork.display_name),
                identity_key=identity_exact,
            )._collector_match_job()
            job_record = job.db_record() if isinstance(job, Job) else None
            if job_record:
                artwork.sudo().collector_match_job_id = job_record

    def _collector_match_job(self):
        """The job: rank the collectors for the artwork and notify the advisors of the top ones."""
        self.ensure_one()
        matches = self.env["collector.match"].sudo()._match_collectors_for(self, notify=True)
        return self.env._("%(count)s collectors matched", count=len(matches))

    def action_collector_match(self):
        """Queue the matching now (the advisors of the top collectors are notified) and show the matches."""
        self.ensure_one()
        self._collector_match_enqueue()
        return self.action_collector_matches()

    def action_collector_match_job(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "queue.job",
            "res_id": self.collector_match_job_id.id,
            "view_mode": "form",
        }

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
