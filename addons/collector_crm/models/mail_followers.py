from odoo import models


class MailFollowers(models.Model):
    _inherit = "mail.followers"

    def _read_format(self, fnames, load="_classic_read"):
        """The follower list of the chatter: an anonymous collector under the alias, without the
        e-mail that would tell who it is (``name`` and ``email`` are related to the partner and
        read with sudo)."""
        result = super()._read_format(fnames, load=load)
        shown = {"name", "display_name", "email"}.intersection(result[0]) if result else None
        if not shown:
            return result
        followers = self.browse([values["id"] for values in result]).sudo()
        return self.env["res.partner"]._collector_mask_rows(
            result, [follower.partner_id.id for follower in followers], shown - {"email"}, shown & {"email"}
        )
