from . import art_xlsx
