from odoo import fields, models


class CustomerPoolXlsx(models.AbstractModel):
    _name = "report.customer_core.pool_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Public Pool Excel Export"

    def generate_xlsx_report(self, workbook, data, records):
        """Leads or customers of the public pool (both inherit customer.pool.mixin)."""
        sheet = workbook.add_worksheet(self.env._("Public Pool"))
        bold = workbook.add_format({"bold": True, "bg_color": "#DDEBF7"})
        date_format = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"})
        reasons = dict(records._fields["pool_reason"]._description_selection(self.env))
        headers = [
            self.env._("Lead") if records._name == "crm.lead" else self.env._("Customer"),
            self.env._("Contact"),
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
        field = records._pool_history_field()
        last_release = {}
        for history in self.env["customer.pool.history"].search(
            [(field, "in", records.ids), ("action", "=", "release")], order="date asc, id asc"
        ):
            last_release[history[field].id] = history.user_id.name
        for row, record in enumerate(records, start=1):
            sheet.write(row, 0, record.name)
            if records._name == "crm.lead":
                sheet.write(row, 1, record.partner_id.display_name or record.contact_name or "")
            else:
                sheet.write(row, 1, record.phone or record.email or "")
            sheet.write(row, 2, record.team_id.name or "")
            if record.pool_date:
                local = fields.Datetime.context_timestamp(record, record.pool_date)
                sheet.write_datetime(row, 3, local.replace(tzinfo=None), date_format)
            sheet.write(row, 4, reasons.get(record.pool_reason, ""))
            sheet.write(row, 5, last_release.get(record.id) or "")
            if record.last_contact_date:
                local = fields.Datetime.context_timestamp(record, record.last_contact_date)
                sheet.write_datetime(row, 6, local.replace(tzinfo=None), date_format)
            sheet.write(row, 7, record.company_id.name or "")


class CustomerPoolPartnerXlsx(models.AbstractModel):
    """The same sheet for the customer pool (a report name is bound to one model)."""

    _name = "report.customer_core.pool_partner_xlsx"
    _inherit = "report.customer_core.pool_xlsx"
    _description = "Customer Pool Excel Export"
