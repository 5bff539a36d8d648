from . import member_sales_report
from . import member_repurchase_report
from . import member_dashboard
from . import member_consumption_xlsx
from . import member_lead_discipline_report
from . import commission_settlement_xlsx
