from .tools.schema import add_pinyin_columns


def pre_init_hook(env):
    """Create the pinyin columns before the module loads: Odoo then leaves the existing rows alone
    (it would recompute every partner and lead in Python) and ``post_init_hook`` fills them in SQL
    batches."""
    add_pinyin_columns(env.cr)


def post_init_hook(env):
    env["res.partner"]._pinyin_backfill()
    env["crm.lead"]._pinyin_backfill()
