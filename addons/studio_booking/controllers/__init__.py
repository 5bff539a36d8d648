from . import gallery
