from odoo import models


class MailMessage(models.Model):
    _inherit = "mail.message"

    def _collector_email_from(self):
        """The sender's address as the current user may see it: the alias for a message written
        by an anonymous collector (viewing room, portal, e-mail) whose name the user may not know."""
        self.ensure_one()
        author = self.sudo().author_id.with_env(self.env)
        if author and author._collector_hidden():
            return author._collector_anonymous_name()
        return self.email_from

    def _to_store_defaults(self, target):
        fields = super()._to_store_defaults(target)
        for i, field in enumerate(fields):
            if getattr(field, "field_name", None) == "email_from" and not getattr(field, "value", None):
                field.value = lambda message: message._collector_email_from()
                fields[i] = field
        return fields

    def _read_format(self, fnames, load="_classic_read"):
        result = super()._read_format(fnames, load=load)
        if result and "email_from" in result[0]:
            messages = self.browse([values["id"] for values in result]).sudo()
            self.env["res.partner"]._collector_mask_rows(
                result, [message.author_id.id for message in messages], names=("email_from",)
            )
        return result
