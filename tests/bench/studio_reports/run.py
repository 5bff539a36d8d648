"""Benchmark of studio_booking's reports and portal gallery (issue 8).

Data (built once in database ``bench_studio_reports``, a copy of ``dev_studio_booking``):
3 stores, 60 resources, 50,000 orders over 3 years with 50,000 bookings (150,000 booking
lines), 100,000 channel leads, 30,000 satisfaction scores, channel spend per month, and one
photo selection of 800 photos (thumbnails in the filestore).

Timed (medians): the utilisation report for one year by week and resource, the channel ROI
report, and the portal gallery page with 800 photos (served by a real Odoo server on a
loopback port: time to answer and bytes sent; the page must reference thumbnails only).

Usage: ``./scripts/bench studio_reports [--rebuild] [--source dev_studio_booking]``
"""

import argparse
import io
import os
import random
import re
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import datetime, timedelta

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import benchlib as bl

from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry

DB = "bench_studio_reports"
START = datetime(2028, 1, 3)  # a Monday; 3 years of data
DAYS = 3 * 364
N_ORDERS = 50000
N_LEADS = 100000
N_RATINGS = 30000
N_PHOTOS = 800
SLOTS = [(9, 0), (11, 45), (14, 30), (17, 15), (20, 0)]


def parse():
    parser = argparse.ArgumentParser()
    parser.add_argument("--keep", action="store_true", help="reuse the bench database if it exists (BENCH_KEEP_DB)")
    parser.add_argument("--source", default="dev_studio_booking")
    parser.add_argument("--runs", type=int, default=5)
    return parser.parse_args()


def build(source, keep):
    if keep:
        os.environ["BENCH_KEEP_DB"] = "1"
    if not bl.clone_db(source, DB):
        return
    with Registry(DB).cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tz": "UTC"})
        generate(env)
        cr.commit()
    bl.log("data ready")


def jpeg(width, height, color):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def generate(env):
    from psycopg2.extras import execute_values

    rng = random.Random(8)
    cr = env.cr
    main = env.ref("base.main_company")
    stores = env["res.company"].create([{"name": f"Report Store {i}", "parent_id": main.id} for i in (1, 2, 3)])
    calendar = env["resource.calendar"].create(
        {
            "name": "Report bench hours",
            "tz": "UTC",
            "attendance_ids": [(5, 0, 0)]
            + [
                (
                    0,
                    0,
                    {"name": f"d{d}", "dayofweek": str(d), "hour_from": 8.5, "hour_to": 22.5, "day_period": "full_day"},
                )
                for d in range(7)
            ],
        }
    )
    resources = {}
    for store in stores:
        res = {}
        for role, count in (("photographer", 6), ("makeup", 4), ("room", 5), ("costume", 5)):
            res[role] = env["resource.resource"].create(
                [
                    {
                        "name": f"{store.name} {role} {i + 1}",
                        "company_id": store.id,
                        "resource_type": "material",
                        "calendar_id": calendar.id,
                        "tz": "UTC",
                        "studio_role": role,
                    }
                    for i in range(count)
                ]
            )
        resources[store.id] = res
    sources = [
        env.ref(x).id
        for x in (
            "studio_booking.utm_source_douyin",
            "studio_booking.utm_source_xiaohongshu",
            "studio_booking.utm_source_meituan",
            "studio_booking.utm_source_website",
            "studio_booking.utm_source_walkin",
            "utm.utm_source_referral",
        )
    ]
    currency = main.currency_id.id
    # 4 packages made of 2 parts each, with a cost per store (the margin report reads it)
    parts = env["product.product"].create([{"name": f"Bench part {i}", "type": "consu"} for i in range(8)])
    for store in stores:
        for i, part in enumerate(parts):
            part.with_company(store).standard_price = 100.0 + 25 * i
    packages = env["product.product"].create(
        [
            {
                "name": f"Bench package {i}",
                "type": "service",
                "list_price": price,
                "is_studio_package": True,
                "studio_shoot_type": shoot_type,
                "studio_component_ids": [
                    (0, 0, {"product_id": parts[2 * i].id, "quantity": 2}),
                    (0, 0, {"product_id": parts[2 * i + 1].id, "quantity": 1}),
                ],
            }
            for i, (price, shoot_type) in enumerate(
                ((2999, "baby"), (4999, "family"), (9999, "wedding"), (15999, "wedding"))
            )
        ]
    )
    env.flush_all()
    # customers
    execute_values(
        cr,
        """INSERT INTO res_partner (name, complete_name, active, type, company_id, autopost_bills, create_date,
                                   write_date, create_uid, write_uid)
           SELECT v.n, v.n, true, 'contact', v.c, 'ask', now(), now(), 1, 1 FROM (VALUES %s) AS v(n, c)""",
        [(f"Bench customer {i}", stores[i % 3].id) for i in range(N_ORDERS // 2)],
        page_size=5000,
    )
    cr.execute("SELECT id FROM res_partner WHERE name LIKE 'Bench customer %%' ORDER BY id")
    partners = [row[0] for row in cr.fetchall()]
    # places for the bookings: 3 stores x 4 parallel x 5 slots x DAYS, 50,000 of them
    places = [(d, s, st, i) for d in range(DAYS) for s in range(len(SLOTS)) for st in range(3) for i in range(4)]
    rng.shuffle(places)
    places = sorted(places[:N_ORDERS])
    order_rows, booking_rows = [], []
    for n, (day, slot, st, i) in enumerate(places):
        hour, minute = SLOTS[slot]
        start = START + timedelta(days=day, hours=hour, minutes=minute)
        store_id = stores[st].id
        partner = partners[n % len(partners)]
        package = packages[rng.randrange(len(packages))]
        order_rows.append(
            (
                f"BSO{n:06d}",
                partner,
                store_id,
                start - timedelta(days=rng.randint(7, 60)),
                package.list_price,
                sources[n % 6],
                currency,
                package.id,
            )
        )
        booking_rows.append((n, start, store_id, partner, i))
    execute_values(
        cr,
        """INSERT INTO sale_order (name, partner_id, partner_invoice_id, partner_shipping_id, company_id, date_order,
                                  state, amount_untaxed, amount_total, amount_tax, source_id, currency_id,
                                  studio_package_id, create_date, write_date, create_uid, write_uid)
           SELECT v.name, v.p, v.p, v.p, v.c, v.d, 'sale', v.a, v.a, 0, v.s, v.cur, v.pk, now(), now(), 1, 1
             FROM (VALUES %s) AS v(name, p, c, d, a, s, cur, pk)""",
        order_rows,
        page_size=5000,
    )
    cr.execute("SELECT id FROM sale_order WHERE name LIKE 'BSO%%' ORDER BY name")
    order_ids = [row[0] for row in cr.fetchall()]
    execute_values(
        cr,
        """INSERT INTO sale_order_line (order_id, product_id, name, product_uom_qty, price_unit, price_subtotal,
                                       price_total, company_id, currency_id, customer_lead, state, sequence,
                                       create_date, write_date, create_uid, write_uid)
           SELECT v.o, v.p, 'package', 1, v.a, v.a, v.a, v.c, v.cur, 0, 'sale', 10, now(), now(), 1, 1
             FROM (VALUES %s) AS v(o, p, a, c, cur)""",
        [(oid, row[7], row[4], row[2], currency) for oid, row in zip(order_ids, order_rows, strict=True)],
        page_size=5000,
    )
    execute_values(
        cr,
        """INSERT INTO studio_booking (name, company_id, partner_id, sale_order_id, start, stop, setup_minutes,
                                      cleanup_minutes, state, create_date, write_date, create_uid, write_uid)
           SELECT v.name, v.c, v.p, v.o, v.s, v.s + interval '2 hours', 15, 15, 'done', now(), now(), 1, 1
             FROM (VALUES %s) AS v(name, c, p, o, s)""",
        [(f"BSHOOT/{n:06d}", c, p, order_ids[n], s) for n, s, c, p, _i in booking_rows],
        page_size=5000,
    )
    cr.execute("SELECT id FROM studio_booking WHERE name LIKE 'BSHOOT/%%' ORDER BY name")
    booking_ids = [row[0] for row in cr.fetchall()]
    line_rows = []
    for (_n, start, store_id, partner, i), booking_id in zip(booking_rows, booking_ids, strict=True):
        res = resources[store_id]
        for resource in (res["photographer"][i], res["makeup"][i], res["room"][i]):
            line_rows.append(
                (
                    booking_id,
                    resource.id,
                    resource.studio_role,
                    store_id,
                    partner,
                    "done",
                    start,
                    start + timedelta(hours=2),
                    start - timedelta(minutes=15),
                    start + timedelta(hours=2, minutes=15),
                )
            )
    execute_values(
        cr,
        """INSERT INTO studio_booking_line (booking_id, resource_id, role, company_id, partner_id, state, start, stop,
                                           buffer_start, buffer_stop, blocking, create_date, write_date,
                                           create_uid, write_uid)
           SELECT v.*, true, now(), now(), 1, 1 FROM (VALUES %s) AS v""",
        line_rows,
        page_size=10000,
    )
    execute_values(
        cr,
        """INSERT INTO crm_lead (name, type, active, source_id, company_id, create_date, write_date, create_uid,
                                write_uid)
           SELECT v.n, 'lead', true, v.s, v.c, v.d, v.d, 1, 1 FROM (VALUES %s) AS v(n, s, c, d)""",
        [
            (
                f"Bench lead {i}",
                sources[i % 6],
                stores[i % 3].id,
                START + timedelta(days=rng.randrange(DAYS), minutes=rng.randrange(1440)),
            )
            for i in range(N_LEADS)
        ],
        page_size=10000,
    )
    rating_rows = []
    for n in rng.sample(range(N_ORDERS), N_RATINGS):
        _n, start, store_id, partner, i = booking_rows[n]
        res = resources[store_id]
        day = (start + timedelta(days=30)).date()
        rating_rows.append((order_ids[n], partner, store_id, "overall", None, rng.choice([3, 4, 5, 5]), day))
        rating_rows.append(
            (order_ids[n], partner, store_id, "photographer", res["photographer"][i].id, rng.choice([3, 4, 5, 5]), day)
        )
    execute_values(
        cr,
        """INSERT INTO studio_rating (sale_order_id, partner_id, company_id, target, resource_id, score, date,
                                     create_date, write_date, create_uid, write_uid)
           SELECT v.*, now(), now(), 1, 1 FROM (VALUES %s) AS v""",
        rating_rows,
        page_size=10000,
    )
    cost_rows = [
        (
            sources[s],
            stores[st].id,
            (START + timedelta(days=31 * m)).date().replace(day=1),
            rng.choice([3000, 5000, 8000]),
            currency,
        )
        for s in range(6)
        for st in range(3)
        for m in range(36)
    ]
    execute_values(
        cr,
        """INSERT INTO studio_channel_cost (source_id, company_id, date, amount, create_date, write_date,
                                           create_uid, write_uid)
           SELECT v.s, v.c, v.d, v.a, now(), now(), 1, 1 FROM (VALUES %s) AS v(s, c, d, a, cur)""",
        cost_rows,
    )
    # the gallery: one order, 800 photos; one processed through the ORM, its files shared by the rest
    order = env["sale.order"].browse(order_ids[-1])
    album = env["studio.photo.album"].create(
        {"sale_order_id": order.id, "quota": 30, "max_select": 0, "name": "Bench gallery"}
    )
    original = env["ir.attachment"].create(
        {"name": "DSC_0001.jpg", "raw": jpeg(4000, 3000, (180, 120, 90)), "mimetype": "image/jpeg"}
    )
    album.upload_attachment_ids = [(6, 0, original.ids)]
    album.action_process_uploads()
    photo = album.photo_ids
    env.flush_all()
    execute_values(
        cr,
        """INSERT INTO studio_photo (album_id, sequence, name, original_id, width, height, selected, favourite,
                                    create_date, write_date, create_uid, write_uid)
           SELECT v.a, v.s, v.n, v.o, 4000, 3000, v.sel, false, now(), now(), 1, 1
             FROM (VALUES %s) AS v(a, s, n, o, sel)""",
        [(album.id, k, f"DSC_{k + 1:04d}.jpg", original.id, k < 20) for k in range(1, N_PHOTOS)],
        page_size=1000,
    )
    cr.execute(
        """INSERT INTO ir_attachment (name, res_model, res_field, res_id, type, store_fname, file_size, checksum,
                                      mimetype, public, company_id, create_date, write_date, create_uid, write_uid)
           SELECT a.name, a.res_model, a.res_field, p.id, a.type, a.store_fname, a.file_size, a.checksum,
                  a.mimetype, a.public, a.company_id, now(), now(), 1, 1
             FROM ir_attachment a, studio_photo p
            WHERE a.res_model = 'studio.photo' AND a.res_id = %s AND a.res_field IN ('image_thumb', 'image_preview')
              AND p.album_id = %s AND p.id <> %s""",
        [photo.id, album.id, photo.id],
    )
    album.invalidate_recordset()
    album.action_open_to_customer()
    env["ir.config_parameter"].set_param("bench.reports.album", album.id)
    cr.execute("ANALYZE")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    args = parse()
    build(args.source, args.keep)
    registry = Registry(DB)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tz": "UTC", "lang": "en_US"})
        album = env["studio.photo.album"].browse(int(env["ir.config_parameter"].get_param("bench.reports.album")))
        path = album._portal_path()
        original_size = album.photo_ids[:1].original_id.file_size
        stores = env["res.company"].search([("name", "like", "Report Store %")])
        cr.execute("SELECT count(*) FROM sale_order WHERE name LIKE 'BSO%%'")
        n_orders = cr.fetchone()[0]
        cr.execute("SELECT count(*) FROM studio_booking_line")
        n_lines = cr.fetchone()[0]
        cr.execute("SELECT count(*) FROM crm_lead")
        n_leads = cr.fetchone()[0]
        n_photos = len(album.photo_ids)
        cr.commit()
    bl.log(f"data: {n_orders} orders, {n_lines} booking lines, {n_leads} leads, {n_photos} photos")
    year = (START + timedelta(days=364)).date()
    year_end = year + timedelta(days=364)

    def timed(fn):
        return bl.median(lambda: bl.rolled_back(DB, fn)[1], args.runs)

    def utilisation(env):
        return env["studio.utilisation.report"]._read_group(
            [("week", ">=", year), ("week", "<", year_end)],
            ["week:week", "resource_id"],
            ["booked_hours:sum", "working_hours:sum", "utilisation:avg"],
        )

    def channels(env):
        return env["studio.channel.report"]._read_group(
            [], ["source_id", "company_id"], ["leads:sum", "orders:sum", "revenue:sum", "cost:sum", "profit:sum"]
        )

    def packages(env):
        return env["studio.package.report"]._read_group(
            [("month", ">=", year), ("month", "<", year_end)],
            ["product_id", "company_id"],
            ["quantity:sum", "revenue:sum", "cost:sum", "margin:sum"],
        )

    def repurchase(env):
        groups = env["studio.customer.report"]._read_group(
            [], ["company_id"], ["customers:sum", "repurchase_rate:avg", "referral_rate:avg"]
        )
        return [(company.name, customers, rate, referral) for company, customers, rate, referral in groups]

    def store_comparison(env):
        return env["studio.store.report"]._compare(env["res.company"].browse(stores.ids), year, year_end)

    figures = {}
    for name, fn in (
        ("utilisation", utilisation),
        ("channels", channels),
        ("packages", packages),
        ("repurchase", repurchase),
        ("stores", store_comparison),
    ):
        figures[name] = timed(fn)
        bl.log(f"{name}: {figures[name][0] * 1000:.0f} ms")

    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            os.path.join(bl.TREE, "odoo-bin"),
            "-c",
            bl.CONF,
            "-d",
            DB,
            "--db-filter",
            f"^{DB}$",
            "--http-port",
            str(port),
            "--http-interface",
            "127.0.0.1",
            "--max-cron-threads",
            "0",
            "--workers",
            "0",
            "--log-level",
            "warn",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(240):
            try:
                urllib.request.urlopen(base + "/web/webclient/version_info", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        page = {}

        def gallery():
            with urllib.request.urlopen(base + path, timeout=30) as response:
                page["body"] = response.read()

        t_page, _ = bl.median(gallery, args.runs + 5)
        html = page["body"].decode()
        thumbs = re.findall(r'src="([^"]+/thumb)"', html)
        others = re.findall(r'src="(/studio/gallery/[^"]+)"', html)
        with urllib.request.urlopen(base + thumbs[0], timeout=30) as response:
            thumb_bytes = len(response.read())
    finally:
        server.terminate()
        server.wait(timeout=30)

    detail = f"{len(page['body']) / 1024:.0f} KiB HTML, {len(thumbs)} thumbnails, {len(others) - len(thumbs)} originals"
    rates = ", ".join(f"{name[-1]}: {r:.0f}% / {f:.0f}%" for name, _n, r, f in figures["repurchase"][1])
    table = bl.Table()
    rows = (
        ("utilisation", f"utilisation, one year by week x resource ({len(figures['utilisation'][1])} groups)"),
        ("channels", f"channel ROI by channel x store ({len(figures['channels'][1])} groups)"),
        ("packages", f"package margin, one year by package x store ({len(figures['packages'][1])} groups)"),
        ("repurchase", f"repurchase / referral rate by store ({rates})"),
        ("stores", f"store comparison, one year, {len(stores)} stores"),
    )
    for key, label in rows:
        table.add(label, figures[key][0], target="< 1 s")
    table.add(f"portal gallery page, {n_photos} photos ({detail})", t_page, target="< 300 ms")
    table.print("studio_reports (no peer baseline is named by the issue)")
    print(
        f"one thumbnail: {thumb_bytes / 1024:.0f} KiB; its original {original_size / 1024:.0f} KiB, "
        "never referenced by the page (thumbnails only)"
    )


if __name__ == "__main__":
    main()
