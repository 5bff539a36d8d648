from . import test_membership
from . import test_points
from . import test_tiers
from . import test_wallet
from . import test_coupons
from . import test_birthday
from . import test_concurrency
from . import test_rfm
