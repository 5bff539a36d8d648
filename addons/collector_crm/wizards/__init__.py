from . import collector_event_invite
from . import collector_recommend_wizard
from . import collector_report_wizard
from . import customer_interaction_log
