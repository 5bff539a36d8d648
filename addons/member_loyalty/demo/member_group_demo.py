"""The demo group's membership (demo only: called from demo/member_loyalty_demo.xml)."""

from odoo import Command, api, models

# the member settings the data file gives Odoo's main company, copied onto the demo group's head office
HEAD_RECORDS = (
    "program_member_points",
    "program_member_wallet",
    "tier_regular",
    "tier_silver",
    "tier_gold",
    "tier_diamond",
    "rfm_segment_champions",
    "rfm_segment_potential",
    "rfm_segment_loyal",
    "rfm_segment_attention",
    "rfm_segment_at_risk",
    "rfm_segment_lost",
)


class MemberLoyaltyEngine(models.AbstractModel):
    _inherit = "member.loyalty.engine"

    @api.model
    def _demo_setup_group(self, head_id):
        """The demo group's head office (customer_core's root company in CNY, not Odoo's main
        company) runs the membership as the data sets it up on the main company: its own points and
        stored value programs, tiers and RFM segments (copies, with their translations), its
        stored value accounts. Each copy gets the xmlid ``member_loyalty.demo_group_<record>``."""
        head = self.env["res.company"].browse(head_id)
        data = self.env["ir.model.data"]
        copies = {}
        for xmlid in HEAD_RECORDS:
            record = self.env.ref(f"member_loyalty.{xmlid}")
            copy = record.copy({"company_id": head.id})
            # copy() keeps every translation but may mark the name as a copy
            copy.with_context(lang="en_US").name = record.with_context(lang="en_US").name
            if self.env["res.lang"]._get_code("zh_CN"):
                copy.with_context(lang="zh_CN").name = record.with_context(lang="zh_CN").name
            data.create(
                {
                    "module": "member_loyalty",
                    "name": f"demo_group_{xmlid}",
                    "model": copy._name,
                    "res_id": copy.id,
                    "noupdate": True,
                }
            )
            copies[xmlid] = copy
        # the copies' rewards keep the products loyalty made for them (a product shared by the rewards of
        # two programs cannot be archived with one of them: Odoo's own loyalty tests archive every
        # program first); they post as the data's do: no tax, stored value to the prepayment account
        for key in ("program_member_points", "program_member_wallet"):
            copies[key].reward_ids.discount_line_product_id.write({"taxes_id": [Command.clear()]})
        head.write(
            {
                "member_program_id": copies["program_member_points"].id,
                "member_wallet_program_id": copies["program_member_wallet"].id,
                "member_sequence_id": self.env.ref("member_loyalty.seq_member_number").id,
            }
        )
        head._member_setup_accounting()
        if head.member_prepayment_account_id:
            wallet = copies["program_member_wallet"].reward_ids.discount_line_product_id.product_tmpl_id
            wallet.with_company(head).write({"property_account_income_id": head.member_prepayment_account_id.id})
        return True
