from odoo import models

from ..tools import DEFAULT_DENIED_KEYS, clean_client_values


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _client_context_denied_keys(cls):
        """The context keys a client may never send: the server sets them itself, inside trusted
        code, to skip a check. Addons add theirs::

            @classmethod
            def _client_context_denied_keys(cls):
                return super()._client_context_denied_keys() | {"my_addon_skip_check"}
        """
        return set(DEFAULT_DENIED_KEYS)

    @classmethod
    def _client_context_clean(cls, value):
        """``value`` (RPC arguments) with every ``context`` in it stripped of the denied keys."""
        return clean_client_values(value, frozenset(cls._client_context_denied_keys()))
