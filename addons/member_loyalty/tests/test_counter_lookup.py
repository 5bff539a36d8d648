from xmlrpc.client import Fault

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import Form, TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger

from .test_roles_store import StoreRolesCommon

SPEC = {
    "query": {},
    "partner_id": {"fields": {"display_name": {}}},
    "not_found": {},
    "candidate_ids": {"fields": {"partner_id": {"fields": {"display_name": {}}}, "name": {}, "phone": {}}},
}


@tagged("post_install", "-at_install")
class TestCounterLookup(StoreRolesCommon):
    """#24: the counter finds a member by the exact normalised phone number (Odoo's
    `phone_sanitized`, +86 at a Chinese store) or card code; a part of a number lists the
    store's members to choose from and never picks one. As store A's cashier, allowed store A
    only: store A's members A (+86 139 1000 2001) and A2 (138 5555 2001, typed without +86 at
    the store), store B's member B3 (137 6666 2001): the three phones end in the same 4 digits."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.member_a2 = cls._new_counter_member("A 店会员二", "138 5555 2001", cls.store_a)
        cls.member_b3 = cls._new_counter_member("B 店会员三", "137 6666 2001", cls.store_b)

    @classmethod
    def _new_counter_member(cls, name, phone, store):
        """A member enrolled at `store`, the phone typed as a cashier of the store types it."""
        partner = cls.env["res.partner"].with_company(store).create({"name": name, "phone": phone})
        partner.action_member_enroll(store=store)
        return partner

    def _cashier_env(self):
        return self.env(user=self.cashier_a, context=dict(self.env.context, allowed_company_ids=self.store_a.ids))

    @staticmethod
    def _listed(lookup):
        """The members a look-up form lists to choose from: {partner id: (name, phone)}."""
        rows = lookup.candidate_ids._records
        ids = [row["partner_id"] if isinstance(row["partner_id"], int) else row["partner_id"][0] for row in rows]
        return {pid: (row["name"], row["phone"]) for pid, row in zip(ids, rows, strict=True)}

    def _logs(self):
        return self.env["member.lookup.log"].search([("user_id", "=", self.cashier_a.id)])

    def test_phones_are_stored_normalised_and_indexed(self):
        self.assertEqual(self.member_a.phone_sanitized, "+8613910002001")
        # typed without its country code at a Chinese store: +86
        self.assertEqual(self.member_a2.phone_sanitized, "+8613855552001")
        self.assertEqual(self.member_b3.phone_sanitized, "+8613766662001")
        self.env.cr.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'res_partner' AND indexdef LIKE %s",
            ["%(phone_sanitized)%"],
        )
        self.assertTrue(self.env.cr.fetchall(), "phone_sanitized must be indexed")

    def test_exact_number_finds_the_one_member_whatever_its_last_digits(self):
        env = self._cashier_env()
        lookup = Form(env["member.lookup"])
        for typed, member in (
            ("13855552001", self.member_a2),
            ("+86 138-5555-2001", self.member_a2),
            ("0086 139 1000 2001", self.member_a),
            ("139 1000 2001", self.member_a),
            # store B's member: found by the whole number (logged), never listed from a part
            ("137 6666 2001", self.member_b3),
        ):
            lookup.query = typed
            self.assertEqual(lookup.partner_id, member, typed)
            self.assertFalse(lookup.not_found)
            self.assertEqual(len(lookup.candidate_ids), 0, typed)
        self.assertEqual(self._logs().partner_id, self.member_a | self.member_a2 | self.member_b3)
        self.assertEqual(set(self._logs().mapped("match")), {"phone"})
        # the card code and the member number are exact too
        lookup.query = self.member_a2.member_card_id.code
        self.assertEqual(lookup.partner_id, self.member_a2)
        lookup.query = self.member_b3.member_number
        self.assertEqual(lookup.partner_id, self.member_b3)

    def test_last_digits_list_the_stores_members_and_pick_none(self):
        env = self._cashier_env()
        before = len(self._logs())
        lookup = Form(env["member.lookup"])
        lookup.query = "2001"
        self.assertFalse(lookup.partner_id)
        self.assertFalse(lookup.not_found)
        # store A's two members; store B's, whose phone ends the same, is not listed
        self.assertEqual(
            self._listed(lookup),
            {self.member_a.id: ("A 店会员", "139****2001"), self.member_a2.id: ("A 店会员二", "138****2001")},
        )
        self.assertEqual(len(self._logs()), before, "listing candidates finds nobody")
        # the cashier chooses A2
        lookup.query = "5555 2001"
        self.assertEqual(len(lookup.candidate_ids), 1)
        saved = lookup.save()
        saved.action_list_candidates()  # listed again by the server, as the screen's button does
        self.assertEqual(saved.candidate_ids.partner_id, self.member_a2)
        saved.candidate_ids.action_choose()
        self.assertEqual(saved.partner_id, self.member_a2)
        # fewer than 4 digits: nothing, not even a list
        lookup = Form(env["member.lookup"])
        lookup.query = "001"
        self.assertFalse(lookup.partner_id)
        self.assertEqual(len(lookup.candidate_ids), 0)
        self.assertTrue(lookup.not_found)
        # a store B member's last digits, typed at store A: nobody
        lookup.query = "6666 2001"
        self.assertTrue(lookup.not_found)

    def test_a_shared_number_lists_every_member_who_has_it(self):
        """Two members with one phone (a couple's home number), in two stores: the cashier
        chooses; the choice is logged and serves the member of the other store."""
        twin_a = self._new_counter_member("共用号码甲", "021 6288 0000", self.store_a)
        twin_b = self._new_counter_member("共用号码乙", "+86 21 6288 0000", self.store_b)
        self.assertEqual(twin_a.phone_sanitized, twin_b.phone_sanitized)
        env = self._cashier_env()
        lookup = Form(env["member.lookup"])
        lookup.query = "02162880000"
        self.assertFalse(lookup.partner_id)
        self.assertEqual(set(self._listed(lookup)), {twin_a.id, twin_b.id})
        saved = lookup.save()
        saved.candidate_ids.filtered(lambda c: c.partner_id == twin_b).action_choose()
        self.assertEqual(saved.partner_id, twin_b)
        log = self._logs().filtered(lambda entry: entry.partner_id == twin_b)
        self.assertEqual((log.match, log.store_id), ("phone", self.store_a))
        wizard = env["member.wallet.operation"].create({"partner_id": twin_b.id, "operation": "topup", "amount": 50})
        wizard.action_confirm()
        self.env.invalidate_all()
        self.assertEqual(twin_b.member_balance, 50)

    def test_a_member_not_listed_cannot_be_chosen(self):
        env = self._cashier_env()
        lookup = env["member.lookup"].create({"query": "2001"})
        # a line the client makes up, naming store B's member (their name would show): refused
        with self.assertRaises(AccessError):
            env["member.lookup.candidate"].create(
                {"lookup_id": lookup.id, "partner_id": self.member_b3.id, "name": "?"}
            )
        with self.assertRaises(AccessError):
            env["member.lookup"].create(
                {"query": "2001", "candidate_ids": [Command.create({"partner_id": self.member_b3.id})]}
            )
        self.assertFalse(self._logs())

    def test_counter_lookup_rpc(self):
        login = "ml_role_cashier_a"
        # the screen's call: onchange of the query, as the web client sends it
        result = self._rpc(login, "member.lookup", "onchange", [], {"query": "138 5555 2001"}, ["query"], SPEC)
        self.assertEqual(result["value"]["partner_id"]["id"], self.member_a2.id)
        result = self._rpc(login, "member.lookup", "onchange", [], {"query": "2001"}, ["query"], SPEC)
        self.assertFalse(result["value"].get("partner_id"))
        created = [cmd[2] for cmd in result["value"]["candidate_ids"] if cmd[0] == Command.CREATE]
        self.assertEqual({row["partner_id"]["id"] for row in created}, {self.member_a.id, self.member_a2.id})
        # saved as the client saves it, then the cashier chooses
        lookup_id = self._rpc(
            login,
            "member.lookup",
            "create",
            {
                "query": "2001",
                "candidate_ids": [
                    (0, 0, {"partner_id": row["partner_id"]["id"], "name": row["name"], "phone": row["phone"]})
                    for row in created
                ],
            },
        )
        lines = self._rpc(login, "member.lookup.candidate", "search", [("lookup_id", "=", lookup_id)])
        chosen = self._rpc(login, "member.lookup.candidate", "read", lines, ["partner_id"])
        line = next(row["id"] for row in chosen if row["partner_id"][0] == self.member_a2.id)
        self._rpc(login, "member.lookup.candidate", "action_choose", [line])
        data = self._rpc(login, "member.lookup", "read", [lookup_id], ["partner_id"])[0]
        self.assertEqual(data["partner_id"][0], self.member_a2.id)
        # store B's member from a part of the number: refused
        with mute_logger("odoo.http"), self.assertRaises(Fault):
            self._rpc(
                login,
                "member.lookup",
                "create",
                {"query": "2001", "candidate_ids": [(0, 0, {"partner_id": self.member_b3.id})]},
            )


@tagged("post_install", "-at_install")
class TestDemoCounterRewards(TransactionCase):
    """#17: the demo group's points program has three gifts for 积分兑换 at the counter: a cashier
    of one of the demo stores, allowed that store only, finds a demo member by phone and hands
    one over for points."""

    def test_demo_cashier_redeems_a_gift(self):
        program = self.env.ref("member_loyalty.demo_group_program_member_points", raise_if_not_found=False)
        store = self.env.ref("member_loyalty.demo_store_jingan", raise_if_not_found=False)
        if not program or not store:
            self.skipTest("without member_loyalty's demo data")
        gifts = (
            self.env.ref("member_loyalty.demo_group_reward_postcards")
            | self.env.ref("member_loyalty.demo_group_reward_tote")
            | self.env.ref("member_loyalty.demo_group_reward_mini_frame")
        )
        self.assertEqual(gifts.program_id, program)
        self.assertEqual(store.root_id.member_program_id, program)
        member = self.env["res.partner"].search(
            [("is_member", "=", True), ("member_store_id", "=", store.id), ("phone_sanitized", "!=", False)], limit=1
        )
        member.member_card_id.with_company(store)._member_post(
            [{"description": "test", "issued": 1000, "member_move_type": "adjust"}]
        )
        self.env.invalidate_all()  # the ledger moved the balance in SQL
        points = member.member_card_id.points
        cashier = new_test_user(
            self.env,
            login="ml_demo_cashier",
            groups="member_loyalty.group_member_cashier",
            company_id=store.id,
            company_ids=[Command.set(store.ids)],
        )
        env = self.env(user=cashier, context={"allowed_company_ids": store.ids})
        lookup = Form(env["member.lookup"])
        lookup.query = member.phone
        self.assertEqual(lookup.partner_id, member)
        action = lookup.save().action_redeem_points()
        wizard = Form(env["member.points.redeem"].with_context(**action["context"]))
        self.assertEqual(set(wizard.counter_reward_ids.ids) & set(gifts.ids), set(gifts.ids))
        wizard.reward_id = env["loyalty.reward"].browse(self.env.ref("member_loyalty.demo_group_reward_tote").id)
        wizard.save().action_apply()
        env.invalidate_all()
        self.assertEqual(member.member_card_id.points, points - 500)
