"""Number formats of the suite's spreadsheets (OCA report_xlsx).

An amount shows its currency as Odoo shows it on screen (the currency's symbol, before or after
the figure, with the currency's decimals: "¥ 96,000.00"), points and counts are whole numbers,
points with their unit ("1,200 积分" / "1,200 pts").
"""

COUNT = "#,##0"


def _literal(text):
    """``text`` as a literal of an Excel number format."""
    return '"%s"' % (text or "").replace('"', "")


def money_format(currency):
    """The Excel number format of an amount in ``currency`` (a res.currency record)."""
    digits = currency.decimal_places
    number = COUNT + ("." + "0" * digits if digits > 0 else "")
    symbol = currency.symbol or currency.name
    if currency.position == "after":
        return number + _literal("\N{NO-BREAK SPACE}" + symbol)
    return _literal(symbol + "\N{NO-BREAK SPACE}") + number


def points_format(unit):
    """The Excel number format of points: whole numbers followed by their (translated) unit."""
    return COUNT + _literal(" " + unit)


def add_formats(workbook, currency, points_unit=None, **extra):
    """The workbook formats ``money``, ``count``, ``percent`` (a figure already in percent, one
    decimal) and, given their unit, ``points``; ``extra`` is merged into each (e.g. bold=True)."""
    formats = {
        "money": workbook.add_format({"num_format": money_format(currency), **extra}),
        "count": workbook.add_format({"num_format": COUNT, **extra}),
        "percent": workbook.add_format({"num_format": '0.0" %"', **extra}),
    }
    if points_unit:
        formats["points"] = workbook.add_format({"num_format": points_format(points_unit), **extra})
    return formats
