import { patch } from "@web/core/utils/patch";
import { useState } from "@odoo/owl";
import { formatCurrency } from "@web/core/currency";
import { PartnerList } from "@point_of_sale/app/screens/partner_list/partner_list";
import { PosStore } from "@point_of_sale/app/services/pos_store";

patch(PosStore.prototype, {
    async setup() {
        // what the server said of the members found at this till: {partner id: values}
        this.memberInfo = {};
        return await super.setup(...arguments);
    },
});

// The members of the chain are searched on the server (exact phone, card/QR code, member
// number; names and pinyin among the store's own members), never downloaded into the till.
patch(PartnerList.prototype, {
    setup() {
        super.setup(...arguments);
        this.memberState = useState({ members: [], query: "" });
    },
    async getNewPartners() {
        const result = await super.getNewPartners(...arguments);
        await this.searchMembers(this.state.query);
        return result;
    },
    async searchMembers(query) {
        query = (query || "").trim();
        if (!query || query === this.memberState.query) {
            return;
        }
        this.memberState.query = query;
        let members = [];
        try {
            members = await this.pos.data.call("res.partner", "member_pos_search", [query]);
        } catch {
            members = [];
        }
        if (members.length) {
            await this.pos.data.callRelated("res.partner", "member_pos_load", [
                this.pos.config.id,
                members.map((member) => member.id),
            ]);
            for (const member of members) {
                this.pos.memberInfo[member.id] = member;
            }
        }
        this.memberState.members = members;
    },
    formatMemberAmount(amount) {
        return formatCurrency(amount, this.pos.currency.id);
    },
    clickMember(member) {
        const partner = this.pos.models["res.partner"].get(member.id);
        if (partner) {
            this.clickPartner(partner);
        }
    },
});
