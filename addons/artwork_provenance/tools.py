from contextlib import contextmanager

from markupsafe import Markup

from odoo.exceptions import AccessError
from odoo.tools.i18n import format_list


@contextmanager
def jit_off(cr, active=True):
    """Run the statements of the block without PostgreSQL's JIT compilation.

    The whole-inventory queries of this addon (status, margin, chain verification) are hash joins and
    one ordered pass that run in a few hundred milliseconds; the planner's cost estimate for them is
    above ``jit_above_cost``, and compiling them would take longer than running them. The setting is
    local to the transaction and put back after the block (an error aborts the transaction, which
    drops it as well). With ``active`` false (a query over a few records, far below the JIT threshold)
    the block runs as it is, without the two extra round trips.
    """
    if not active:
        yield
        return
    cr.execute("SET LOCAL jit = off")
    yield
    cr.execute("RESET jit")


def tier_to_validate_message(record):
    """The banner of a gallery document under review, in the reader's language.

    base_tier_validation's own text is English only and names the reviewer group as it was stored
    when the review was created ("Group Art Director"); this one reads the group's name now.
    """
    icon = Markup('<i class="fa fa-lg fa-info-circle"></i>')
    pending = record.review_ids.filtered(lambda r: r.status == "pending")[:1]
    if not pending:
        return icon + " " + record.env._("This document is to be approved.")
    who = pending.reviewer_group_id.name or ", ".join(pending.reviewer_ids[:3].mapped("name"))
    return icon + " " + record.env._("Waiting for the approval of %(who)s.", who=who)


def tier_next_review(record):
    """The next review of a gallery document, in the reader's language (see above)."""
    review = record.review_ids.sorted("sequence").filtered(lambda r: r.status == "pending")[:1]
    return record.env._("Next: %(review)s", review=review.name) if review else False


def tier_validation_buttons(record, node, own_submit):
    """base_tier_validation's header buttons on a gallery form (``_add_tier_validation_buttons``).

    "Request Validation" is hidden where the form's own submit button shows (``own_submit``, a
    domain of the view): it asks the same approval, and the form showed it twice ("提交审批").
    It stays for a record whose reviews were restarted while it waits for approval. "Restart
    Validation" drops the reviews of a record under approval: the gallery manager's only (removed
    here: a ``groups`` attribute on these buttons, added after the view's post-processing, would
    not be applied).
    """
    manager = record.env.user.has_group("artwork_provenance.group_art_manager")
    for button in list(node.iter("button")):
        if button.get("name") == "request_validation":
            button.set("invisible", f"({button.get('invisible') or 'False'}) or ({own_submit})")
        elif button.get("name") == "restart_validation" and not manager:
            button.getparent().remove(button)
    return node


def tier_check_restart(records):
    """Restarting the approval of a gallery document drops its reviews: the gallery manager's only,
    however it is called (the form hides the button from the others, RPC reaches the method)."""
    if records.env.su or records.env.user.has_group("artwork_provenance.group_art_manager"):
        return
    raise AccessError(
        records.env._("Only a gallery manager can restart the approval of %(name)s.", name=records[:1].display_name)
    )


def _tier_reviewers(reviews):
    """Who a review waits for, named as the reader reads them now (the group's name, or the people)."""
    names = []
    for review in reviews:
        if review.reviewer_group_id:
            names.append(review.reviewer_group_id.name)
        else:
            names.extend(review.reviewer_ids[:3].mapped("display_name"))
    return format_list(reviews.env, list(dict.fromkeys(names)))


def tier_message_body(record, event, tier_reviews=None):
    """The chatter line of an approval step on a gallery document, in the language of whoever made
    the step: base_tier_validation writes its own in English only (its Chinese file leaves these
    terms empty, and a term of its Python code can only be translated in its own file).

    ``event``: created, requested, restarted or rejected (the accepted one reads Chinese already)."""
    env = record.env
    user = env.user.name
    if event == "created":
        return env._("%(user)s submitted it for approval.", user=user)
    if event == "requested":
        if tier_reviews:
            requester = tier_reviews[:1].requested_by or env.user
            return env._(
                "Waiting for the approval of %(reviewers)s, asked by %(requester)s.",
                reviewers=_tier_reviewers(tier_reviews) or env._("the reviewer"),
                requester=requester.display_name,
            )
        return env._("%(user)s asked for an approval.", user=env.user.display_name)
    if event == "restarted":
        return env._("%(user)s restarted the approval.", user=user)
    comment = record.review_ids.filtered(lambda r: env.user in r.reviewer_ids and r.comment)[:1].comment
    if comment:
        return env._("%(user)s refused the approval: %(comment)s", user=user, comment=comment)
    return env._("%(user)s refused the approval.", user=user)
