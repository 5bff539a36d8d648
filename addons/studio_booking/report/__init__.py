from . import studio_utilisation_report
from . import studio_channel_report
