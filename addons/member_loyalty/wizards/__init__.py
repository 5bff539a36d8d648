from . import member_wallet_operation
from . import member_points_redeem
from . import member_lookup
from . import loyalty_generate_wizard
from . import loyalty_card_update_balance
from . import base_partner_merge
