from bisect import bisect_right
from collections import defaultdict
from datetime import datetime, timedelta

from pytz import utc

from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import SQL, format_datetime

STUDIO_ROLES = [
    ("photographer", "Photographer"),
    ("makeup", "Make-up Artist"),
    ("assistant", "Assistant"),
    ("retoucher", "Retoucher"),
    ("room", "Room"),
    ("outdoor", "Outdoor Location"),
    ("costume", "Costume"),
    ("prop", "Prop"),
]
STUDIO_PEOPLE_ROLES = ("photographer", "makeup", "assistant", "retoucher")
STUDIO_LEVELS = [
    ("1", "Junior"),
    ("2", "Intermediate"),
    ("3", "Senior"),
    ("4", "Chief"),
    ("5", "Director"),
]
STUDIO_SIZES = [
    ("child", "Child"),
    ("xs", "XS"),
    ("s", "S"),
    ("m", "M"),
    ("l", "L"),
    ("xl", "XL"),
    ("xxl", "XXL"),
]


def _to_naive_utc(value):
    return value.astimezone(utc).replace(tzinfo=None)


def _merge(intervals):
    """Sort and merge touching or overlapping (start, stop) pairs."""
    merged = []
    for start, stop in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], stop)
        else:
            merged.append([start, stop])
    return [(start, stop) for start, stop in merged]


def _subtract(intervals, busy):
    """intervals minus busy; both sorted, merged lists of (start, stop). Linear."""
    result = []
    index, count = 0, len(busy)
    for start, stop in intervals:
        while index < count and busy[index][1] <= start:
            index += 1
        cursor = start
        scan = index
        while scan < count and busy[scan][0] < stop:
            b_start, b_stop = busy[scan]
            if b_start > cursor:
                result.append((cursor, b_start))
            cursor = max(cursor, b_stop)
            if cursor >= stop:
                break
            scan += 1
        if cursor < stop:
            result.append((cursor, stop))
    return result


class StudioFreeTime:
    """The free intervals of one resource, with fast look-ups."""

    __slots__ = ("starts", "stops")

    def __init__(self, intervals):
        self.starts = [start for start, _stop in intervals]
        self.stops = [stop for _start, stop in intervals]

    def fits(self, start, stop):
        index = bisect_right(self.starts, start) - 1
        return index >= 0 and self.stops[index] >= stop

    def next_fit(self, start, length):
        """Earliest moment >= start where a window of `length` fits, or None."""
        index = max(bisect_right(self.starts, start) - 1, 0)
        for i in range(index, len(self.starts)):
            begin = max(self.starts[i], start)
            if self.stops[i] - begin >= length:
                return begin
        return None


class ResourceResource(models.Model):
    _inherit = "resource.resource"

    studio_role = fields.Selection(STUDIO_ROLES, index=True)
    studio_level = fields.Selection(STUDIO_LEVELS, string="Level")
    studio_room_type_id = fields.Many2one("studio.room.type", string="Room Type", index="btree_not_null")
    studio_costume_size = fields.Selection(STUDIO_SIZES, string="Size")
    studio_costume_style = fields.Char(string="Costume Style", translate=True)
    studio_booking_line_ids = fields.One2many(
        "studio.booking.line", "resource_id", string="Bookings", groups="studio_booking.group_studio_user"
    )

    # ------------------------------------------------------------------
    # availability engine (all datetimes naive UTC, as Odoo stores them)
    # ------------------------------------------------------------------
    def _studio_work_intervals(self, start, stop):
        """{resource id: [(start, stop)]} of working time, leaves removed."""
        result = {}
        by_calendar = defaultdict(list)
        for resource in self:
            by_calendar[resource.calendar_id].append(resource.id)
        start_aware, stop_aware = utc.localize(start), utc.localize(stop)
        for calendar, resource_ids in by_calendar.items():
            if not calendar:
                for resource_id in resource_ids:
                    result[resource_id] = [(start, stop)]
                continue
            resources = self.browse(resource_ids)
            batch = calendar._work_intervals_batch(start_aware, stop_aware, resources=resources)
            for resource_id in resource_ids:
                result[resource_id] = _merge(
                    (_to_naive_utc(begin), _to_naive_utc(end)) for begin, end, _rec in batch[resource_id]
                )
        return result

    def _studio_busy_intervals(self, start, stop, exclude_booking_ids=()):
        """{resource id: [(start, stop)]} taken by bookings (buffers included).

        Read with SQL on purpose: a resource shared between stores is busy even
        when the booking holding it belongs to a store the user cannot see.
        """
        busy = defaultdict(list)
        if not self:
            return busy
        self.env["studio.booking.line"].flush_model(
            ["resource_id", "buffer_start", "buffer_stop", "blocking", "booking_id"]
        )
        self.env.cr.execute(
            SQL(
                """SELECT resource_id, buffer_start, buffer_stop
                     FROM studio_booking_line
                    WHERE blocking
                      AND resource_id = ANY(%(resources)s)
                      AND buffer_start < %(stop)s AND buffer_stop > %(start)s
                      AND booking_id <> ALL(%(exclude)s)
                 ORDER BY resource_id, buffer_start""",
                resources=list(self.ids),
                start=start,
                stop=stop,
                exclude=list(exclude_booking_ids) or [0],
            )
        )
        for resource_id, begin, end in self.env.cr.fetchall():
            busy[resource_id].append((begin, end))
        return busy

    def _studio_free_time(self, start, stop, exclude_booking_ids=()):
        """{resource id: StudioFreeTime} between start and stop."""
        work = self._studio_work_intervals(start, stop)
        busy = self._studio_busy_intervals(start, stop, exclude_booking_ids)
        return {
            resource.id: StudioFreeTime(_subtract(work[resource.id], _merge(busy.get(resource.id, []))))
            for resource in self
        }

    @api.model
    def _studio_candidates_domain(self, requirement, company):
        domain = Domain("studio_role", "=", requirement["role"]) & Domain("company_id", "in", [company.id, False])
        if requirement.get("min_level"):
            domain &= Domain("studio_level", ">=", requirement["min_level"])
        if requirement.get("room_type_id"):
            domain &= Domain("studio_room_type_id", "=", requirement["room_type_id"])
        if requirement.get("resource_ids"):
            domain &= Domain("id", "in", requirement["resource_ids"])
        return domain

    @api.model
    def _studio_find_slots(self, requirements, company, date_from, date_to, duration, limit=5, chunk_days=10, **kw):
        """Earliest start times when every requirement is met (see
        ``_studio_find_slots_window``), searched window by window so that the
        working time and bookings of far-away weeks are read only when needed."""
        found = []
        start = date_from
        while start <= date_to and len(found) < limit:
            stop = min(start + timedelta(days=chunk_days), date_to)
            found += self._studio_find_slots_window(
                requirements, company, start, stop, duration, limit=limit - len(found), **kw
            )
            if stop >= date_to:
                break
            start = stop + timedelta(seconds=1)
        return found

    @api.model
    def _studio_find_slots_window(
        self,
        requirements,
        company,
        date_from,
        date_to,
        duration,
        setup=0,
        cleanup=0,
        limit=5,
        step=30,
        exclude_booking_ids=(),
    ):
        """Earliest start times when every requirement is met.

        :param requirements: list of dicts with ``role``, ``quantity`` and
            optional ``min_level``, ``room_type_id``, ``resource_ids``
        :param duration: shoot length in hours; ``setup``/``cleanup`` minutes
        :param step: granularity of the proposed start times, in minutes
        :return: list of dicts ``start``, ``stop``, ``resource_ids`` (naive UTC)
        """
        setup_td = timedelta(minutes=setup or 0)
        duration_td = timedelta(hours=duration)
        cleanup_td = timedelta(minutes=cleanup or 0)
        total = setup_td + duration_td + cleanup_td
        step_td = timedelta(minutes=max(step, 5))
        reqs = []
        all_ids = set()
        for requirement in requirements:
            candidates = self.search(
                self._studio_candidates_domain(requirement, company),
                order="studio_level, name, id",
            )
            quantity = max(requirement.get("quantity") or 1, 1)
            if len(candidates) < quantity:
                return []
            reqs.append((candidates.ids, quantity))
            all_ids.update(candidates.ids)
        reqs.sort(key=lambda req: len(req[0]) / req[1])
        free = self.browse(sorted(all_ids))._studio_free_time(
            date_from - setup_td, date_to + total, exclude_booking_ids
        )
        epoch = datetime(2000, 1, 1)
        step_s = step_td.total_seconds()

        def align(moment):
            seconds = (moment - epoch).total_seconds()
            rest = seconds % step_s
            return moment + timedelta(seconds=step_s - rest) if rest else moment

        found = []
        moment = align(date_from)
        while moment <= date_to and len(found) < limit:
            begin, end = moment - setup_td, moment + duration_td + cleanup_td
            used = set()
            next_moment = None
            for candidate_ids, quantity in reqs:
                got = []
                for resource_id in candidate_ids:
                    if resource_id not in used and free[resource_id].fits(begin, end):
                        got.append(resource_id)
                        if len(got) == quantity:
                            break
                if len(got) < quantity:
                    nexts = [
                        free[resource_id].next_fit(begin + timedelta(seconds=1), total) for resource_id in candidate_ids
                    ]
                    nexts = [n for n in nexts if n is not None]
                    next_moment = min(nexts) + setup_td if nexts else date_to + step_td
                    break
                used.update(got)
            if next_moment is None:
                found.append(
                    {
                        "start": moment,
                        "stop": moment + duration_td,
                        "resource_ids": [rid for ids, _q in reqs for rid in ids if rid in used],
                    }
                )
                moment += step_td
            else:
                moment = max(align(next_moment), moment + step_td)
        return found

    def _studio_is_free(self, start, stop, exclude_booking_ids=()):
        self.ensure_one()
        return self._studio_free_time(start, stop, exclude_booking_ids)[self.id].fits(start, stop)

    def _studio_alternatives(self, start, stop, company=None, exclude_booking_ids=()):
        """Resources of the same kind (same role, level at least as high, same
        room type) that are free between start and stop."""
        self.ensure_one()
        requirement = {
            "role": self.studio_role,
            "min_level": self.studio_level,
            "room_type_id": self.studio_room_type_id.id,
        }
        company = company or self.company_id or self.env.company
        candidates = self.search(
            self._studio_candidates_domain(requirement, company) & Domain("id", "!=", self.id),
            order="studio_level, name, id",
        )
        free = candidates._studio_free_time(start, stop, exclude_booking_ids)
        return candidates.filtered(lambda res: free[res.id].fits(start, stop))

    def _studio_unavailability_reasons(self, start, stop, exclude_booking_ids=()):
        """Plain sentences saying why this resource cannot take start-stop."""
        self.ensure_one()
        reasons = []
        lines = (
            self.env["studio.booking.line"]
            .sudo()
            .search(
                [
                    ("resource_id", "=", self.id),
                    ("blocking", "=", True),
                    ("buffer_start", "<", stop),
                    ("buffer_stop", ">", start),
                    ("booking_id", "not in", list(exclude_booking_ids)),
                ],
                order="buffer_start",
            )
        )
        for line in lines:
            reasons.append(
                self.env._(
                    "Booked by %(booking)s from %(start)s to %(stop)s (set-up and clean-up included).",
                    booking=line.booking_id.name,
                    start=format_datetime(self.env, line.buffer_start, dt_format="short"),
                    stop=format_datetime(self.env, line.buffer_stop, dt_format="short"),
                )
            )
        leaves = (
            self.env["resource.calendar.leaves"]
            .sudo()
            .search(
                Domain("date_from", "<", stop)
                & Domain("date_to", ">", start)
                & (
                    Domain("resource_id", "=", self.id)
                    | (
                        Domain("resource_id", "=", False)
                        & Domain("calendar_id", "in", [self.calendar_id.id, False])
                        & Domain("company_id", "in", [self.company_id.id, False])
                    )
                ),
                order="date_from",
            )
        )
        for leave in leaves:
            reasons.append(
                self.env._(
                    "On leave (%(leave)s) from %(start)s to %(stop)s.",
                    leave=leave.name or self.env._("Time off"),
                    start=format_datetime(self.env, leave.date_from, dt_format="short"),
                    stop=format_datetime(self.env, leave.date_to, dt_format="short"),
                )
            )
        if self.calendar_id and not leaves:
            work = self.calendar_id._work_intervals_batch(
                utc.localize(start),
                utc.localize(stop),
                resources=self,
                compute_leaves=False,
            )[self.id]
            merged = _merge((_to_naive_utc(begin), _to_naive_utc(end)) for begin, end, _r in work)
            if not StudioFreeTime(merged).fits(start, stop):
                reasons.append(
                    self.env._(
                        "Outside the working hours (%(calendar)s).",
                        calendar=self.calendar_id.name,
                    )
                )
        return reasons
