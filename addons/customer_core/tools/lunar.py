"""Chinese lunar calendar (农历) conversions, on borax's tables (MIT, pure Python, years 1900-2100).

A lunar key date is a month, a day and whether it is the leap month (闰月). Each lunar year it falls
on one Gregorian day, chosen the way families keep such dates:

* a leap-month date falls in the leap month in the years that have that leap month, and in the
  ordinary month of the same number in the other years (most years have no leap month);
* day 30 of a month that has 29 days that year falls on the 29th, the month's last day
  (a birthday on 腊月三十 is kept on 除夕, the eve of the new year).
"""

from borax.calendars.lunardate import MAX_LUNAR_YEAR, MIN_LUNAR_YEAR, LCalendars, LunarDate

MONTH_NAMES_ZH = ["正", "二", "三", "四", "五", "六", "七", "八", "九", "十", "冬", "腊"]
DAY_TENS_ZH = ["初", "十", "廿", "三"]
DAY_UNITS_ZH = ["十", "一", "二", "三", "四", "五", "六", "七", "八", "九"]


def year_in_range(year):
    return MIN_LUNAR_YEAR <= year <= MAX_LUNAR_YEAR


def lunar_to_solar(year, month, day, leap=False):
    """The Gregorian date of lunar ``month``/``day`` (leap month when ``leap``) in lunar ``year``,
    with the two rules above; None outside the years the tables cover."""
    if not year_in_range(year) or not (1 <= month <= 12 and 1 <= day <= 30):
        return None
    leap = bool(leap) and LCalendars.leap_month(year) == month
    day = min(day, LCalendars.ndays(year, month, int(leap)))
    return LunarDate(year, month, day, int(leap)).to_solar_date()


def solar_to_lunar(date):
    """(lunar year, month, day, leap) of a Gregorian date; None outside the tables."""
    try:
        lunar = LunarDate.from_solar(date)
    except ValueError:
        return None
    return lunar.year, lunar.month, lunar.day, bool(lunar.leap)


def year_table(year):
    """Every (month, leap, day) a key date may hold → its Gregorian date in lunar ``year``:
    12 months × (ordinary, leap) × days 1-30 = 720 rows, the rules above applied."""
    return [
        (month, leap, day, lunar_to_solar(year, month, day, leap))
        for month in range(1, 13)
        for leap in (False, True)
        for day in range(1, 31)
    ]


def format_zh(month, day, leap=False):
    """农历闰二月初十, 农历八月十五, 农历腊月三十."""
    if day == 10:
        day_text = "初十"
    elif day == 20:
        day_text = "二十"
    elif day == 30:
        day_text = "三十"
    else:
        day_text = DAY_TENS_ZH[day // 10] + DAY_UNITS_ZH[day % 10]
    return "农历{}{}月{}".format("闰" if leap else "", MONTH_NAMES_ZH[month - 1], day_text)
