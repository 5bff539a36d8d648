from odoo import models

# the modules whose tracked selections are shown in the reader's language
GALLERY_MODULES = ("artwork_provenance", "collector_crm")


class MailTrackingValue(models.Model):
    _inherit = "mail.tracking.value"

    def _tracking_value_format_model(self, model):
        """A tracked selection of the gallery ("Draft → Approved" of a loan, an intake, a collector's
        level) in the reader's language.

        Odoo stores the label of a selection as the writer read it (mail.tracking.value
        ``_create_tracking_values``): a change made in English, or while the addon's Chinese was not
        loaded yet (its demo, at install), reads English to a Chinese colleague for ever. The label
        stored is mapped back to its key through the field's labels in every active language, and
        shown in the reader's; a label no language knows any more (the selection changed) stays as
        it was written."""
        formatted = super()._tracking_value_format_model(model)
        if not model or model not in self.env:
            return formatted
        Model = self.env[model]
        selections = {
            tracking.id: Model._fields[tracking.field_id.name]
            for tracking in self
            if tracking.field_id.ttype == "selection"
            and tracking.field_id.name in Model._fields
            and set(Model._fields[tracking.field_id.name]._modules or ()) & set(GALLERY_MODULES)
        }
        if not selections:
            return formatted
        langs = [code for code, _name in self.env["res.lang"].get_installed()]
        relabel = {}
        for field in set(selections.values()):
            keys = {}
            for lang in langs:
                for key, label in field._description_selection(self.with_context(lang=lang).env):
                    keys.setdefault(label, key)
            here = dict(field._description_selection(self.env))
            relabel[field] = {label: here[key] for label, key in keys.items() if key in here}
        for values in formatted:
            field = selections.get(values["id"])
            if not field:
                continue
            for key in ("oldValue", "newValue"):
                if values.get(key):
                    values[key] = relabel[field].get(values[key], values[key])
        return formatted
