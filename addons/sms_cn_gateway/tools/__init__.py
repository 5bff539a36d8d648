from . import signing
from . import sms_api
