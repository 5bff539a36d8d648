from . import test_wecom
