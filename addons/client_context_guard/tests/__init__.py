from . import test_context_guard
