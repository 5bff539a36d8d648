from . import member_group_demo
