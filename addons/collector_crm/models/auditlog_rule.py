from contextlib import contextmanager

from odoo import models


@contextmanager
def writable_env(env):
    """``env``, or on a read-only cursor the same environment on a read/write cursor of its own.

    Odoo 19 serves reads (``web_read``, ``search_read``, JSON-2 ...) on read-only cursors. An audit
    log of such a read cannot be written there: the INSERT would fail and Odoo would serve the whole
    request a second time on a read/write cursor, with an error in the server log. As Odoo logs a
    device in a read-only request (``res.device.log``), the log is written in its own transaction:
    the read-only one has written nothing, so it is ended first.
    """
    if not env.cr.readonly:
        yield env
        return
    env.cr.rollback()
    with env.registry.cursor(readonly=False) as cr:
        yield env(cr=cr)


class AuditlogRule(models.Model):
    _inherit = "auditlog.rule"

    def create_logs(
        self, uid, res_model, res_ids, method, old_values=None, new_values=None, additional_log_values=None
    ):
        """The read of a collector's private file, logged by auditlog's rule, from a read-only
        request as well (see ``writable_env``)."""
        with writable_env(self.env) as env:
            logs = super(AuditlogRule, self.with_env(env)).create_logs(
                uid, res_model, res_ids, method, old_values, new_values, additional_log_values
            )
        # the export's log (the other methods return nothing), on the caller's cursor
        return logs and logs.with_env(self.env)
