from . import test_profile
from . import test_privacy
from . import test_matching
from . import test_sale
from . import test_events
from . import test_http
from . import test_reports
from . import test_finance
