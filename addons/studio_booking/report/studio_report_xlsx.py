from odoo import fields, models

from odoo.addons.customer_core.report.xlsx_formats import add_formats

# the columns of each report's spreadsheet, in order
XLSX_COLUMNS = {
    "studio.channel.report": [
        "month",
        "source_id",
        "company_id",
        "leads",
        "orders",
        "revenue",
        "cost",
        "profit",
        "roi",
    ],
    "studio.package.report": [
        "month",
        "product_id",
        "shoot_type",
        "company_id",
        "quantity",
        "revenue",
        "cost",
        "margin",
        "margin_percent",
    ],
    "studio.utilisation.report": [
        "week",
        "company_id",
        "resource_id",
        "role",
        "shoots",
        "booked_hours",
        "working_hours",
        "utilisation",
    ],
    "studio.rating": ["date", "company_id", "sale_order_id", "target", "resource_id", "score", "comment"],
    "studio.customer.report": [
        "company_id",
        "partner_id",
        "first_order",
        "last_order",
        "orders",
        "revenue",
        "repeat_customers",
        "referred_customers",
    ],
}

# how each figure is shown: amounts in the store's currency, counts and percentages
MONEY = {"revenue", "cost", "profit", "margin", "average_order", "amount"}
COUNTS = {"leads", "orders", "quantity", "shoots", "customers", "repeat_customers", "referred_customers"}
PERCENTS = {"roi", "margin_percent", "utilisation", "repurchase_rate", "referral_rate"}


class StudioReportXlsx(models.AbstractModel):
    """The selected rows of a studio report as a spreadsheet (OCA report_xlsx)."""

    _name = "report.studio_booking.report_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Studio Report Spreadsheet"

    def _value(self, record, name):
        field = record._fields[name]
        value = record[name]
        if field.type == "many2one":
            return value.display_name or ""
        if field.type == "selection":
            return dict(field._description_selection(self.env)).get(value, "") if value else ""
        if field.type in ("date", "datetime"):
            return fields.Date.to_string(value) if value else ""
        return value if value is not False else ""

    def _kind(self, name):
        if name in MONEY:
            return "money"
        if name in COUNTS:
            return "count"
        if name in PERCENTS:
            return "percent"
        return "number"

    def _summary(self, objs):
        """Extra sheet lines: (label, value, kind) triples, e.g. the rates of the selection."""
        if objs._name == "studio.customer.report" and objs:
            customers = len(objs)
            return [
                (self.env._("Customers"), customers, "count"),
                (
                    self.env._("Repurchase Rate (%)"),
                    100.0 * sum(objs.mapped("repeat_customers")) / customers,
                    "percent",
                ),
                (
                    self.env._("Referral Rate (%)"),
                    100.0 * sum(objs.mapped("referred_customers")) / customers,
                    "percent",
                ),
            ]
        if objs._name == "studio.rating" and objs:
            by_staff = {}
            for rating in objs.filtered("resource_id"):
                by_staff.setdefault(rating.resource_id.display_name, []).append(rating.score)
            return [
                (self.env._("Average score of %(staff)s", staff=name), sum(scores) / len(scores), "number")
                for name, scores in sorted(by_staff.items())
            ]
        return []

    def _write_sheet(self, workbook, title, headers, rows, kinds):
        """A sheet: bold headers, then the rows, each ``(currency, values)``; a number is shown
        as the kind of its column says (``kinds``): an amount in the row's currency, a count,
        a percentage or a plain number."""
        bold = workbook.add_format({"bold": True})
        number = workbook.add_format({"num_format": "#,##0.00"})
        formats = {}
        sheet = workbook.add_worksheet(title[:31])
        for col, label in enumerate(headers):
            sheet.write(0, col, label, bold)
            sheet.set_column(col, col, 16)
        for row, (currency, values) in enumerate(rows, start=1):
            if currency not in formats:
                formats[currency] = add_formats(workbook, currency)
            for col, value in enumerate(values):
                if isinstance(value, int | float) and not isinstance(value, bool):
                    kind = kinds[col] if isinstance(kinds, list) else kinds(row - 1)
                    sheet.write_number(row, col, value, formats[currency].get(kind, number))
                else:
                    sheet.write(row, col, value)
        return sheet

    def _currency(self, record):
        company = record.company_id if "company_id" in record._fields else record.env.company
        return (company or self.env.company).currency_id

    def generate_xlsx_report(self, workbook, data, objs):
        columns = XLSX_COLUMNS.get(objs._name) or [
            name for name, field in objs._fields.items() if field.store and name != "id"
        ]
        self._write_sheet(
            workbook,
            objs._description,
            [objs._fields[name]._description_string(self.env) for name in columns],
            ((self._currency(record), [self._value(record, name) for name in columns]) for record in objs),
            [self._kind(name) for name in columns],
        )
        summary = self._summary(objs)
        if summary:
            self._write_sheet(
                workbook,
                self.env._("Summary"),
                [self.env._("Figure"), self.env._("Value")],
                ((self.env.company.currency_id, [label, value]) for label, value, _kind in summary),
                lambda index: summary[index][2],
            )


# one report name per report model (report_xlsx finds the model from the report name)
class StudioChannelReportXlsx(models.AbstractModel):
    _name = "report.studio_booking.channel_report_xlsx"
    _inherit = "report.studio_booking.report_xlsx"
    _description = "Channel ROI Spreadsheet"


class StudioPackageReportXlsx(models.AbstractModel):
    _name = "report.studio_booking.package_report_xlsx"
    _inherit = "report.studio_booking.report_xlsx"
    _description = "Package Margin Spreadsheet"


class StudioUtilisationReportXlsx(models.AbstractModel):
    _name = "report.studio_booking.utilisation_report_xlsx"
    _inherit = "report.studio_booking.report_xlsx"
    _description = "Utilisation Spreadsheet"


class StudioRatingReportXlsx(models.AbstractModel):
    _name = "report.studio_booking.rating_report_xlsx"
    _inherit = "report.studio_booking.report_xlsx"
    _description = "Satisfaction Spreadsheet"


class StudioCustomerReportXlsx(models.AbstractModel):
    _name = "report.studio_booking.customer_report_xlsx"
    _inherit = "report.studio_booking.report_xlsx"
    _description = "Repurchase and Referral Spreadsheet"


class StudioStoreReportXlsx(models.AbstractModel):
    """The head office's store comparison (from its wizard): one line per store."""

    _name = "report.studio_booking.store_report_xlsx"
    _inherit = "report.studio_booking.report_xlsx"
    _description = "Store Comparison Spreadsheet"

    def generate_xlsx_report(self, workbook, data, objs):
        wizard = objs[:1]
        rows = wizard._rows() if wizard else []
        keys = ["orders", "revenue", "average_order", "margin", "shoots", "shoot_hours", "satisfaction"]
        keys += ["customers", "repurchase_rate", "referral_rate"]
        labels = [
            self.env._("Store"),
            self.env._("Orders"),
            self.env._("Revenue"),
            self.env._("Average Order"),
            self.env._("Package Margin"),
            self.env._("Shoots"),
            self.env._("Shoot Hours"),
            self.env._("Satisfaction"),
            self.env._("New Customers"),
            self.env._("Repurchase Rate (%)"),
            self.env._("Referral Rate (%)"),
        ]
        self._write_sheet(
            workbook,
            self.env._("Store Comparison"),
            labels,
            (
                (values["company"].currency_id, [values["company"].name] + [values[key] for key in keys])
                for values in rows
            ),
            ["text"] + [self._kind(key) for key in keys],
        )
