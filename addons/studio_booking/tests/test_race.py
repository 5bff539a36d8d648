import threading
from datetime import datetime

from odoo import SUPERUSER_ID, Command, api
from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

START = datetime(2032, 6, 7, 10, 0)
STOP = datetime(2032, 6, 7, 12, 0)


@tagged("post_install", "-at_install")
class TestBookingRace(TransactionCase):
    """Two consultants book the last free photographer at the same moment.

    Both transactions are real (committed) ones: the data is set up in its own
    cursor and removed afterwards.
    """

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            company = env.ref("base.main_company")
            self.resource_id = (
                env["resource.resource"]
                .create(
                    {
                        "name": "Race Photographer",
                        "resource_type": "material",
                        "company_id": company.id,
                        "calendar_id": False,
                        "studio_role": "photographer",
                    }
                )
                .id
            )
            self.partner_ids = env["res.partner"].create([{"name": "Race Customer 1"}, {"name": "Race Customer 2"}]).ids
            self.company_id = company.id
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            cr.execute("DELETE FROM studio_booking WHERE partner_id = ANY(%s)", [self.partner_ids])
            cr.execute("DELETE FROM resource_resource WHERE id = %s", [self.resource_id])
            cr.execute("DELETE FROM res_partner WHERE id = ANY(%s)", [self.partner_ids])

    def _vals(self, partner_id):
        return {
            "partner_id": partner_id,
            "company_id": self.company_id,
            "start": START,
            "stop": STOP,
            "setup_minutes": 0,
            "cleanup_minutes": 0,
            "line_ids": [Command.create({"resource_id": self.resource_id})],
        }

    @mute_logger("odoo.sql_db")  # the refused INSERT is logged by the losing cursor
    def test_race_snapshot_loser_gets_clear_message(self):
        """B looked (snapshot taken, photographer free), A books and commits,
        then B books: the ORM cannot see A's booking, the database refuses."""
        with self.registry.cursor() as cr_a, self.registry.cursor() as cr_b:
            env_a = api.Environment(cr_a, SUPERUSER_ID, {})
            env_b = api.Environment(cr_b, SUPERUSER_ID, {})
            photographer_b = env_b["resource.resource"].browse(self.resource_id)
            self.assertTrue(photographer_b._studio_is_free(START, STOP))
            booking_a = env_a["studio.booking"].create(self._vals(self.partner_ids[0]))
            name_a = booking_a.name
            cr_a.commit()
            # B's snapshot still shows the photographer free...
            self.assertTrue(photographer_b._studio_is_free(START, STOP))
            # ...but the database refuses B's booking
            with mute_logger("odoo.sql_db"), self.assertRaises(ValidationError) as caught:
                env_b["studio.booking"].create(self._vals(self.partner_ids[1]))
            cr_b.rollback()
            self.assertIn("Race Photographer", str(caught.exception))
            self.assertIn(name_a, str(caught.exception))
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT count(*) FROM studio_booking_line WHERE resource_id = %s",
                [self.resource_id],
            )
            self.assertEqual(cr.fetchone()[0], 1)

    @mute_logger("odoo.sql_db")  # the refused INSERT is logged by the losing cursor
    def test_race_concurrent_insert_waits_and_loses(self):
        """A inserts without committing; B inserts at the same time and waits
        on A's row lock; when A commits, B is refused."""
        outcome = {}
        with self.registry.cursor() as cr_b:
            # B's environment is made here, not in B's thread: under Odoo's own test runner this
            # thread holds the registry lock while the tests run, and a new thread looking the
            # registry up (api.Environment on a fresh cursor) would wait for it until the end
            env_b = api.Environment(cr_b, SUPERUSER_ID, {})

            def book_b():
                try:
                    with mute_logger("odoo.sql_db"):
                        env_b["studio.booking"].create(self._vals(self.partner_ids[1]))
                        cr_b.commit()
                    outcome["result"] = "booked"
                except ValidationError as error:
                    cr_b.rollback()
                    outcome["result"] = str(error)

            with self.registry.cursor() as cr_a:
                env_a = api.Environment(cr_a, SUPERUSER_ID, {})
                env_a["studio.booking"].create(self._vals(self.partner_ids[0]))
                env_a.flush_all()
                thread = threading.Thread(target=book_b)
                thread.start()
                thread.join(timeout=2)
                self.assertTrue(thread.is_alive(), "B must wait for A's transaction")
                cr_a.commit()
            thread.join(timeout=30)
            self.assertFalse(thread.is_alive())
        self.assertIn("Race Photographer", outcome["result"])
