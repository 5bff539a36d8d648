from collections.abc import Mapping

# Keys the server itself puts in a context to tell trusted code "skip this check": a client that
# sends one would switch a guard off. ``ir.http._client_context_denied_keys()`` starts from this set.
DEFAULT_DENIED_KEYS = frozenset(
    {
        # OCA auditlog: reads inside auditlog itself are not logged; the write/unlink re-entrance guard
        "auditlog_disabled_read",
        "auditlog_guard",
        # OCA base_tier_validation: writes under and after validation, the state condition of a request
        "skip_validation_check",
        "skip_check_state_condition",
        # member_loyalty: the ledger, the tier engine, adjustments, reversals, the points cap of an order
        "member_ledger_ok",
        "member_engine",
        "member_adjust",
        "member_ledger_reverse",
        "member_points_cap",
        # customer_core: the follow-up discipline and the care job
        "customer_skip_followup_check",
        "customer_care_job",
    }
)


def clean_client_values(value, denied):
    """A copy of ``value`` (the arguments of an RPC call) where every ``context`` dictionary, at
    any depth (the call's own ``context`` keyword, the per-field contexts of a ``web_read`` /
    ``web_search_read`` / ``web_save`` specification...), has lost the keys in ``denied``.

    Only mappings and sequences are rebuilt; any other value is returned as it is.
    """
    if isinstance(value, Mapping):
        return {
            key: (
                clean_client_context(item, denied)
                if key == "context" and isinstance(item, Mapping)
                else clean_client_values(item, denied)
            )
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [clean_client_values(item, denied) for item in value]
    if isinstance(value, tuple):
        return tuple(clean_client_values(item, denied) for item in value)
    return value


def clean_client_context(context, denied):
    """``context`` without the keys in ``denied`` (its values cleaned as well)."""
    return {key: clean_client_values(item, denied) for key, item in context.items() if key not in denied}
