from datetime import timedelta

from odoo import fields, models
from odoo.fields import Domain

from odoo.addons.customer_core.report.xlsx_formats import COUNT, money_format


class CollectorReportXlsx(models.AbstractModel):
    """The collector reports in one workbook (OCA report_xlsx), for the period of the wizard.

    Read with the rights of the user who prints: an advisor who sees their own collectors only
    gets their own figures; anonymous collectors appear under their alias.
    """

    _name = "report.collector_crm.collector_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Collector Reports XLSX"

    def generate_xlsx_report(self, workbook, data, wizards):
        wizard = wizards[:1]
        _ = self.env._
        # the sales report's amounts are in the company's currency
        money = money_format(wizard.company_ids[:1].currency_id or self.env.company.currency_id)
        styles = {
            "title": workbook.add_format({"bold": True, "font_size": 13}),
            "head": workbook.add_format({"bold": True, "bg_color": "#EFE6D8", "border": 1}),
            "money": workbook.add_format({"num_format": money}),
            "count": workbook.add_format({"num_format": COUNT}),
            "total_count": workbook.add_format({"bold": True, "num_format": COUNT, "top": 1}),
            "pct": workbook.add_format({"num_format": "0.0%"}),
            "total": workbook.add_format({"bold": True, "num_format": money, "top": 1}),
            "total_pct": workbook.add_format({"bold": True, "num_format": "0.0%", "top": 1}),
            "total_label": workbook.add_format({"bold": True, "top": 1}),
        }
        date_from, date_to = wizard.date_from, wizard.date_to
        period = _("%(start)s to %(end)s", start=date_from, end=date_to)
        sales_domain = (
            Domain("state", "=", "sale")
            & Domain("date", ">=", fields.Datetime.to_datetime(date_from))
            & Domain("date", "<", fields.Datetime.to_datetime(date_to + timedelta(days=1)))
            & Domain("company_id", "in", wizard.company_ids.ids)
        )
        levels = dict(self.env["res.partner"]._fields["collector_level"]._description_selection(self.env))
        for title, column, groupby, label in (
            (_("By artist"), _("Artist"), "artist_id", lambda a: a.display_name if a else _("No artist")),
            (_("By advisor"), _("Advisor"), "user_id", lambda u: u.display_name if u else _("No advisor")),
            (
                _("By collector level"),
                _("Collector level"),
                "collector_level",
                lambda level: levels.get(level, _("Not a collector")),
            ),
            (_("By collector"), _("Collector"), "partner_id", lambda p: p.display_name),
        ):
            groups = self.env["sale.report"]._read_group(
                sales_domain, [groupby], ["price_subtotal:sum", "margin:sum"], order="price_subtotal:sum desc"
            )
            rows = [(label(g), sales, margin) for g, sales, margin in groups]
            self._write_sales_sheet(workbook, styles, title, column, period, rows)
        self._write_core_sheet(workbook, styles, wizard, period)
        self._write_funnel_sheet(workbook, styles, wizard, period)

    def _write_sales_sheet(self, workbook, styles, title, column, period, rows):
        _ = self.env._
        sheet = workbook.add_worksheet(title)
        sheet.write(0, 0, _("Sales and margin: %(by)s", by=title), styles["title"])
        sheet.write(1, 0, period)
        sheet.write_row(3, 0, [column, _("Sales"), _("Margin"), _("Margin %")], styles["head"])
        row = 4
        for name, sales, margin in rows:
            sheet.write(row, 0, name)
            sheet.write_number(row, 1, sales, styles["money"])
            sheet.write_number(row, 2, margin, styles["money"])
            sheet.write_number(row, 3, margin / sales if sales else 0.0, styles["pct"])
            row += 1
        total_sales, total_margin = sum(r[1] for r in rows), sum(r[2] for r in rows)
        sheet.write(row, 0, _("Total"), styles["total_label"])
        sheet.write_number(row, 1, total_sales, styles["total"])
        sheet.write_number(row, 2, total_margin, styles["total"])
        sheet.write_number(row, 3, total_margin / total_sales if total_sales else 0.0, styles["total_pct"])
        sheet.set_column(0, 0, 32)
        sheet.set_column(1, 3, 16)
        sheet.freeze_panes(4, 1)

    def _write_core_sheet(self, workbook, styles, wizard, period):
        _ = self.env._
        sheet = workbook.add_worksheet(_("New core collectors"))
        sheet.write(0, 0, _("New core collectors by source per half-year"), styles["title"])
        sheet.write(1, 0, period)
        groups = self.env["res.partner"]._read_group(
            Domain("is_collector", "=", True)
            & Domain("collector_level", "=", "core")
            & Domain("collector_core_date", ">=", wizard.date_from)
            & Domain("collector_core_date", "<=", wizard.date_to)
            & Domain("company_id", "in", [*wizard.company_ids.ids, False]),
            ["collector_source_id", "collector_core_half"],
            ["__count"],
        )
        halves = sorted({half for _source, half, _count in groups if half})
        sources = sorted({source for source, _half, _count in groups}, key=lambda s: s.display_name or "")
        counts = {(source, half): count for source, half, count in groups}
        sheet.write_row(3, 0, [_("Source"), *halves, _("Total")], styles["head"])
        for row, source in enumerate(sources, start=4):
            values = [counts.get((source, half), 0) for half in halves]
            sheet.write(row, 0, source.display_name if source else _("No source"))
            sheet.write_row(row, 1, [*values, sum(values)], styles["count"])
        total_row = 4 + len(sources)
        sheet.write(total_row, 0, _("Total"), styles["total_label"])
        column_totals = [sum(counts.get((s, h), 0) for s in sources) for h in halves]
        sheet.write_row(total_row, 1, [*column_totals, sum(column_totals)], styles["total_count"])
        sheet.set_column(0, 0, 28)
        sheet.set_column(1, len(halves) + 1, 12)

    def _write_funnel_sheet(self, workbook, styles, wizard, period):
        _ = self.env._
        sheet = workbook.add_worksheet(_("Matched, shown, sold"))
        sheet.write(0, 0, _("Conversion: matched → shown → sold, by advisor"), styles["title"])
        sheet.write(1, 0, period)
        groups = self.env["collector.match"]._read_group(
            Domain("date", ">=", fields.Datetime.to_datetime(wizard.date_from))
            & Domain("date", "<", fields.Datetime.to_datetime(wizard.date_to + timedelta(days=1)))
            & Domain("company_id", "in", [*wizard.company_ids.ids, False]),
            ["user_id"],
            ["count_matched:sum", "count_shown:sum", "count_sold:sum"],
        )
        sheet.write_row(
            3,
            0,
            [_("Advisor"), _("Matched"), _("Shown"), _("Sold"), _("Shown / matched"), _("Sold / matched")],
            styles["head"],
        )
        rows = [(user.display_name if user else _("No advisor"), m, s, d) for user, m, s, d in groups]
        rows.append((_("Total"), sum(r[1] for r in rows), sum(r[2] for r in rows), sum(r[3] for r in rows)))
        for row, (name, matched, shown, sold) in enumerate(rows, start=4):
            last = row == 3 + len(rows)
            sheet.write(row, 0, name, styles["total_label"] if last else None)
            sheet.write_row(row, 1, [matched, shown, sold], styles["total_count"] if last else styles["count"])
            pct = styles["total_pct"] if last else styles["pct"]
            sheet.write_number(row, 4, shown / matched if matched else 0.0, pct)
            sheet.write_number(row, 5, sold / matched if matched else 0.0, pct)
        sheet.set_column(0, 0, 28)
        sheet.set_column(1, 5, 16)
