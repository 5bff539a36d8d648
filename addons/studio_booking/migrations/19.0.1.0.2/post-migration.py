from odoo import SUPERUSER_ID, api

# the studio's channels as first shipped (bilingual, utm.source.name is not translatable) -> Chinese
CHANNELS = {
    "utm_source_douyin": ("抖音 Douyin", "抖音"),
    "utm_source_xiaohongshu": ("小红书 Xiaohongshu", "小红书"),
    "utm_source_meituan": ("美团/大众点评 Meituan-Dianping", "美团/大众点评"),
    "utm_source_website": ("官网 Studio Website", "官网"),
    "utm_source_walkin": ("到店 Walk-in", "到店"),
}


def migrate(cr, version):
    """Channels still named as shipped take their Chinese name (one renamed by the studio is kept,
    and so is one whose new name another source already has)."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    Source = env["utm.source"]
    for xmlid, (old, new) in CHANNELS.items():
        source = env.ref(f"studio_booking.{xmlid}", raise_if_not_found=False)
        if source and source.name == old and not Source.search_count([("name", "=", new)]):
            source.name = new
