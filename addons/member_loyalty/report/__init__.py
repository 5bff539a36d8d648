from . import member_sales_report
