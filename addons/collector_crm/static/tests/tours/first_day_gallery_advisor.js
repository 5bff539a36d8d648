import { registry } from "@web/core/registry";
import {
    clickButton,
    closeDialog,
    dialog,
    open,
    openRecord,
    READY,
    shot,
    SERVER,
} from "@customer_core/../tests/tours/first_day_utils";

// A gallery advisor's first day (readme/USAGE.md): their collectors, one collector's profile, an
// interaction logged with the works discussed, the best artworks for them, the matches of new works,
// recommendations and private events. The records come from the test's set-up
// (tests/test_first_day_tours.py).
registry.category("web_tour.tours").add("collector_crm_first_day_gallery_advisor", {
    steps: () => [
        ...open("/odoo/action-collector_crm.res_partner_action_collectors"),
        shot("01-collectors"),
        ...openRecord("王雅琴"),
        shot("02-collector", ".o_form_view .o_form_renderer"),
        clickButton("action_log_interaction"),
        dialog("log interaction"),
        shot("03-log-interaction", ".modal .o_form_view"),
        ...closeDialog(),
        clickButton("action_collector_matches"),
        {
            content: "the best artworks for this collector",
            trigger: ".o_action_manager .o_view_controller:not(.o_form_view)",
            timeout: SERVER,
        },
        shot("04-best-artworks"),
        ...open("/odoo/action-collector_crm.collector_match_action"),
        shot("05-matches"),
        // a list on a desktop, cards on a phone (the action's mobile view)
        ...open("/odoo/action-collector_crm.collector_recommendation_action"),
        shot("06-recommendations"),
        ...open("/odoo/action-collector_crm.event_event_action_collector"),
        shot("07-private-events"),
        ...open("/odoo/action-collector_crm.event_event_action_collector?view_type=kanban"),
        shot("08-private-events-cards", `${READY} .o_kanban_record`),
        // the event's form is not walked: an advisor (no Events group) is refused event.question
        // when the form reads question_ids (reported on #17); the list shows the invitations
        ...open("/odoo/action-collector_crm.event_event_action_collector?view_type=list"),
        shot("09-private-events-list"),
    ],
});
