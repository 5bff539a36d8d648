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
            # the authors of all the messages read at once, not one message at a time
            authors = {message.id: message.author_id for message in self.browse([v["id"] for v in result]).sudo()}
            hidden = self.env["res.partner"].browse({a.id for a in authors.values()} - {False})._collector_hidden()
            for values in result:
                author = authors[values["id"]]
                if author in hidden:
                    values["email_from"] = author.with_env(self.env)._collector_anonymous_name()
        return result
