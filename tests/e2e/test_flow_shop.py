"""Retail membership, end to end through RPC as a till or a web shop integration calls it.

enrol → top-up (with its bonus and journal entry) → purchase, invoiced and paid → points posted
by the job → tier up → points redeemed on the next quotation → stored value spent → birthday
coupon by the nightly job → a coupon campaign to a segment. The after-sales ticket step is in
test_flow_shop_service.py.
"""

from datetime import date, timedelta

import pytest
from load.e2e_support import (
    admin,
    birthday_program,
    confirmed_order,
    expect_error,
    member_fixture,
    sql,
    uniq,
    wallet,
    xmlid,
)


@pytest.fixture(scope="module")
def api(odoo_server):
    return admin(odoo_server)


def run_cron(api, xml_id):
    api.call("ir.cron", "method_direct_trigger", [xmlid(api, xml_id)])


def ledger(server, card):
    return sql(
        server,
        "SELECT member_move_type, issued, used, account_move_id FROM loyalty_history"
        " WHERE card_id = %s AND member_ledger ORDER BY id",
        [card],
    )


def card_points(server, card):
    return float(sql(server, "SELECT points FROM loyalty_card WHERE id = %s", [card])[0][0])


def test_member_journey(api, odoo_server):
    server = odoo_server
    # 1. enrol, with a birthday in three days (the birthday coupon is issued 7 days before)
    partner, wallet_card, points_card = member_fixture(api, name=uniq("张女士"))
    birthday = date.today() + timedelta(days=3)
    api.call(
        "customer.key.date",
        "create",
        {
            "partner_id": partner,
            "date_type_id": xmlid(api, "customer_core.date_type_birthday"),
            "date": birthday.replace(
                year=1990 if not (birthday.month == 2 and birthday.day == 29) else 1992
            ).isoformat(),
        },
    )
    member = api.call("res.partner", "read", [partner], ["member_number", "member_tier_id", "member_card_code"])[0]
    assert member["member_number"]
    assert member["member_tier_id"][0] == xmlid(api, "member_loyalty.tier_regular")

    # 2. top up 1,000: the chain's rule adds a 100 bonus; both are in the ledger with their journal entry
    # (the chain's rule is the test's own: the demo's rules belong to the demo group, not Odoo's main company)
    company = api.call("res.partner", "read", [partner], ["company_id"])[0]["company_id"]
    root = api.call("res.company", "read", [company[0] if company else 1], ["root_id"])[0]["root_id"][0]
    if not api.call("member.topup.bonus", "search", [("company_id", "=", root), ("min_amount", "=", 1000)]):
        api.call("member.topup.bonus", "create", {"company_id": root, "min_amount": 1000, "bonus_amount": 100})
    wallet(api, partner, "topup", 1000)
    assert card_points(server, wallet_card) == pytest.approx(1100)
    entries = ledger(server, wallet_card)
    assert [(e[0], float(e[1])) for e in entries] == [("topup", 1000.0), ("bonus", 100.0)]
    assert all(e[3] for e in entries), "every stored value movement has its journal entry"
    move = entries[0][3]
    lines = sql(server, "SELECT sum(debit), sum(credit) FROM account_move_line WHERE move_id = %s", [move])[0]
    assert float(lines[0]) == pytest.approx(1100) and float(lines[1]) == pytest.approx(1100)

    # 3. a purchase of 4,000, invoiced and paid
    order, product = confirmed_order(api, partner, "Silk scarf", 4000.0)
    ctx = {"active_model": "sale.order", "active_ids": [order]}
    inv_wizard = api.call("sale.advance.payment.inv", "create", {"advance_payment_method": "delivered"}, context=ctx)
    api.call("sale.advance.payment.inv", "create_invoices", [inv_wizard], context=ctx)
    invoice = api.call("sale.order", "read", [order], ["invoice_ids"])[0]["invoice_ids"][0]
    api.call("account.move", "action_post", [invoice])
    pay_ctx = {"active_model": "account.move", "active_ids": [invoice]}
    register = api.call("account.payment.register", "create", {}, context=pay_ctx)
    api.call("account.payment.register", "action_create_payments", [register], context=pay_ctx)

    # 4. the points job posts the points of paid invoices; the spend lifts the member to Silver
    run_cron(api, "member_loyalty.ir_cron_member_post_points")
    earned = card_points(server, points_card)
    assert earned > 0, "a paid invoice of a member earns points"
    run_cron(api, "member_loyalty.ir_cron_member_post_points")
    assert card_points(server, points_card) == earned, "the job posts an invoice once"
    tier = api.call("res.partner", "read", [partner], ["member_tier_id"])[0]["member_tier_id"][0]
    assert tier == xmlid(api, "member_loyalty.tier_silver")
    history = api.call(
        "member.tier.history", "search_read", [("partner_id", "=", partner)], fields=["new_tier_id", "reason"]
    )
    assert any(h["new_tier_id"][0] == tier for h in history)

    # 5. points redeemed on the next quotation: a discount line, the points leave the card once confirmed
    order2 = api.call(
        "sale.order",
        "create",
        {"partner_id": partner, "order_line": [(0, 0, {"product_id": product, "product_uom_qty": 1})]},
    )
    total_before = api.call("sale.order", "read", [order2], ["amount_total"])[0]["amount_total"]
    redeem = api.call("member.points.redeem", "create", {"order_id": order2, "points": 100})
    api.call("member.points.redeem", "action_apply", [redeem])
    so2 = api.call("sale.order", "read", [order2], ["amount_total"])[0]
    assert so2["amount_total"] < total_before, "the redeemed points are a discount on the quotation"
    api.call("sale.order", "action_confirm", [order2])
    assert card_points(server, points_card) == pytest.approx(earned - 100)
    sums = sql(
        server,
        "SELECT COALESCE(sum(issued - used), 0) FROM loyalty_history WHERE card_id = %s AND member_ledger",
        [points_card],
    )[0][0]
    assert float(sums) == pytest.approx(card_points(server, points_card)), "card balance = sum of its ledger"

    # 6. pay 300 with stored value; overspending is refused and writes nothing
    wallet(api, partner, "spend", 300)
    assert card_points(server, wallet_card) == pytest.approx(800)
    before = len(ledger(server, wallet_card))
    err = expect_error(wallet, api, partner, "spend", 5000)
    assert "cannot be spent" in str(err)
    assert len(ledger(server, wallet_card)) == before
    assert card_points(server, wallet_card) == pytest.approx(800)

    # 7. the nightly job issues the birthday coupon, once (of the chain's birthday program)
    birthday_program(api)
    run_cron(api, "member_loyalty.ir_cron_member_nightly")
    run_cron(api, "member_loyalty.ir_cron_member_nightly")
    coupons = api.call("member.birthday.coupon", "search_read", [("partner_id", "=", partner)], fields=["card_id"])
    assert len(coupons) == 1
    coupon_card = api.call("loyalty.card", "read", [coupons[0]["card_id"][0]], ["partner_id", "points", "code"])[0]
    assert coupon_card["partner_id"][0] == partner and coupon_card["points"] == 1

    # 8. a campaign: one coupon for every customer of a segment
    segment = api.call("customer.segment", "create", {"name": uniq("VIP"), "domain": f"[('id', 'in', [{partner}])]"})
    program = api.call(
        "loyalty.program",
        "create",
        {
            "name": uniq("双十一券"),
            "program_type": "coupons",
            "trigger": "with_code",
            "reward_ids": [(0, 0, {"reward_type": "discount", "discount": 50, "discount_mode": "per_order"})],
        },
    )
    gen = api.call(
        "loyalty.generate.wizard",
        "create",
        {"program_id": program, "mode": "selected", "segment_id": segment, "points_granted": 1},
    )
    api.call("loyalty.generate.wizard", "generate_coupons", [gen])
    cards = api.call("loyalty.card", "search_read", [("program_id", "=", program)], fields=["partner_id"])
    assert [c["partner_id"][0] for c in cards] == [partner]


def test_member_ledger_cannot_be_edited(api, odoo_server):
    partner, wallet_card, _points = member_fixture(api)
    wallet(api, partner, "topup", 200)
    entry = api.call("loyalty.history", "search", [("card_id", "=", wallet_card)], limit=1)
    expect_error(api.call, "loyalty.history", "write", entry, {"issued": 99999})
    expect_error(api.call, "loyalty.history", "unlink", entry)
    expect_error(api.call, "loyalty.card", "write", [wallet_card], {"points": 99999})
    assert card_points(odoo_server, wallet_card) == pytest.approx(200)
