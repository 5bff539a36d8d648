from . import loyalty_card
from . import loyalty_history
from . import loyalty_program
from . import member_loyalty_engine
from . import pos_config
from . import pos_payment_method
from . import pos_order
from . import res_partner
