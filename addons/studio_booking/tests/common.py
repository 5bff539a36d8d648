from datetime import datetime, timedelta

from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.base.tests.common import BaseCommon

# a Monday far enough ahead; every calendar below is in UTC, open 09:00-18:00 every day
DAY = datetime(2031, 3, 3)


def at(hour, minute=0, days=0):
    return DAY + timedelta(days=days, hours=hour, minutes=minute)


class StudioCommon(BaseCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        main = cls.env.ref("base.main_company")
        cls.store_a = cls.env["res.company"].create({"name": "Test Store A", "parent_id": main.id})
        cls.store_b = cls.env["res.company"].create({"name": "Test Store B", "parent_id": main.id})
        cls.env.user.company_ids |= cls.store_a | cls.store_b
        cls.calendar = cls.env["resource.calendar"].create(
            {
                "name": "Test studio hours",
                "tz": "UTC",
                "company_id": False,
                "attendance_ids": [Command.clear()]
                + [
                    Command.create(
                        {
                            "name": f"d{day}",
                            "dayofweek": str(day),
                            "hour_from": 9.0,
                            "hour_to": 18.0,
                            "day_period": "full_day",
                        }
                    )
                    for day in range(7)
                ],
            }
        )
        cls.room_type = cls.env["studio.room.type"].create({"name": "Test Studio A"})
        Resource = cls.env["resource.resource"]

        def make(name, store, role, **extra):
            return Resource.create(
                {
                    "name": name,
                    "company_id": store.id if store else False,
                    "resource_type": "material",
                    "calendar_id": cls.calendar.id,
                    "tz": "UTC",
                    "studio_role": role,
                    **extra,
                }
            )

        cls.make_resource = staticmethod(make)
        cls.photographer = make("Test Photographer Senior", cls.store_a, "photographer", studio_level="3")
        cls.photographer_2 = make("Test Photographer Chief", cls.store_a, "photographer", studio_level="4")
        cls.photographer_junior = make("Test Photographer Junior", cls.store_a, "photographer", studio_level="1")
        cls.makeup = make("Test Make-up", cls.store_a, "makeup", studio_level="2")
        cls.room = make("Test Room A1", cls.store_a, "room", studio_room_type_id=cls.room_type.id)
        cls.costume = make("Test Costume Gown", cls.store_a, "costume", calendar_id=False)
        cls.photographer_b = make("Test Photographer Store B", cls.store_b, "photographer", studio_level="3")
        cls.garden = make("Test Shared Garden", False, "outdoor")

        cls.package = cls.env["product.product"].create(
            {
                "name": "Test Wedding Package",
                "type": "service",
                "list_price": 6000.0,
                "is_studio_package": True,
                "studio_shoot_type": "wedding",
                "studio_hours": 2.0,
                "studio_setup_minutes": 30,
                "studio_cleanup_minutes": 30,
                "studio_requirement_ids": [
                    Command.create({"role": "photographer", "quantity": 1, "min_level": "3"}),
                    Command.create({"role": "makeup", "quantity": 1}),
                    Command.create({"role": "room", "quantity": 1, "room_type_id": cls.room_type.id}),
                ],
            }
        )
        cls.customer = cls.env["res.partner"].create({"name": "Test Bride Wang", "phone": "13800138000"})
        cls.consultant_a = new_test_user(
            cls.env,
            login="studio_consultant_a",
            groups="studio_booking.group_studio_user",
            company_id=cls.store_a.id,
            company_ids=[Command.set(cls.store_a.ids)],
        )
        cls.consultant_b = new_test_user(
            cls.env,
            login="studio_consultant_b",
            groups="studio_booking.group_studio_user",
            company_id=cls.store_b.id,
            company_ids=[Command.set(cls.store_b.ids)],
        )

    @classmethod
    def book(cls, start, stop, resources, store=None, setup=0, cleanup=0, **extra):
        return cls.env["studio.booking"].create(
            {
                "partner_id": cls.customer.id,
                "company_id": (store or cls.store_a).id,
                "start": start,
                "stop": stop,
                "setup_minutes": setup,
                "cleanup_minutes": cleanup,
                "line_ids": [Command.create({"resource_id": r.id}) for r in resources],
                **extra,
            }
        )
