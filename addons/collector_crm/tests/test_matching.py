from odoo import fields
from odoo.tests import tagged

from odoo.addons.queue_job.job import Job

from .common import CollectorCommon


@tagged("post_install", "-at_install")
class TestMatching(CollectorCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # c1 reads in Chinese: the language and the addon's Chinese terms (its mail templates), as a
        # database where a gallery works in Chinese has them; the test never assumes they are loaded
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(["collector_crm"], ["zh_CN"])
        cls.artwork = cls._artwork(
            "CC Autumn Hills", cls.artist_wu, cls.cat_ink, 300000, medium=cls.medium_paper, styles=[cls.style_impr]
        )
        cls.artwork_b = cls._artwork("CC Red Lotus", cls.artist_wu, cls.cat_oil, 2000000)
        cls.artwork_d = cls._artwork("CC River Dusk", cls.artist_other, cls.cat_ink, 100000)
        cls.artwork_e = cls._artwork("CC Not in stock", cls.artist_zao, cls.cat_ink, 100000, stock=False)
        cls.c1 = cls._collector(
            "CC Wang Core",
            cls.advisor,
            level="core",
            interests=[
                {"interest_type": "artist", "artist_id": cls.artist_wu.id, "weight": 9},
                {"interest_type": "category", "category_id": cls.cat_ink.id, "weight": 5},
            ],
            budget=(100000, 500000),
            lang="zh_CN",
        )
        cls.c2 = cls._collector(
            "CC Li Owner",
            cls.advisor,
            interests=[{"interest_type": "category", "category_id": cls.cat_ink.id, "weight": 8}],
            budget=(50000, 200000),
        )
        cls.env["collector.collection.item"].create(
            {
                "partner_id": cls.c2.id,
                "description": "An early Wu landscape",
                "artist_id": cls.artist_wu.id,
                "ownership": "previously_owned",
            }
        )
        cls.c3 = cls._collector("CC Zhang Asker", cls.advisor_b, level="occasional")
        cls._interaction(cls.c3, cls.artwork_b, days_ago=10)
        cls.c4 = cls._collector(
            "CC Chen Zao Fan",
            cls.advisor,
            interests=[{"interest_type": "artist", "artist_id": cls.artist_zao.id, "weight": 10}],
        )
        cls.c5 = cls._collector(
            "CC Zhao Band",
            cls.advisor_b,
            interests=[{"interest_type": "price_band", "price_band": "200k_1m", "weight": 10}],
        )
        cls.mine = cls.c1 | cls.c2 | cls.c3 | cls.c4 | cls.c5

    def test_rank_collectors_for_an_artwork(self):
        rows = self.env["collector.match"]._rank_collectors(self.artwork, limit=1000)
        ours = [(row[0], row[1], row[2]) for row in rows if row[0] in self.mine.ids]
        self.assertEqual(
            [row[0] for row in ours],
            [self.c1.id, self.c5.id, self.c2.id, self.c3.id],
            "interest in the artist and budget first; a Zao fan is not matched",
        )
        scores = {row[0]: row[1] for row in ours}
        self.assertEqual(scores[self.c1.id], 27 + 5 + 10 + 5)
        self.assertEqual(scores[self.c5.id], 20 + 3)
        self.assertEqual(scores[self.c2.id], 8 - 10 + 15 + 3)
        self.assertEqual(scores[self.c3.id], 8 + 5)
        reasons = {row[0]: row[2] for row in ours}
        for limit in (1, 2, 3):
            self.assertEqual(self.env["collector.match"]._rank_collectors(self.artwork, limit=limit), rows[:limit])
        self.assertEqual(reasons[self.c1.id], ["interest:artist,category", "budget_fits", "level:core"])
        self.assertIn("owns_artist", reasons[self.c2.id])
        self.assertIn("budget_above", reasons[self.c2.id])
        self.assertIn("asked_similar", reasons[self.c3.id])

    def test_rank_artworks_for_a_collector(self):
        rows = self.env["collector.match"]._rank_artworks(self.c1, limit=50)
        self.assertEqual(
            [row[0] for row in rows][:3],
            [self.artwork.id, self.artwork_b.id, self.artwork_d.id],
        )
        self.assertNotIn(self.artwork_e.id, [row[0] for row in rows], "a work not in stock is never offered")
        # the pruning by base points keeps the ranking exact for a short list too
        for limit in (1, 2, 3):
            self.assertEqual(self.env["collector.match"]._rank_artworks(self.c1, limit=limit), rows[:limit])
        matches = self.env["collector.match"]._match_artworks_for(self.c1)
        self.assertEqual(matches.sorted("score", reverse=True)[0].artwork_id, self.artwork)
        self.assertIn("Price within budget", matches.filtered(lambda m: m.artwork_id == self.artwork).reasons)

    def test_best_artworks_for_a_collector_are_ranked_with_reasons_as_each_language_reads(self):
        """ "Best artworks" ranks the collector's works 1, 2, 3... (it showed 0) and words the reasons
        as the reader's language lists things (Chinese: 、and 和, clauses apart with ；)."""
        Match = self.env["collector.match"]
        rows = Match._rank_artworks(self.c1, limit=50)
        matches = Match._match_artworks_for(self.c1)
        by_artwork = {match.artwork_id.id: match for match in matches}
        self.assertEqual([by_artwork[row[0]].rank for row in rows], list(range(1, len(rows) + 1)))
        self.assertEqual(set(matches.mapped("origin")), {"collector"})
        top = by_artwork[self.artwork.id]
        self.assertEqual(top.rank, 1)
        english = top.with_context(lang="en_US")
        self.assertIn("Interested in its Artist and Category", english.reasons)
        self.assertEqual(english.reasons_summary, english.reasons.replace("\n", "; "))
        chinese = top.with_context(lang="zh_CN")
        chinese.invalidate_recordset(["reasons", "reasons_summary"])
        self.assertIn("对其艺术家和类别感兴趣", chinese.reasons)
        self.assertNotIn(",", chinese.reasons)
        self.assertEqual(chinese.reasons_summary, chinese.reasons.replace("\n", "；"))
        # three kinds: 、between the first ones
        self.assertEqual(
            Match.with_context(lang="zh_CN")._describe_reasons(["interest:artist,category,style"])[0],
            "对其艺术家、类别和风格感兴趣",
        )
        # a match made from the artwork keeps the collector's place among the artwork's collectors
        from_artwork = Match._match_collectors_for(self.artwork)
        self.assertEqual(from_artwork.filtered(lambda m: m.partner_id == self.c1).rank, 1)
        self.assertEqual(from_artwork.filtered(lambda m: m.partner_id == self.c1).origin, "artwork")

    def test_matches_open_as_cards_on_a_phone(self):
        """The web client opens an action's kanban on a phone (its mobile view): the matches have one."""
        action = self.env["ir.actions.actions"]._for_xml_id("collector_crm.collector_match_action")
        self.assertIn("kanban", [mode for _view, mode in action["views"]])
        action = self.c1.action_collector_matches()
        self.assertIn("kanban", [mode for _view, mode in action["views"]])
        Match = self.env["collector.match"]
        arch = Match.get_views([(False, "kanban")])["views"]["kanban"]["arch"]
        for field in ("artwork_image", "rank", "artwork_id", "reasons_summary", "state"):
            self.assertIn(f'name="{field}"', arch)
        records = Match.web_search_read(
            [("partner_id", "=", self.c1.id)], {"artwork_image": {}, "reasons_summary": {}, "rank": {}}
        )["records"]
        self.assertTrue(records and all(record["rank"] for record in records))

    def test_intake_approval_notifies_advisors_in_the_collectors_language(self):
        self.env["ir.config_parameter"].sudo().set_param("collector_crm.match_notify_top", 500)
        new = self.env["art.artwork"].create(
            {
                "name": "CC Spring Mountains",
                "artist_id": self.artist_wu.id,
                "category_id": self.cat_ink.id,
                "list_price": 250000,
            }
        )
        new.with_context(lang="zh_CN").name = "春山"
        self._approve(new)
        matches = self.env["collector.match"].search([("artwork_id", "=", new.id)])
        match_c1 = matches.filtered(lambda m: m.partner_id == self.c1)
        self.assertTrue(match_c1.activity_done)
        self.assertEqual(match_c1.activity_ids.user_id, self.advisor)
        self.assertIn("春山", match_c1.email_subject, "the draft is in the collector's language")
        self.assertIn("CC Wang Core", match_c1.email_body)
        match_c2 = matches.filtered(lambda m: m.partner_id == self.c2)
        self.assertIn("CC Spring Mountains", match_c2.email_subject)
        self.assertFalse(matches.filtered(lambda m: m.partner_id == self.c4))

    def test_intake_approval_queues_the_matching_job(self):
        """Approval returns at once: the fan-out is a job on the matching channel, seen on the artwork."""
        self.env["ir.config_parameter"].sudo().set_param("collector_crm.match_notify_top", 500)
        new = self.env["art.artwork"].create(
            {"name": "CC Queued Hills", "artist_id": self.artist_wu.id, "category_id": self.cat_ink.id}
        )
        self._approve(new.with_context(queue_job__no_delay=False))
        Match = self.env["collector.match"]
        self.assertFalse(Match.search([("artwork_id", "=", new.id)]), "nothing is ranked before the job runs")
        job_record = new.collector_match_job_id
        self.assertEqual(job_record.channel, "root.collector_matching")
        self.assertEqual(job_record.state, "pending")
        self.assertEqual(new.collector_match_job_state, "pending")
        self.assertIn("CC Queued Hills", job_record.name)
        self.assertEqual(job_record.records, new)
        # approving again while the job waits does not queue a second one
        new.with_context(queue_job__no_delay=False)._collector_match_enqueue()
        self.assertEqual(self.env["queue.job"].search_count([("uuid", "=", job_record.uuid)]), 1)
        self.assertEqual(new.collector_match_job_id, job_record)

        job = Job.load(self.env, job_record.uuid)
        job.perform()
        matches = Match.search([("artwork_id", "=", new.id)])
        self.assertIn(self.c1, matches.partner_id)
        self.assertTrue(matches.filtered(lambda m: m.partner_id == self.c1).activity_done)
        self.assertIn("collectors matched", job.result)

    def test_shown_then_sold(self):
        match = (
            self.env["collector.match"]._match_collectors_for(self.artwork).filtered(lambda m: m.partner_id == self.c1)
        )
        self.assertEqual(match.state, "matched")
        self._interaction(self.c1, self.artwork, days_ago=0, role="shown")
        self.assertEqual(match.state, "shown")
        order = self.env["sale.order"].create(
            {
                "partner_id": self.c1.id,
                "order_line": [fields.Command.create({"product_id": self.artwork.product_id.id, "price_unit": 300000})],
            }
        )
        order.with_context(skip_validation_check=True).action_confirm()
        self.assertEqual(match.state, "sold")
        self.assertIn(self.artwork, self.c1.collection_owned_ids.artwork_id)

    def test_recommend_in_two_clicks_in_the_collectors_language(self):
        match = (
            self.env["collector.match"]._match_collectors_for(self.artwork).filtered(lambda m: m.partner_id == self.c1)
        )
        wizard = self.env["collector.recommend.wizard"].create(
            {"partner_id": self.c1.id, "artwork_ids": [fields.Command.set((self.artwork | self.artwork_d).ids)]}
        )
        reco = self.env["collector.recommendation"].browse(wizard.action_create()["res_id"])
        self.assertEqual(reco.line_ids.artwork_id, self.artwork | self.artwork_d)
        reco.action_send()
        self.assertEqual(reco.state, "sent")
        sent = reco.message_ids.filtered(lambda m: reco.viewing_room_url in (m.body or ""))
        self.assertTrue(sent, "the e-mail carries the viewing-room link")
        self.assertIn("私人展厅", sent[0].body, "written in the collector's language")
        offered = self.c1.interaction_ids.filtered(lambda i: i.res_model == "collector.recommendation")
        self.assertEqual(offered.artwork_role, "offered")
        self.assertEqual(match.state, "shown")
