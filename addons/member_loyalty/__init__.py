from . import controllers
from . import models
from . import report
from . import wizards


def uninstall_hook(env):
    """loyalty_history stays (module loyalty): drop the ledger guard that uses our columns."""
    env.cr.execute("DROP TRIGGER IF EXISTS member_loyalty_ledger_guard ON loyalty_history")
    env.cr.execute("DROP FUNCTION IF EXISTS member_loyalty_ledger_guard()")
