from . import gallery
from . import review
