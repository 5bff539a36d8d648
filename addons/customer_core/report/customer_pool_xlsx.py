from odoo import fields, models


class CustomerPoolXlsx(models.AbstractModel):
    _name = "report.customer_core.pool_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Public Pool Excel Export"

    def generate_xlsx_report(self, workbook, data, leads):
        sheet = workbook.add_worksheet(self.env._("Public Pool"))
        bold = workbook.add_format({"bold": True, "bg_color": "#DDEBF7"})
        date_format = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"})
        reasons = dict(leads._fields["pool_reason"]._description_selection(self.env))
        headers = [
            self.env._("Lead"),
            self.env._("Customer"),
            self.env._("Sales Team"),
            self.env._("Returned to Pool on"),
            self.env._("Pool Reason"),
            self.env._("Last Holder"),
            self.env._("Last Contact"),
            self.env._("Store"),
        ]
        for col, header in enumerate(headers):
            sheet.write(0, col, header, bold)
        sheet.set_column(0, 7, 22)
        last_release = {}
        for history in self.env["customer.pool.history"].search(
            [("lead_id", "in", leads.ids), ("action", "=", "release")], order="date asc, id asc"
        ):
            last_release[history.lead_id.id] = history.user_id.name
        for row, lead in enumerate(leads, start=1):
            sheet.write(row, 0, lead.name)
            sheet.write(row, 1, lead.partner_id.display_name or lead.contact_name or "")
            sheet.write(row, 2, lead.team_id.name or "")
            if lead.pool_date:
                local = fields.Datetime.context_timestamp(lead, lead.pool_date)
                sheet.write_datetime(row, 3, local.replace(tzinfo=None), date_format)
            sheet.write(row, 4, reasons.get(lead.pool_reason, ""))
            sheet.write(row, 5, last_release.get(lead.id) or "")
            if lead.last_contact_date:
                local = fields.Datetime.context_timestamp(lead, lead.last_contact_date)
                sheet.write_datetime(row, 6, local.replace(tzinfo=None), date_format)
            sheet.write(row, 7, lead.company_id.name or "")
