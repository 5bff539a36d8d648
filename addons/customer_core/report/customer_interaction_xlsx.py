from odoo import fields, models


class CustomerInteractionXlsx(models.AbstractModel):
    _name = "report.customer_core.interaction_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Interaction Log Excel Export"

    def generate_xlsx_report(self, workbook, data, interactions):
        sheet = workbook.add_worksheet(self.env._("Interactions"))
        bold = workbook.add_format({"bold": True, "bg_color": "#DDEBF7"})
        date_format = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"})
        types = dict(interactions._fields["interaction_type"]._description_selection(self.env))
        headers = [
            self.env._("Date"),
            self.env._("Customer"),
            self.env._("Type"),
            self.env._("Subject"),
            self.env._("Duration (hours)"),
            self.env._("Logged by"),
            self.env._("Lead/Opportunity"),
            self.env._("About"),
            self.env._("Store"),
            self.env._("Summary"),
        ]
        for col, header in enumerate(headers):
            sheet.write(0, col, header, bold)
        sheet.set_column(0, 0, 18)
        sheet.set_column(1, 9, 20)
        for row, interaction in enumerate(interactions, start=1):
            local_date = fields.Datetime.context_timestamp(interaction, interaction.date)
            sheet.write_datetime(row, 0, local_date.replace(tzinfo=None), date_format)
            sheet.write(row, 1, interaction.partner_id.display_name)
            sheet.write(row, 2, types.get(interaction.interaction_type, ""))
            sheet.write(row, 3, interaction.name)
            sheet.write_number(row, 4, interaction.duration)
            sheet.write(row, 5, interaction.user_id.name or "")
            sheet.write(row, 6, interaction.lead_id.name or "")
            sheet.write(row, 7, interaction.res_name or "")
            sheet.write(row, 8, interaction.company_id.name or "")
            sheet.write(row, 9, interaction.summary or "")
