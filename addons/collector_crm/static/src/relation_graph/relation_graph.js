/** @odoo-module **/
import { Component, onMounted, onWillStart, onWillUnmount, useRef, useState } from "@odoo/owl";
import { loadJS } from "@web/core/assets";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";

const LIB = "/collector_crm/static/lib/vis-network/vis-network.min.js";
const LEVEL_COLORS = {
    core: "#b8860b",
    potential: "#2e7d32",
    occasional: "#607d8b",
    institution: "#5e35b1",
};

/**
 * The relationships of a collector (partner_multi_relation), to depth 2, drawn with vis-network.
 * A click on a node opens the partner; the side list does the same on a phone.
 */
export class CollectorRelationGraph extends Component {
    static template = "collector_crm.RelationGraph";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.actionService = useService("action");
        this.graphRef = useRef("graph");
        const params = this.props.action?.params || {};
        this.partnerId = params.partner_id || this.props.action?.context?.active_id;
        this.state = useState({ depth: params.depth || 2, nodes: [], edges: [], missing: !this.partnerId });
        onWillStart(async () => {
            await loadJS(LIB);
            await this.load();
        });
        onMounted(() => this.draw());
        onWillUnmount(() => this.network && this.network.destroy());
    }

    get title() {
        const root = this.state.nodes.find((node) => node.id === this.partnerId);
        return root ? root.label : _t("Relationships");
    }

    async load() {
        if (!this.partnerId) {
            return;
        }
        const data = await this.orm.call("res.partner", "collector_relation_graph", [[this.partnerId]], {
            depth: this.state.depth,
        });
        this.state.nodes = data.nodes.sort((a, b) => a.level - b.level || a.label.localeCompare(b.label));
        this.state.edges = data.edges;
    }

    draw() {
        if (!this.graphRef.el || !window.vis) {
            return;
        }
        if (this.network) {
            this.network.destroy();
        }
        const nodes = this.state.nodes.map((node) => ({
            id: node.id,
            label: node.label,
            shape: node.id === this.partnerId ? "star" : node.is_artist ? "diamond" : "dot",
            size: node.id === this.partnerId ? 28 : 18 - 3 * node.level,
            color: node.readable ? LEVEL_COLORS[node.collector_level] || "#90a4ae" : "#cfd8dc",
            font: { size: 14 },
        }));
        const edges = this.state.edges.map((edge) => ({
            id: edge.id,
            from: edge.from,
            to: edge.to,
            label: edge.label,
            arrows: edge.symmetric ? "" : "to",
            font: { size: 11, align: "middle" },
            color: { color: "#9e9e9e" },
        }));
        this.network = new window.vis.Network(
            this.graphRef.el,
            { nodes: new window.vis.DataSet(nodes), edges: new window.vis.DataSet(edges) },
            {
                physics: { stabilization: { iterations: 150 } },
                interaction: { hover: true },
            }
        );
        this.network.on("click", (params) => {
            if (params.nodes.length) {
                const node = this.state.nodes.find((n) => n.id === params.nodes[0]);
                this.openPartner(node);
            }
        });
    }

    async onDepthChange(ev) {
        this.state.depth = parseInt(ev.target.value);
        await this.load();
        this.draw();
    }

    async onBack() {
        try {
            await this.actionService.restore();
        } catch {
            // opened directly (no previous screen): go to the collectors
            await this.actionService.doAction("collector_crm.res_partner_action_collectors");
        }
    }

    openPartner(node) {
        if (!node || !node.readable) {
            return;
        }
        this.actionService.doAction({
            type: "ir.actions.act_window",
            res_model: "res.partner",
            res_id: node.id,
            views: [[false, "form"]],
            target: "current",
        });
    }
}

registry.category("actions").add("collector_crm.relation_graph", CollectorRelationGraph);
