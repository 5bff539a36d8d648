from odoo import models

COUNT = "#,##0"
PERCENT = '0.0" %"'


def money_format(currency):
    """The Excel number format of an amount in ``currency``, as Odoo shows it: the symbol before
    or after the figure, the currency's decimals ("¥ 96,000.00")."""
    digits = currency.decimal_places
    number = COUNT + ("." + "0" * digits if digits > 0 else "")
    symbol = (currency.symbol or currency.name).replace('"', "")
    if currency.position == "after":
        return f'{number}"\N{NO-BREAK SPACE}{symbol}"'
    return f'"{symbol}\N{NO-BREAK SPACE}"{number}'


class ArtMarginXlsx(models.AbstractModel):
    _name = "report.artwork_provenance.margin_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Artwork Margin XLSX"

    def generate_xlsx_report(self, workbook, data, objs):
        """One sheet per artwork and one sheet per artist (cost, sale, margin, ROI)."""
        _ = self.env._
        bold = workbook.add_format({"bold": True, "bg_color": "#EFE6D8"})
        currency = objs[:1].currency_id or self.env.company.currency_id
        money = workbook.add_format({"num_format": money_format(currency)})
        pct = workbook.add_format({"num_format": PERCENT})
        count = workbook.add_format({"num_format": COUNT})
        sheet = workbook.add_worksheet(_("Artworks"))
        headers = [
            _("Inventory No."),
            _("Artwork"),
            _("Artist"),
            _("Status"),
            _("Purchase Cost"),
            _("Extra Costs"),
            _("Total Cost"),
            _("Sale Price"),
            _("Margin"),
            _("ROI (%)"),
        ]
        sheet.write_row(0, 0, headers, bold)
        status_labels = dict(objs._fields["status"]._description_selection(self.env))
        for row, rec in enumerate(objs, start=1):
            sheet.write_row(
                row,
                0,
                [
                    rec.artwork_id.inventory_number,
                    rec.artwork_id.name,
                    rec.artist_id.name or "",
                    status_labels.get(rec.status, ""),
                ],
            )
            for col, value in enumerate(
                (rec.purchase_cost, rec.extra_cost, rec.total_cost, rec.sale_price, rec.margin), start=4
            ):
                sheet.write_number(row, col, value, money)
            sheet.write_number(row, 9, rec.roi, pct)
        sheet.set_column(0, 3, 18)
        sheet.set_column(4, 9, 14)

        by_artist = workbook.add_worksheet(_("By Artist"))
        by_artist.write_row(
            0, 0, [_("Artist"), _("# Artworks"), _("Total Cost"), _("Sale Price"), _("Margin"), _("ROI (%)")], bold
        )
        groups = self.env["art.margin.report"]._read_group(
            [("id", "in", objs.ids)], ["artist_id"], ["__count", "total_cost:sum", "sale_price:sum", "margin:sum"]
        )
        count_format = count
        for row, (artist, count, cost, sale, margin) in enumerate(groups, start=1):
            by_artist.write(row, 0, artist.name or _("Unknown"))
            by_artist.write_number(row, 1, count, count_format)
            by_artist.write_number(row, 2, cost, money)
            by_artist.write_number(row, 3, sale, money)
            by_artist.write_number(row, 4, margin, money)
            sold_cost = sum(objs.filtered(lambda r, a=artist: r.artist_id == a and r.sale_price).mapped("total_cost"))
            by_artist.write_number(row, 5, margin * 100.0 / sold_cost if sold_cost else 0.0, pct)
        by_artist.set_column(0, 0, 24)
        by_artist.set_column(1, 5, 14)


class ArtInventoryXlsx(models.AbstractModel):
    _name = "report.artwork_provenance.inventory_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Artwork Inventory XLSX"

    def generate_xlsx_report(self, workbook, data, objs):
        """The selected artworks with place and status, plus counts by artist, period and location."""
        _ = self.env._
        bold = workbook.add_format({"bold": True, "bg_color": "#EFE6D8"})
        money_formats = {}

        def money(currency):
            if currency not in money_formats:
                money_formats[currency] = workbook.add_format({"num_format": money_format(currency)})
            return money_formats[currency]

        count_format = workbook.add_format({"num_format": COUNT})
        sheet = workbook.add_worksheet(_("Inventory"))
        headers = [
            _("Inventory No."),
            _("Artwork"),
            _("Artist"),
            _("Year"),
            _("Period"),
            _("Category"),
            _("Medium"),
            _("Dimensions"),
            _("Location"),
            _("Status"),
            _("Asking Price"),
            _("Price Band"),
        ]
        sheet.write_row(0, 0, headers, bold)
        status_labels = dict(objs._fields["status"]._description_selection(self.env))
        for row, art in enumerate(objs, start=1):
            sheet.write_row(
                row,
                0,
                [
                    art.inventory_number,
                    art.name,
                    art.artist_id.name or "",
                    art.year or "",
                    art.period_id.name or "",
                    art.category_id.name or "",
                    art.medium_id.name or "",
                    art.dimensions_display or "",
                    art.location_id.complete_name or "",
                    status_labels.get(art.status, ""),
                ],
            )
            sheet.write_number(row, 10, art.list_price, money(art.currency_id))
            sheet.write(row, 11, art.price_band_id.name or "")
        sheet.set_column(0, 11, 16)
        for title, field in (
            (_("By Artist"), "artist_id"),
            (_("By Period"), "period_id"),
            (_("By Location"), "location_id"),
            (_("By Price Band"), "price_band_id"),
        ):
            ws = workbook.add_worksheet(title)
            ws.write_row(0, 0, [title, _("# Artworks"), _("Asking Price")], bold)
            groups = self.env["art.artwork"]._read_group(
                [("id", "in", objs.ids)], [field], ["__count", "list_price:sum"]
            )
            for row, (key, count, total) in enumerate(groups, start=1):
                ws.write(row, 0, key.display_name or _("None"))
                ws.write_number(row, 1, count, count_format)
                ws.write_number(row, 2, total, money(self.env.company.currency_id))
            ws.set_column(0, 2, 22)
