from contextlib import contextmanager


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
