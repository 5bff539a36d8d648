from odoo import api, fields, models
from odoo.exceptions import UserError

from .utm_source import LEAD_CHANNELS


class CrmLead(models.Model):
    _inherit = "crm.lead"

    member_lead_channel = fields.Selection(
        string="Store Lead Channel",
        related="source_id.member_lead_channel",
        store=True,
        index="btree_not_null",
    )

    @api.model
    def member_capture_lead(self, values):
        """Entry point for the mini-program, the website and the store counter (also over RPC).

        ``values``: ``name``, ``channel`` (a code of LEAD_CHANNELS), ``store_id`` (a store, i.e. a
        company), optional ``contact_name``, ``phone``, ``email``, ``partner_id``, ``state_id``,
        ``product_category_id``, ``medium_id``, ``description``. The lead goes to the store's sales
        team and is handed out at once by the team members' assignment rules (region, category,
        store, channel); a lead no rule accepts waits unassigned for the next assignment run.
        """
        channels = dict(LEAD_CHANNELS)
        channel = values.get("channel")
        if channel not in channels:
            raise UserError(
                self.env._(
                    "Unknown lead channel %(channel)s; use one of %(channels)s.",
                    channel=channel,
                    channels=", ".join(channels),
                )
            )
        store = self.env["res.company"].browse(values.get("store_id")).exists()
        if not store or store not in self.env.user.company_ids:
            raise UserError(self.env._("A store lead needs a store you work for."))
        if not values.get("name"):
            raise UserError(self.env._("A store lead needs a subject."))
        source = self.env["utm.source"].search([("member_lead_channel", "=", channel)], limit=1)
        team = self.env["crm.team"].search(
            [("company_id", "=", store.id), ("assignment_optout", "=", False)], order="sequence, id", limit=1
        )
        allowed = {
            "contact_name",
            "phone",
            "email_from",
            "partner_id",
            "state_id",
            "product_category_id",
            "medium_id",
            "description",
        }
        vals = {key: value for key, value in values.items() if key in allowed}
        if values.get("email"):
            vals["email_from"] = values["email"]
        vals.update(
            {
                "name": values["name"],
                "type": "lead",
                "company_id": store.id,
                "team_id": team.id,
                "source_id": source.id,
                "user_id": False,
            }
        )
        lead = self.with_company(store).create(vals)
        lead.sudo()._member_assign_by_rules()
        return lead.id

    def _member_assign_by_rules(self):
        """Give each unassigned lead to the member of its team whose assignment rules (customer_core:
        channel, region, category, store) accept it; among several, the one holding fewest open leads.

        The lead-by-lead counterpart of Odoo's batch assignment (which converts and commits in
        bundles, so it stays with its cron); the rules are the same domains."""
        for lead in self.filtered(lambda lead: lead.team_id and not lead.user_id and not lead.in_pool):
            members = lead.team_id.crm_team_member_ids.filtered(
                lambda member: not member.assignment_optout and member.user_id.active
            )
            eligible = members.filtered(lambda member, lead=lead: lead.filtered_domain(member._get_assignment_domain()))
            if not eligible:
                continue
            held = dict(
                self._read_group(
                    [
                        ("team_id", "=", lead.team_id.id),
                        ("user_id", "in", eligible.user_id.ids),
                        ("in_pool", "=", False),
                        ("won_status", "=", "pending"),
                    ],
                    ["user_id"],
                    ["__count"],
                )
            )
            member = min(eligible, key=lambda member: (held.get(member.user_id, 0), member.id))
            lead.user_id = member.user_id
