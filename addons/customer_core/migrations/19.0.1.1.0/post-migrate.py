"""customer.pool.history is an append-only log without create/write columns (``_log_access = False``):
drop them, and with them two foreign-key checks per history row the reclaim statement writes."""


def migrate(cr, version):
    cr.execute(
        """
        ALTER TABLE customer_pool_history
            DROP COLUMN IF EXISTS create_uid,
            DROP COLUMN IF EXISTS write_uid,
            DROP COLUMN IF EXISTS create_date,
            DROP COLUMN IF EXISTS write_date
        """
    )
