import { patch } from "@web/core/utils/patch";
import { _t } from "@web/core/l10n/translation";
import { ControlButtons } from "@point_of_sale/app/screens/product_screen/control_buttons/control_buttons";
import { NumberPopup } from "@point_of_sale/app/components/popups/number_popup/number_popup";
import { AlertDialog } from "@web/core/confirmation_dialog/confirmation_dialog";
import { makeAwaitable } from "@point_of_sale/app/utils/make_awaitable_dialog";

// Points are redeemed as a line of the redemption product; the server computes what it costs
// (the member program's per-point reward) and takes the points under the card's row lock.
patch(ControlButtons.prototype, {
    get memberOfOrder() {
        const partner = this.pos.getOrder()?.getPartner();
        return partner ? this.pos.memberInfo[partner.id] : undefined;
    },
    async clickRedeemMemberPoints() {
        const member = this.memberOfOrder;
        if (!member || !member.point_value || member.points < 1) {
            this.dialog.add(AlertDialog, {
                title: _t("No points to redeem"),
                body: _t("Find the member first (phone, card or name): their points show here."),
            });
            return;
        }
        const product = this.pos.models["product.product"].get(member.redeem_product_id);
        if (!product) {
            this.dialog.add(AlertDialog, {
                title: _t("No points to redeem"),
                body: _t("The points redemption product is not available in this till."),
            });
            return;
        }
        const typed = await makeAwaitable(this.dialog, NumberPopup, {
            title: _t("Points to redeem (at most %s)", member.points),
            startingValue: member.points,
        });
        const points = Math.min(parseInt(typed || "0", 10) || 0, member.points);
        if (points < 1) {
            return;
        }
        const discount = Math.round(points * member.point_value * 100) / 100;
        await this.pos.addLineToCurrentOrder(
            { product_tmpl_id: product.product_tmpl_id, product_id: product, price_unit: -discount },
            {},
            false
        );
    },
});
