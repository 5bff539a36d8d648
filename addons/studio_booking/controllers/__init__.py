from . import gallery
from . import review
from . import booking
