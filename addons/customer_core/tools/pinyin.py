"""Pinyin search keys of Chinese names, with pypinyin (MIT, pure Python).

``search_key("张伟")`` is ``"zhangwei zw"``: the full pinyin and the initials, without tones or
spaces, so that ``ilike`` finds 张伟 by "zhangwei", "zhang", "zw" (and 客户 刘洋 by "liuyang" or
"ly"). A name without Chinese characters has no key (None): its letters are searched as they are.
A surname read differently from the common word (曾 zeng, not ceng; 单 shan, not dan) gets both
readings, since either may be typed.
"""

import re

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
NOT_ALNUM = re.compile(r"[^a-z0-9]+")
# PostgreSQL's regular expression for the same test (the backfill selects the rows to convert)
HAN_SQL = "[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"

# surnames whose reading differs from the character's common reading
SURNAMES = {
    "曾": "zeng",
    "单": "shan",
    "解": "xie",
    "仇": "qiu",
    "朴": "piao",
    "查": "zha",
    "区": "ou",
    "盖": "ge",
    "乐": "yue",
    "覃": "qin",
    "缪": "miao",
    "翟": "zhai",
    "尉": "yu",
    "种": "chong",
    "秘": "bi",
    "召": "shao",
    "繁": "po",
    "员": "yun",
    "宓": "fu",
    "薄": "bo",
}


def _pinyin(text):
    # imported on first use: its dictionaries take some 50 MB, loaded only by a process that needs them
    from pypinyin import Style, lazy_pinyin

    return lazy_pinyin(text, style=Style.NORMAL, errors="default", v_to_u=False)


def _key(syllables):
    full = NOT_ALNUM.sub("", "".join(syllables).lower())
    initials = "".join(s[0] for s in syllables if s and HAN.match(s[0]) is None and s[0].isalnum()).lower()
    return full, initials


def search_key(*names):
    """The search key of one or more names (a lead's title, contact and company); None when no
    name has a Chinese character."""
    keys = []
    for name in names:
        if not name or not HAN.search(name):
            continue
        # one syllable per Chinese character; other runs (latin words, spaces) kept as they are
        syllables = [s.strip() for s in _pinyin(name) if s.strip()]
        variants = [syllables]
        stripped = name.strip()
        surname = SURNAMES.get(stripped[:1])
        if surname and syllables and syllables[0] != surname:
            variants.append([surname, *syllables[1:]])
        for variant in variants:
            for part in _key(variant):
                if part and part not in keys:
                    keys.append(part)
    return " ".join(keys) or None


# one pinyin syllable (initial + final, without tone): "zhang", "wei", "xiu", "ying", "ou", "er"
SYLLABLE = (
    r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ueng|ang|eng|ing|ong|uai|uan|ian|iao|ai|ei|ao|ou|an|en|er|ia|ie|in|iu|ua|uo|ui|un|ue|ve"
    r"|a|o|e|i|u|v)"
)
# a pinyin term that few names share: two syllables or more ("zhangwei", "ouyang", "wangxiuying"),
# or three initials or more ("zwm"); one syllable ("wang", "li") is a surname or a syllable many
# names share
SELECTIVE_PINYIN = re.compile(rf"(?:{SYLLABLE}){{2,}}|[bcdfghjklmnpqrstwxyz]{{3,}}", re.IGNORECASE)


def is_selective_pinyin(text):
    """Whether ``text`` is pinyin that only a few names contain (see ``SELECTIVE_PINYIN``)."""
    return isinstance(text, str) and bool(SELECTIVE_PINYIN.fullmatch(text.strip()))
