from . import ir_http
from . import public_rate_limit
