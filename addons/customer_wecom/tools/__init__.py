from . import wecom_api
