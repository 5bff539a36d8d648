from . import studio_slot_wizard
from . import studio_availability_wizard
from . import studio_lead_import
from . import studio_store_compare
