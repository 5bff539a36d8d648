from . import customer_core_demo
