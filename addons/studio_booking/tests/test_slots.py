from odoo.tests import Form, tagged

from .common import StudioCommon, at


@tagged("post_install", "-at_install")
class TestSlots(StudioCommon):
    def find(self, date_from, date_to, limit=3, step=30, requirements=None):
        return self.env["resource.resource"]._studio_find_slots(
            requirements or self.package.product_tmpl_id._studio_requirements(),
            self.store_a,
            date_from,
            date_to,
            2.0,
            setup=30,
            cleanup=30,
            limit=limit,
            step=step,
        )

    def test_suggestions_within_working_hours(self):
        slots = self.find(at(0), at(23))
        # opening at 09:00 with 30 minutes of set-up: the first shoot starts 09:30
        self.assertEqual([s["start"] for s in slots], [at(9, 30), at(10), at(10, 30)])
        # the shoot plus clean-up must end by 18:00: the last start is 15:30
        late = self.find(at(15), at(23), limit=10)
        self.assertEqual(late[-1]["start"], at(15, 30))
        first = self.env["resource.resource"].browse(slots[0]["resource_ids"])
        self.assertEqual(sorted(first.mapped("studio_role")), ["makeup", "photographer", "room"])
        # the least senior photographer that meets "senior or above"
        self.assertIn(self.photographer, first)
        self.assertNotIn(self.photographer_junior, first)
        self.assertNotIn(self.photographer_b, first, "another store's photographer")

    def test_suggestions_skip_bookings(self):
        # the only make-up artist is busy in the morning
        self.book(at(9, 30), at(12), self.makeup, setup=30, cleanup=30)
        slots = self.find(at(0), at(23), limit=1)
        # free from 12:30; with set-up the shoot starts at 13:00
        self.assertEqual(slots[0]["start"], at(13))

    def test_suggestions_use_another_free_person(self):
        self.book(at(9), at(18), self.photographer)
        slots = self.find(at(0), at(23), limit=1)
        self.assertEqual(slots[0]["start"], at(9, 30))
        self.assertIn(self.photographer_2.id, slots[0]["resource_ids"])

    def test_suggestions_respect_leaves(self):
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Test sick day",
                "resource_id": self.makeup.id,
                "calendar_id": self.calendar.id,
                "company_id": self.store_a.id,
                "date_from": at(0),
                "date_to": at(23, 59),
            }
        )
        slots = self.find(at(0), at(0, days=3), limit=1)
        self.assertEqual(slots[0]["start"], at(9, 30, days=1))
        reasons = self.makeup._studio_unavailability_reasons(at(10), at(12))
        self.assertTrue(any("Test sick day" in reason for reason in reasons), reasons)

    def test_no_suggestion_when_nothing_fits(self):
        self.book(at(9), at(18), self.room)
        self.assertEqual(self.find(at(0), at(23)), [])

    def test_who_else_is_free_and_why_not(self):
        booking = self.book(at(10), at(12), self.photographer)
        self.assertFalse(self.photographer._studio_is_free(at(11), at(13)))
        others = self.photographer._studio_alternatives(at(11), at(13))
        self.assertIn(self.photographer_2, others)
        self.assertNotIn(self.photographer, others)
        self.assertNotIn(self.photographer_junior, others, "below the level asked")
        self.assertNotIn(self.photographer_b, others, "another store")
        reasons = self.photographer._studio_unavailability_reasons(at(11), at(13))
        self.assertTrue(any(booking.name in reason for reason in reasons), reasons)
        night = self.photographer_2._studio_unavailability_reasons(at(19), at(21))
        self.assertEqual(len(night), 1)
        self.assertIn(self.calendar.name, night[0])
        self.assertEqual(self.photographer_2._studio_unavailability_reasons(at(11), at(13)), [])

    def test_availability_wizard_swaps_resource(self):
        booking = self.book(at(10), at(12), self.photographer)
        wizard = self.env["studio.availability.wizard"].create(
            {
                "resource_id": self.photographer.id,
                "booking_id": booking.id,
                "start": booking.start,
                "stop": booking.stop,
            }
        )
        self.assertTrue(wizard.is_free, "its own booking does not count")
        wizard.replacement_id = self.photographer_2
        wizard.action_replace()
        self.assertEqual(booking.line_ids.resource_id, self.photographer_2)

    def test_slot_wizard_books(self):
        form = Form(self.env["studio.slot.wizard"])
        form.package_id = self.package
        form.partner_id = self.customer
        form.company_id = self.store_a
        form.date_from = at(0)
        form.date_to = at(23)
        form.step_minutes = 60
        self.assertEqual(form.duration, 2.0)
        wizard = form.save()
        wizard.action_search()
        self.assertEqual(len(wizard.suggestion_ids), 5)
        first = wizard.suggestion_ids.sorted("start")[0]
        self.assertEqual(first.start, at(10))
        action = first.action_book()
        booking = self.env["studio.booking"].browse(action["res_id"])
        self.assertEqual(booking.start, at(10))
        self.assertEqual(len(booking.line_ids), 3)
        # the same slot is no longer proposed
        wizard.action_search()
        self.assertNotEqual(wizard.suggestion_ids.sorted("start")[0].start, at(10))
