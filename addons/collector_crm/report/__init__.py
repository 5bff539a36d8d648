from . import collector_xlsx
