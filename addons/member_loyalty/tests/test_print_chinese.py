import io

import openpyxl

from odoo.tests import tagged

from odoo.addons.customer_core.report.xlsx_formats import money_format

from .common import MemberLoyaltyCommon


@tagged("post_install", "-at_install")
class TestPrintChinese(MemberLoyaltyCommon):
    """The store manager's consumption workbook: amounts in the store's currency, orders and
    members as whole numbers, points as whole numbers with their unit (积分 in Chinese)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(["member_loyalty"], ["zh_CN"], overwrite=True)
        cls._paid_invoice(cls.member, [(cls.product_art, 1200)])
        cls.env["member.loyalty.engine"]._post_points()
        cls.env.flush_all()

    def _key_figures(self, lang):
        board = self.env["member.dashboard"].with_user(self.manager).search([("store_id", "=", self.head.id)])
        self.assertEqual(len(board), 1)
        content, kind = (
            self.env["ir.actions.report"]
            .with_user(self.manager)
            .with_context(lang=lang)
            ._render_xlsx("member_loyalty.consumption_xlsx", board.ids, {})
        )
        self.assertEqual(kind, "xlsx")
        book = openpyxl.load_workbook(io.BytesIO(content))
        return book, book.worksheets[0][2]

    def test_consumption_xlsx_formats(self):
        book, row = self._key_figures("zh_CN")
        money = money_format(self.head.currency_id)
        self.assertIn(self.head.currency_id.symbol, money)
        # Store, Sales, Orders, Basket Size, Member Share, Repurchase Rate, Members, New Members, Points, Stored Value
        self.assertEqual(row[0].value, self.head.name)
        self.assertEqual((row[1].value, row[1].number_format), (1200, money))
        self.assertEqual((row[2].value, row[2].number_format), (1, "#,##0"))
        self.assertEqual(row[3].number_format, money)
        self.assertEqual(row[4].number_format, '0.0" %"')
        self.assertEqual(row[6].number_format, "#,##0")
        self.assertEqual(row[8].number_format, '#,##0" 积分"')
        self.assertEqual(row[9].number_format, money)
        monthly = book.worksheets[2][2]
        self.assertEqual((monthly[4].value, monthly[4].number_format), (1200, money))
        self.assertEqual(monthly[5].number_format, "#,##0")
        _book, row = self._key_figures("en_US")
        self.assertEqual(row[8].number_format, '#,##0" pts"')
