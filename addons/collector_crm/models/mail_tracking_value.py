from odoo import models


class MailTrackingValue(models.Model):
    _inherit = "mail.tracking.value"

    def _tracking_value_format_model(self, model):
        """A change of customer tracked in a chatter (an order or a lead moved to or from an
        anonymous collector) stores the name as it was shown to whoever made it: show the alias
        instead to everyone who may not know the collector, as the chatter does for the sender."""
        formatted = super()._tracking_value_format_model(model)
        partner_fields = self.filtered(
            lambda t: t.field_id.ttype == "many2one" and t.field_id.relation == "res.partner"
        )
        if not partner_fields:
            return formatted
        ids = set(partner_fields.mapped("old_value_integer")) | set(partner_fields.mapped("new_value_integer"))
        hidden = self.env["res.partner"].browse(ids - {0})._collector_hidden()
        if not hidden:
            return formatted
        hidden_ids = set(hidden.ids)
        trackings = {tracking.id: tracking for tracking in partner_fields}
        for values in formatted:
            tracking = trackings.get(values["id"])
            if not tracking:
                continue
            for key, fname in (("oldValue", "old_value_integer"), ("newValue", "new_value_integer")):
                if tracking[fname] in hidden_ids:
                    values[key] = hidden.browse(tracking[fname])._collector_anonymous_name()
        return formatted
