from . import test_pos_sync
from . import test_pos_search
from . import test_pos_race
from . import test_pos_tour
