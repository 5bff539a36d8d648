from . import lunar
from . import pinyin
from . import schema
