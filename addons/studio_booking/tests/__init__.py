from . import test_booking
from . import test_race
from . import test_slots
from . import test_sale
from . import test_lead_import
from . import test_security
from . import test_gallery
from . import test_production
