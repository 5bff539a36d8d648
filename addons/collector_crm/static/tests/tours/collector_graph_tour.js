/** @odoo-module **/
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("collector_crm_graph_tour", {
    steps: () => [
        {
            content: "Open the relationship graph from the collector's form",
            trigger: ".o_form_view button.o_collector_graph_button",
            run: "click",
            // the first form of a fresh registry can take longer on a loaded machine
            timeout: 30000,
        },
        {
            content: "The graph is drawn by vis-network on a canvas",
            trigger: ".o_collector_graph .o_collector_graph_canvas canvas",
        },
        {
            content: "A neighbour at depth 2 is listed",
            trigger: ".o_collector_graph_node:contains('Tour Depth Two')",
        },
        {
            content: "Click it to open the partner",
            trigger: ".o_collector_graph_node:contains('Tour Neighbour')",
            run: "click",
        },
        {
            content: "The partner's form is open",
            trigger: ".o_form_view .o_field_widget[name='name'] input:value('Tour Neighbour')",
        },
    ],
});
