from odoo import models

from odoo.addons.customer_core.report.xlsx_formats import add_formats


class MemberConsumptionXlsx(models.AbstractModel):
    """Consumption analysis as an xlsx workbook (OCA report_xlsx): the key figures of the
    stores chosen, repurchase by store and category, and sales by month."""

    _name = "report.member_loyalty.consumption_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Consumption Analysis (xlsx)"

    def _write_table(self, sheet, header, rows, bold, kinds, formats):
        """Headers, then the rows; a figure shown as the kind of its column says (``kinds``):
        ``money`` (in the store's currency), ``count``, ``points``, ``percent``, ``days``."""
        for col, title in enumerate(header):
            sheet.write(0, col, title, bold)
            sheet.set_column(col, col, max(12, len(title) + 2))
        for row_index, (currency, row) in enumerate(rows, start=1):
            for col, value in enumerate(row):
                if kinds[col] == "text" or not isinstance(value, int | float) or isinstance(value, bool):
                    sheet.write(row_index, col, value)
                else:
                    sheet.write_number(row_index, col, value, formats(currency)[kinds[col]])

    def generate_xlsx_report(self, workbook, data, objects):
        bold = workbook.add_format({"bold": True})
        _ = self.env._
        by_currency = {}

        def formats(currency):
            if currency not in by_currency:
                by_currency[currency] = add_formats(workbook, currency, points_unit=_("pts"))
                by_currency[currency]["days"] = workbook.add_format({"num_format": "0"})
            return by_currency[currency]

        stores = objects.store_id
        self._write_table(
            workbook.add_worksheet(_("Key Figures")),
            [
                _("Store"),
                _("Sales (12 months)"),
                _("Orders"),
                _("Basket Size"),
                _("Member Share (%)"),
                _("Repurchase Rate (%)"),
                _("Members"),
                _("New Members (30 days)"),
                _("Points Outstanding"),
                _("Stored Value Held"),
            ],
            [
                (
                    rec.store_id.currency_id,
                    (
                        rec.store_id.name,
                        rec.sales,
                        rec.order_count,
                        rec.basket,
                        rec.member_share,
                        rec.repurchase_rate,
                        rec.member_count,
                        rec.new_member_count,
                        rec.points_outstanding,
                        rec.stored_value,
                    ),
                )
                for rec in objects
            ],
            bold,
            ["text", "money", "count", "money", "percent", "percent", "count", "count", "points", "money"],
            formats,
        )
        repurchase = self.env["member.repurchase.report"].search([("store_id", "in", stores.ids)])
        self._write_table(
            workbook.add_worksheet(_("Repurchase")),
            [
                _("Store"),
                _("Product Category"),
                _("Customers"),
                _("Repeat Customers"),
                _("Repurchase Rate (%)"),
                _("Median Days Between Purchases"),
                _("Purchases"),
                _("Sales"),
            ],
            [
                (
                    rec.store_id.currency_id,
                    (
                        rec.store_id.name,
                        rec.categ_id.complete_name or "",
                        rec.customer_count,
                        rec.repurchaser_count,
                        rec.repurchase_rate,
                        rec.median_interval,
                        rec.purchase_count,
                        rec.amount,
                    ),
                )
                for rec in repurchase
            ],
            bold,
            ["text", "text", "count", "count", "percent", "days", "count", "money"],
            formats,
        )
        groups = self.env["member.sales.report"]._read_group(
            [("store_id", "in", stores.ids)],
            ["store_id", "date:month", "is_member", "buyer_type"],
            ["amount:sum", "order_count:sum", "partner_id:count_distinct"],
        )
        self._write_table(
            workbook.add_worksheet(_("Monthly Sales")),
            [
                _("Store"),
                _("Month"),
                _("Member"),
                _("New / Returning"),
                _("Sales"),
                _("Orders"),
                _("Basket Size"),
                _("Customers"),
            ],
            [
                (
                    store.currency_id,
                    (
                        store.name,
                        month.strftime("%Y-%m") if month else "",
                        _("Member") if is_member else _("Non-member"),
                        dict(
                            self.env["member.sales.report"]._fields["buyer_type"]._description_selection(self.env)
                        ).get(buyer_type, ""),
                        amount,
                        orders,
                        amount / orders if orders else 0.0,
                        customers,
                    ),
                )
                for store, month, is_member, buyer_type, amount, orders, customers in groups
            ],
            bold,
            ["text", "text", "text", "text", "money", "count", "money", "count"],
            formats,
        )
