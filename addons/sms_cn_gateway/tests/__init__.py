from . import test_sms_cn_send
from . import test_sms_cn_receipt
from . import test_sms_cn_template
