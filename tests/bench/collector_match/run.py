"""Benchmark of collector_crm's matching and relationship graph.

Builds ``bench_collector_match`` from an installed database (CREATE DATABASE ... TEMPLATE) and
generates with SQL: 100,000 collectors with 5-20 weighted interests each (about 1.25 M rows), a
budget for each, 30,000 declared collection items, 50,000 interactions about artworks, 2,000
artists and 20,000 artworks; one collector with 200 relations whose neighbours have 5 each.
Then times, through the addon's own code (odoo Registry):

* artwork -> top 50 collectors:  collector.match._rank_collectors()   (one SQL query)
* collector -> top 50 artworks:  collector.match._rank_artworks()     (one SQL query)
* relation graph to depth 2:     res.partner.collector_relation_graph(depth=2)

against a Python-loop baseline: read the same rows into Python and score every collector (or
every artwork) in a loop with the same rules; for the graph, a breadth-first walk with one ORM
search per visited partner.

Run by ``./scripts/bench collector_match`` (scaffolding from ``tests/bench/benchlib.py``); optional
BENCH_SOURCE_DB (default dev_collector_crm), BENCH_COLLECTORS, BENCH_ARTWORKS, BENCH_KEEP_DB=1
(reuse the generated database), BENCH_EXPLAIN=1 (print the plans of both ranking queries).
"""

import os
import random
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import benchlib as bl

import odoo
from odoo import api

SOURCE_DB = os.environ.get("BENCH_SOURCE_DB", "dev_collector_crm")
BENCH_DB = "bench_collector_match"
N_COLLECTORS = int(os.environ.get("BENCH_COLLECTORS", "100000"))
N_ARTWORKS = int(os.environ.get("BENCH_ARTWORKS", "20000"))
N_ARTISTS, N_CATEGORIES, N_STYLES, N_PERIODS, N_MEDIUMS = 2_000, 30, 40, 12, 25
N_RELATIONS_ROOT, N_RELATIONS_NEIGHBOUR = 200, 5
RUNS = 7
log = bl.log


def generate(cr):
    cr.execute("SELECT id, currency_id FROM res_company ORDER BY id LIMIT 1")
    company_id, currency_id = cr.fetchone()
    cr.execute("SELECT id FROM res_users WHERE active ORDER BY id LIMIT 1")
    user_id = cr.fetchone()[0]
    cr.execute("SELECT id FROM res_partner_relation_type ORDER BY id LIMIT 5")
    type_ids = [r[0] for r in cr.fetchall()]
    # one id range per taxonomy
    tax = {}
    for table, count in (
        ("art_category", N_CATEGORIES),
        ("art_style", N_STYLES),
        ("art_period", N_PERIODS),
        ("art_medium", N_MEDIUMS),
    ):
        cr.execute(
            f"""INSERT INTO {table} (name) SELECT jsonb_build_object('en_US', '{table} ' || g)
                       FROM generate_series(1, %s) g RETURNING id""",
            [count],
        )
        tax[table] = [r[0] for r in cr.fetchall()]
    cr.execute(
        """INSERT INTO res_partner (name, complete_name, active, is_artist, type,
                                           autopost_bills, group_rfq, group_on, create_date, write_date)
                  SELECT 'Bench artist ' || g, 'Bench artist ' || g, TRUE, TRUE,
                         'contact', 'ask', 'default', 'default', now(), now()
                    FROM generate_series(1, %s) g RETURNING id""",
        [N_ARTISTS],
    )
    artists = [r[0] for r in cr.fetchall()]
    log(f"{N_COLLECTORS:,} collectors")
    cr.execute(
        """INSERT INTO res_partner (name, complete_name, active, is_collector,
                                           collector_level, type, user_id, company_id,
                                           last_contact_date, autopost_bills, group_rfq, group_on,
                                           create_date, write_date)
                  SELECT 'Bench collector ' || g, 'Bench collector ' || g,
                         TRUE, TRUE,
                         (ARRAY['core', 'potential', 'occasional', 'institution'])[1 + g %% 4],
                         'contact', %s, NULL,
                         CASE WHEN g %% 3 = 0 THEN now() - (g %% 200) * interval '1 day' END,
                         'ask', 'default', 'default', now(), now()
                    FROM generate_series(1, %s) g RETURNING id""",
        [user_id, N_COLLECTORS],
    )
    collectors = [r[0] for r in cr.fetchall()]
    cr.execute("CREATE TEMP TABLE bench_c AS SELECT unnest(%s::int[]) AS id", [collectors])
    cr.execute("CREATE TEMP TABLE bench_a AS SELECT unnest(%s::int[]) AS id", [artists])
    cr.execute(
        "INSERT INTO collector_private_info (partner_id, budget_min, budget_max, budget_currency_id, "
        "company_id, create_date, write_date) "
        "SELECT id, (id %% 5) * 20000, (id %% 5) * 20000 + 50000 + (id %% 17) * 60000, %s, NULL, now(), now() "
        "FROM bench_c",
        [currency_id],
    )
    log("interests (5-20 per collector)")
    cr.execute(
        """
        INSERT INTO collector_interest (partner_id, interest_type, artist_id, category_id, period_id,
                                        style_id, medium_id, price_band, weight, create_date, write_date)
        SELECT c.id, k.kind,
               CASE WHEN k.kind = 'artist' THEN (%(artists)s::int[])[1 + floor(random() * %(na)s)::int] END,
               CASE WHEN k.kind = 'category' THEN (%(cats)s::int[])[1 + floor(random() * %(nc)s)::int] END,
               CASE WHEN k.kind = 'period' THEN (%(periods)s::int[])[1 + floor(random() * %(np)s)::int] END,
               CASE WHEN k.kind = 'style' THEN (%(styles)s::int[])[1 + floor(random() * %(ns)s)::int] END,
               CASE WHEN k.kind = 'medium' THEN (%(mediums)s::int[])[1 + floor(random() * %(nm)s)::int] END,
               CASE WHEN k.kind = 'price_band'
                    THEN (ARRAY['lt_50k', '50k_200k', '200k_1m', 'gt_1m'])[1 + floor(random() * 4)::int] END,
               1 + floor(random() * 10)::int, now(), now()
          FROM bench_c c
          CROSS JOIN LATERAL generate_series(1, 5 + (c.id %% 16)) n
          CROSS JOIN LATERAL (
              SELECT (ARRAY['artist', 'artist', 'artist', 'category', 'category', 'period',
                            'style', 'style', 'medium', 'price_band'])[1 + floor(random() * 10 + n * 0)::int] AS kind
          ) k
    """,
        {
            "artists": artists,
            "na": len(artists),
            "cats": tax["art_category"],
            "nc": N_CATEGORIES,
            "periods": tax["art_period"],
            "np": N_PERIODS,
            "styles": tax["art_style"],
            "ns": N_STYLES,
            "mediums": tax["art_medium"],
            "nm": N_MEDIUMS,
        },
    )
    cr.execute("SELECT count(*) FROM collector_interest")
    log(f"  {cr.fetchone()[0]:,} interest rows")
    log(f"{N_ARTWORKS:,} artworks")
    cr.execute(
        """
        INSERT INTO art_artwork (name, inventory_number, company_id, currency_id, dimension_unit, edition_type,
                                 intake_state, active, artist_id, category_id, period_id, medium_id, list_price,
                                 status, available_for_sale, create_date, write_date)
        SELECT jsonb_build_object('en_US', 'Bench work ' || g), 'BENCH-' || g, %(company)s, %(currency)s, 'cm',
               'unique', 'approved', TRUE,
               (%(artists)s::int[])[1 + (g * 7919) %% %(na)s],
               (%(cats)s::int[])[1 + g %% %(nc)s],
               (%(periods)s::int[])[1 + g %% %(np)s],
               (%(mediums)s::int[])[1 + g %% %(nm)s],
               (ARRAY[8000, 30000, 120000, 450000, 1500000])[1 + g %% 5] + (g %% 97) * 100,
               CASE WHEN g %% 10 < 6 THEN 'in_stock' WHEN g %% 10 < 8 THEN 'sold' ELSE 'on_loan_out' END,
               g %% 10 < 6, now(), now()
          FROM generate_series(1, %(n)s) g RETURNING id
    """,
        {
            "company": company_id,
            "currency": currency_id,
            "artists": artists,
            "na": len(artists),
            "cats": tax["art_category"],
            "nc": N_CATEGORIES,
            "periods": tax["art_period"],
            "np": N_PERIODS,
            "mediums": tax["art_medium"],
            "nm": N_MEDIUMS,
            "n": N_ARTWORKS,
        },
    )
    artworks = [r[0] for r in cr.fetchall()]
    cr.execute("CREATE TEMP TABLE bench_w AS SELECT unnest(%s::int[]) AS id", [artworks])
    cr.execute(
        "INSERT INTO art_artwork_art_style_rel (art_artwork_id, art_style_id) "
        "SELECT w.id, (%s::int[])[1 + (w.id * 31 + s) %% %s] FROM bench_w w, generate_series(0, 1) s "
        "ON CONFLICT DO NOTHING",
        [tax["art_style"], N_STYLES],
    )
    log("collection items, interactions")
    cr.execute(
        """INSERT INTO collector_collection_item (partner_id, ownership, origin, artist_id, description,
                                                         create_date, write_date)
                  SELECT c.id, CASE WHEN c.id %% 2 = 0 THEN 'owned' ELSE 'previously_owned' END, 'declared',
                         (%s::int[])[1 + (c.id * 13) %% %s], 'Declared work', now(), now()
                    FROM bench_c c WHERE c.id %% 10 < 3""",
        [artists, len(artists)],
    )
    cr.execute(
        """INSERT INTO customer_interaction (partner_id, user_id, company_id, name, interaction_type, date,
                                                    artwork_role, create_date, write_date)
                  SELECT c.id, %s, %s, 'Asked about a work', 'wechat', now() - (c.id %% 300) * interval '1 day',
                         'asked', now(), now()
                    FROM bench_c c WHERE c.id %% 2 = 0 RETURNING id, partner_id""",
        [user_id, company_id],
    )
    interactions = cr.fetchall()
    cr.execute(
        """INSERT INTO collector_interaction_artwork_rel (interaction_id, artwork_id)
                  SELECT i, (%s::int[])[1 + (i * 7) %% %s] FROM unnest(%s::int[]) i ON CONFLICT DO NOTHING""",
        [artworks, len(artworks), [r[0] for r in interactions]],
    )
    log("relations around one collector (200, then 5 per neighbour)")
    root = collectors[0]
    neighbours = collectors[1 : 1 + N_RELATIONS_ROOT]
    rows = [(root, n, type_ids[i % len(type_ids)]) for i, n in enumerate(neighbours)]
    pool = collectors[1000:]
    rng = random.Random(6)
    for i, n in enumerate(neighbours):
        for j in range(N_RELATIONS_NEIGHBOUR):
            rows.append((rng.choice(pool), n, type_ids[(i + j) % len(type_ids)]))
    cr.execute(
        """INSERT INTO res_partner_relation (left_partner_id, right_partner_id, type_id, active,
                                                    create_date, write_date)
                  SELECT l, r, t, TRUE, now(), now() FROM unnest(%s::int[], %s::int[], %s::int[]) AS x(l, r, t)""",
        [[r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]],
    )
    log("VACUUM ANALYZE")
    cr.commit()
    cr._cnx.autocommit = True
    for table in (
        "res_partner",
        "collector_interest",
        "collector_private_info",
        "art_artwork",
        "art_artwork_art_style_rel",
        "collector_collection_item",
        "customer_interaction",
        "collector_interaction_artwork_rel",
        "res_partner_relation",
    ):
        cr.execute(f"VACUUM ANALYZE {table}")
    cr._cnx.autocommit = False
    return root


# ---------------------------------------------------------------------------------------------
# Python-loop baselines: the same scoring rules, evaluated in Python over rows read from the ORM
# tables (what an addon without the SQL ranking would do).
# ---------------------------------------------------------------------------------------------
FACTORS = {"artist": 3, "category": 1, "period": 1, "style": 1, "medium": 1, "price_band": 2}
LEVEL = {"core": 5, "potential": 3, "institution": 1}


def band_of(price):
    return "lt_50k" if price < 50000 else "50k_200k" if price < 200000 else "200k_1m" if price < 1000000 else "gt_1m"


def python_rank_collectors(env, artwork_id):
    cr = env.cr
    cr.execute(
        "SELECT artist_id, category_id, period_id, medium_id, COALESCE(list_price, 0) FROM art_artwork WHERE id = %s",
        [artwork_id],
    )
    artist, category, period, medium, price = cr.fetchone()
    cr.execute("SELECT art_style_id FROM art_artwork_art_style_rel WHERE art_artwork_id = %s", [artwork_id])
    styles = {r[0] for r in cr.fetchall()}
    band = band_of(price)
    cr.execute(
        "SELECT partner_id, interest_type, artist_id, category_id, period_id, style_id, medium_id, price_band, weight "
        "FROM collector_interest"
    )
    points = {}
    for pid, kind, a, c, p, s, m, b, w in cr.fetchall():
        hit = (
            (kind == "artist" and a == artist)
            or (kind == "category" and c == category)
            or (kind == "period" and p == period)
            or (kind == "style" and s in styles)
            or (kind == "medium" and m == medium)
            or (kind == "price_band" and b == band)
        )
        if hit:
            points[pid] = points.get(pid, 0) + w * FACTORS[kind]
    cr.execute(
        "SELECT p.id, p.collector_level, pi.budget_min, pi.budget_max FROM res_partner p "
        "LEFT JOIN collector_private_info pi ON pi.partner_id = p.id WHERE p.is_collector AND p.active"
    )
    scored = []
    for pid, level, bmin, bmax in cr.fetchall():
        if pid not in points:
            continue
        score = points[pid] + LEVEL.get(level, 0)
        if bmax:
            if bmin is not None and bmin <= price <= bmax:
                score += 10
            elif price <= bmax * 1.2:
                score += 3
            else:
                score -= 10
        scored.append((score, pid))
    scored.sort(reverse=True)
    return scored[:50]


def python_rank_artworks(env, partner_id):
    cr = env.cr
    cr.execute(
        "SELECT interest_type, artist_id, category_id, period_id, style_id, medium_id, price_band, weight "
        "FROM collector_interest WHERE partner_id = %s",
        [partner_id],
    )
    interests = cr.fetchall()
    cr.execute("SELECT budget_min, budget_max FROM collector_private_info WHERE partner_id = %s", [partner_id])
    bmin, bmax = cr.fetchone() or (None, None)
    cr.execute(
        "SELECT a.id, a.artist_id, a.category_id, a.period_id, a.medium_id, COALESCE(a.list_price, 0), "
        "ARRAY(SELECT art_style_id FROM art_artwork_art_style_rel r WHERE r.art_artwork_id = a.id) "
        "FROM art_artwork a WHERE a.available_for_sale AND a.active"
    )
    scored = []
    for aid, artist, category, period, medium, price, styles in cr.fetchall():
        band = band_of(price)
        points = 0
        for kind, a, c, p, s, m, b, w in interests:
            if (
                (kind == "artist" and a == artist)
                or (kind == "category" and c == category)
                or (kind == "period" and p == period)
                or (kind == "style" and s in styles)
                or (kind == "medium" and m == medium)
                or (kind == "price_band" and b == band)
            ):
                points += w * FACTORS[kind]
        if points:
            if bmax:
                points += 10 if (bmin or 0) <= price <= bmax else 3 if price <= bmax * 1.2 else -10
            scored.append((points, aid))
    scored.sort(reverse=True)
    return scored[:50]


def python_graph(env, partner_id, depth=2):
    Relation = env["res.partner.relation"]
    seen, frontier, edges = {partner_id}, [partner_id], set()
    for _level in range(depth):
        nxt = []
        for pid in frontier:
            for rel in Relation.search(["|", ("left_partner_id", "=", pid), ("right_partner_id", "=", pid)]):
                edges.add(rel.id)
                other = rel.right_partner_id.id if rel.left_partner_id.id == pid else rel.left_partner_id.id
                if other not in seen:
                    seen.add(other)
                    nxt.append(other)
        frontier = nxt
    names = env["res.partner"].browse(list(seen)).mapped("display_name")
    return len(names), len(edges)


def explain(env, sql):
    """EXPLAIN ANALYZE of a ranking query (BENCH_EXPLAIN=1)."""
    query = env.cr.mogrify(sql.code, sql.params).decode()
    env.cr.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + query)
    print("\n".join(row[0] for row in env.cr.fetchall()))


def main():
    fresh = bl.clone_db(SOURCE_DB, BENCH_DB)
    registry = bl.registry(BENCH_DB)
    with registry.cursor() as cr:
        if fresh:
            t0 = time.time()
            root = generate(cr)
            cr.commit()
            log(f"data generated in {time.time() - t0:.0f} s")
        else:
            cr.execute("SELECT left_partner_id FROM res_partner_relation GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")
            root = cr.fetchone()[0]
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        Match = env["collector.match"]
        cr.execute(
            "SELECT id FROM art_artwork WHERE name->>'en_US' LIKE 'Bench work %%' ORDER BY id LIMIT 1 OFFSET 1234"
        )
        artwork = env["art.artwork"].browse(cr.fetchone()[0])
        cr.execute(
            "SELECT partner_id FROM collector_interest GROUP BY partner_id HAVING count(*) >= 15 "
            "ORDER BY partner_id LIMIT 1 OFFSET 500"
        )
        collector = env["res.partner"].browse(cr.fetchone()[0])
        root_partner = env["res.partner"].browse(root)
        cr.execute("SELECT count(*) FROM res_partner WHERE is_collector")
        n_collectors = cr.fetchone()[0]
        cr.execute("SELECT count(*) FROM collector_interest")
        n_interests = cr.fetchone()[0]
        cr.execute("SELECT count(*) FROM art_artwork")
        n_artworks = cr.fetchone()[0]
        if os.environ.get("BENCH_EXPLAIN"):
            explain(env, Match._rank_collectors_sql(artwork, 50))
            explain(env, Match._rank_artworks_sql(collector, 50))

        table = bl.Table()
        ours, _rows = bl.median(lambda: Match._rank_collectors(artwork, limit=50), RUNS)
        base, _rows = bl.median(lambda: python_rank_collectors(env, artwork.id), 3)
        table.add("artwork -> top 50 collectors", ours, base, "Python loop", "< 200 ms")
        ours, _rows = bl.median(lambda: Match._rank_artworks(collector, limit=50), RUNS)
        base, _rows = bl.median(lambda: python_rank_artworks(env, collector.id), 3)
        table.add("collector -> top 50 artworks", ours, base, "Python loop", "< 200 ms")

        def graph():
            env.invalidate_all()
            return root_partner.collector_relation_graph(depth=2)

        def base_graph():
            env.invalidate_all()
            return python_graph(env, root)

        ours, result = bl.median(graph, RUNS)
        nodes = len(result["nodes"])
        base, _rows = bl.median(base_graph, 3)
        table.add(f"relation graph, depth 2 ({N_RELATIONS_ROOT} relations)", ours, base, "ORM BFS loop", "< 100 ms")
        # the same top entries both ways (sanity check of the SQL ranking against the loop)
        sql_top = [row[0] for row in Match._rank_collectors(artwork, limit=10)]
        py_top = [pid for _s, pid in python_rank_collectors(env, artwork.id)[:10]]
        cr.rollback()

    table.print(
        f"collector_match: {n_collectors:,} collectors, {n_interests:,} interests, {n_artworks:,} artworks; "
        f"graph root has {N_RELATIONS_ROOT} relations, {nodes} nodes at depth 2 "
        f"(median of {RUNS} runs, baselines of 3; load {os.getloadavg()[0]:.1f})"
    )
    print(
        f"top 10 of the SQL ranking in the Python loop's top 10: {len(set(sql_top) & set(py_top))}/10 "
        "(the loop has no 'asked'/'owns'/'contact' signals)"
    )


if __name__ == "__main__":
    main()
