from . import customer_interaction_xlsx
from . import customer_pool_xlsx
from . import xlsx_formats
