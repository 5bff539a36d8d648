from odoo import models

from odoo.addons.customer_core.report.xlsx_formats import money_format


class CommissionSettlementXlsx(models.AbstractModel):
    _name = "report.member_loyalty.commission_settlement_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Commission Settlement Export (xlsx)"

    def _member_columns(self):
        _ = self.env._
        return [
            _("Agent"),
            _("Store"),
            _("Period"),
            _("Date"),
            _("Invoice"),
            _("Product"),
            _("Product Category"),
            _("Plan"),
            _("Sales Base"),
            _("Commission"),
        ]

    def generate_xlsx_report(self, workbook, data, settlements):
        # the reader may read these settlements; their sources (invoice lines) are shown through them
        settlements.check_access("read")
        settlements = settlements.sudo()
        sheet = workbook.add_worksheet(self.env._("Commissions"))
        bold = workbook.add_format({"bold": True, "bg_color": "#EEEEEE", "border": 1})
        money_formats = {}

        def money(currency, bold=False):
            """The amount format of ``currency`` (its symbol and decimals), bold for a total."""
            if (currency, bold) not in money_formats:
                money_formats[currency, bold] = workbook.add_format(
                    {"num_format": money_format(currency), "bold": bold}
                )
            return money_formats[currency, bold]

        day = workbook.add_format({"num_format": "yyyy-mm-dd"})
        columns = self._member_columns()
        for col, title in enumerate(columns):
            sheet.write(0, col, title, bold)
        sheet.set_column(0, 2, 18)
        sheet.set_column(3, 3, 12)
        sheet.set_column(4, 7, 20)
        sheet.set_column(8, 9, 14)
        row = 1
        for settlement in settlements:
            currency = settlement.currency_id or settlement.company_id.currency_id
            period = f"{settlement.date_from} – {settlement.date_to}"
            for line in settlement.line_ids.sorted(lambda line: (line.date, line.id)):
                invoice_line = line.invoice_line_id
                values = [
                    settlement.agent_id.name,
                    settlement.company_id.name,
                    period,
                    line.date,
                    invoice_line.move_id.name or "",
                    invoice_line.product_id.display_name or "",
                    invoice_line.product_id.categ_id.display_name or "",
                    line.commission_id.name,
                    line._member_commission_base() if invoice_line else 0.0,
                    line.settled_amount,
                ]
                for col, value in enumerate(values):
                    if col == 3 and value:
                        sheet.write_datetime(row, col, value, day)
                    elif col >= 8:
                        sheet.write_number(row, col, value, money(currency))
                    else:
                        sheet.write(row, col, value)
                row += 1
            sheet.write(row, 0, settlement.agent_id.name, bold)
            sheet.write(row, 8, self.env._("Total"), bold)
            sheet.write_number(row, 9, settlement.total, money(currency, bold=True))
            row += 2
