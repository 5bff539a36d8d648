from . import studio_utilisation_report
from . import studio_channel_report
from . import studio_package_report
from . import studio_customer_report
from . import studio_store_report
from . import studio_report_xlsx
