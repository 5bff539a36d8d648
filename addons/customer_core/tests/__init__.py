from . import test_interaction
from . import test_care_rules
from . import test_followup
from . import test_pool
from . import test_pool_race
from . import test_assignment
from . import test_privacy
from . import test_segment_approval
