"""A role's first-day tour, run at a desktop's and a phone's size, saving the screens it shows.

A tour step asks for a screenshot by logging ``first_day_shot:<NN>-<screen>`` (see ``shot()`` in
the tours under ``static/tests/tours/first_day_*.js``) and waits until ``window.firstDayShot`` names
that screen: the page stays as it is while Chrome captures it. The picture is saved as
``.run/artefacts/screenshots/<role>/<NN>-<screen>-<desktop|phone>.png`` (``FIRST_DAY_SCREENSHOTS``
names another folder); CI keeps ``.run/artefacts/``.

The tests are tagged ``first_day`` and ``-standard``: the suite's pytest step runs them
(``./scripts/test``), Odoo's runner only when asked (``--test-tags first_day``), not in each addon's
``--test-tags /<addon>`` check.
"""

import base64
import json
import logging
import os
from pathlib import Path
from unittest.mock import patch

from odoo.tests.common import ChromeBrowser

_logger = logging.getLogger(__name__)

SHOT_PREFIX = "first_day_shot:"
SIZES = {"desktop": ("1440x900", False), "phone": ("390x844", True)}
TIMEZONE = "Asia/Shanghai"


def screenshots_folder():
    folder = os.environ.get("FIRST_DAY_SCREENSHOTS")
    if folder:
        return Path(folder)
    # addons/<addon>/tests/first_day_tour.py -> the checkout's .run/artefacts/screenshots
    return Path(__file__).resolve().parents[3] / ".run" / "artefacts" / "screenshots"


class FirstDayTourMixin:
    """For an HttpCase: ``run_first_day_tour(role, tour, login, size)``."""

    @classmethod
    def _first_day_zh_cn(cls, modules):
        """zh_CN active with the terms of ``modules`` (a database without Chinese gets them here)."""
        Lang = cls.env["res.lang"].with_context(active_test=False)
        had_it = Lang.search([("code", "=", "zh_CN"), ("active", "=", True)])
        Lang._activate_lang("zh_CN")
        if not had_it:
            cls.env["ir.module.module"]._load_module_terms(modules, ["zh_CN"])

    def run_first_day_tour(self, role, tour, login, size, url="/odoo", timeout=300, companies=None):
        """``companies``: the companies ticked in the switcher (a head office ticks every store)."""
        browser_size, touch = SIZES[size]
        user = self.env["res.users"].search([("login", "=", login)])
        if "odoobot_state" in user._fields:
            # OdooBot's welcome chat opens over a new user's first screen (full screen on a phone);
            # the user closes it at once: the screenshots show the screens behind it
            user.odoobot_state = "disabled"
        folder = screenshots_folder() / role
        folder.mkdir(parents=True, exist_ok=True)
        saved = []
        original = ChromeBrowser._handle_console

        def handle_console(browser, type, args=None, **kw):  # pylint: disable=redefined-builtin
            value = args and args[0].get("value")
            if type == "log" and isinstance(value, str) and value.startswith(SHOT_PREFIX):
                name = value[len(SHOT_PREFIX) :]
                path = folder / f"{name}-{size}.png"

                def save(future):
                    try:
                        path.write_bytes(base64.b64decode(future.result(timeout=0)["data"]))
                        saved.append(path)
                    except Exception as e:  # noqa: BLE001 - the tour goes on; the test checks what was saved
                        _logger.info("screenshot %s not saved: %s", path, e)
                    browser._websocket_send(
                        "Runtime.evaluate", params={"expression": f"window.firstDayShot = {json.dumps(name)}"}
                    )

                future = browser._websocket_send("Page.captureScreenshot", with_future=True)
                if future:
                    future.add_done_callback(save)
            return original(browser, type, args=args, **kw)

        original_navigate = ChromeBrowser.navigate_to

        def navigate_to(browser, url, wait_stop=False):
            # the browser of a user in China: the web client shows times in the browser's zone
            browser._websocket_request("Emulation.setTimezoneOverride", params={"timezoneId": TIMEZONE})
            return original_navigate(browser, url, wait_stop=wait_stop)

        self.browser_size, self.touch_enabled = browser_size, touch
        with (
            patch.object(ChromeBrowser, "_handle_console", handle_console),
            patch.object(ChromeBrowser, "navigate_to", navigate_to),
        ):
            self.start_tour(
                url,
                tour,
                login=login,
                timeout=timeout,
                cookies={"cids": "-".join(str(c.id) for c in companies)} if companies else None,
            )
        self.assertTrue(saved, f"the tour {tour} saved no screenshot in {folder}")
        return saved
