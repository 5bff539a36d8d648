from . import customer_interaction_log
