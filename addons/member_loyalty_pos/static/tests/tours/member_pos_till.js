import { registry } from "@web/core/registry";
import { shot } from "@customer_core/../tests/tours/first_day_utils";
import * as Chrome from "@point_of_sale/../tests/pos/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/generic_helpers/dialog_util";
import * as PartnerList from "@point_of_sale/../tests/pos/tours/utils/partner_list_util";
import * as PaymentScreen from "@point_of_sale/../tests/pos/tours/utils/payment_screen_util";
import * as ProductScreen from "@point_of_sale/../tests/pos/tours/utils/product_screen_util";

// A store cashier at the till (readme/USAGE.md): find the member by phone, redeem points, pay
// partly with stored value, print the receipt. The records come from the test's set-up
// (tests/test_pos_tour.py).
function findMember() {
    return [
        Chrome.startPoS(),
        ProductScreen.clickDisplayedProduct("Ink print"),
        shot("01-till", ".pos .product-screen"),
        ProductScreen.clickPartnerButton(),
        // the member is not in the till: found on the server (searchCustomerValue's last step
        // looks in the till's own customers)
        PartnerList.searchCustomerValue("139 1000 2001", true).slice(0, -1),
        {
            content: "the member found on the server by the whole phone number",
            trigger: ".o_member_pos_result:contains(A 店会员) .o_member_pos_points:contains(500)",
            timeout: 20000,
        },
        shot("02-member-found", ".o_member_pos_result"),
        {
            content: "choose the member",
            trigger: ".o_member_pos_result:contains(A 店会员)",
            run: "click",
        },
    ];
}

// the member is chosen from the cart (the order's pane on a small screen): its Payment button
function payButton() {
    return [
        {
            content: "pay",
            trigger: ".product-screen button:contains(Pay)",
            run: "click",
        },
        { content: "the payment screen", trigger: ".pos-content .payment-screen" },
    ];
}

function receipt() {
    return [
        PaymentScreen.clickValidate(),
        {
            content: "the receipt: the member, points earned and redeemed, balances after",
            trigger: ".pos-receipt .o_member_pos_receipt:contains(A 店会员)",
            timeout: 20000,
        },
        {
            content: "the member's lines of the receipt in view",
            trigger: ".pos-receipt .o_member_pos_receipt",
            run() {
                document.querySelector(".pos-receipt .o_member_pos_receipt").scrollIntoView();
            },
        },
        shot("04-receipt", ".pos-receipt .o_member_pos_receipt"),
    ];
}

// at a tablet's width: points redeemed, paid partly with stored value
registry.category("web_tour.tours").add("member_loyalty_pos_till", {
    steps: () =>
        [
            ...findMember(),
            ProductScreen.clickControlButtonMore(),
            {
                content: "redeem points",
                trigger: ".o_member_pos_redeem.highlight",
                run: "click",
            },
            Dialog.confirm(),
            shot("02c-points-redeemed", ".pos"),
            {
                content: "the redemption line: 500 points, 5.00 off",
                trigger: ".orderline:contains(Member points redeemed):contains(5.00)",
            },
            payButton(),
            PaymentScreen.clickPaymentMethod("Stored value A"),
            PaymentScreen.enterPaymentLineAmount("Stored value A", "50"),
            PaymentScreen.clickPaymentMethod("Cash A"),
            shot("03-payment", ".pos .payment-screen"),
            ...receipt(),
            {
                content: "points redeemed on the receipt",
                trigger: ".pos-receipt .o_member_pos_receipt:contains(Points redeemed):contains(500):contains(450.00)",
            },
        ].flat(),
});

// at a phone's width: paid with stored value
registry.category("web_tour.tours").add("member_loyalty_pos_till_phone", {
    steps: () =>
        [
            ...findMember(),
            payButton(),
            PaymentScreen.clickPaymentMethod("Stored value A"),
            shot("03-payment", ".pos .payment-screen"),
            ...receipt(),
        ].flat(),
});
