import base64
import io

from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.base.tests.common import BaseCommon


@tagged("post_install", "-at_install")
class TestLeadImport(BaseCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.source = cls.env.ref("studio_booking.utm_source_douyin")
        cls.known = cls.env["crm.lead"].create(
            {"name": "Test known lead", "phone": "+86 139-0000-1234", "type": "lead"}
        )

    def _import(self, data, filename):
        wizard = self.env["studio.lead.import"].create(
            {
                "file": base64.b64encode(data),
                "filename": filename,
                "source_id": self.source.id,
            }
        )
        wizard.action_import()
        return wizard

    def test_csv_with_duplicates(self):
        csv_text = (
            "姓名,手机,拍摄类型,婚期,预算,备注\n"
            "测试小李,13700001111,婚纱照,2031-05-20,8000,想拍外景\n"
            "测试老客,13900001234,全家福,,3000,\n"
            "测试重复,137-0000-1111,婚纱照,,,\n"
            '测试宝妈,+8613600002222,宝宝百天,2031/07/01,"¥2,500",\n'
            "没电话,,写真,,,\n"
        )
        wizard = self._import(csv_text.encode("utf-8-sig"), "douyin.csv")
        self.assertEqual(wizard.created_count, 2)
        self.assertEqual(wizard.duplicate_count, 2)
        self.assertEqual(wizard.error_count, 1)
        leads = wizard.lead_ids
        li = leads.filtered(lambda lead: lead.contact_name == "测试小李")
        self.assertEqual(li.source_id, self.source)
        self.assertEqual(li.studio_shoot_type, "wedding")
        self.assertEqual(str(li.studio_event_date), "2031-05-20")
        self.assertEqual(li.studio_budget, 8000.0)
        mum = leads.filtered(lambda lead: lead.contact_name == "测试宝妈")
        self.assertEqual(mum.studio_shoot_type, "baby")
        self.assertEqual(mum.studio_phone_key, "13600002222")
        # importing the same file again creates nothing
        again = self._import(csv_text.encode("utf-8-sig"), "douyin.csv")
        self.assertEqual(again.created_count, 0)

    def test_gbk_csv(self):
        data = "姓名,电话\n测试国标,15800003333\n".encode("gb18030")
        wizard = self._import(data, "meituan.csv")
        self.assertEqual(wizard.created_count, 1)
        self.assertEqual(wizard.lead_ids.contact_name, "测试国标")

    def test_xlsx(self):
        import openpyxl

        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(["客户姓名", "手机号", "拍摄类型", "预算"])
        sheet.append(["测试表格", 18800004444, "孕妇照", 5000])
        sheet.append(["测试老客", "13900001234", "写真", 1000])
        buffer = io.BytesIO()
        book.save(buffer)
        wizard = self._import(buffer.getvalue(), "xhs.xlsx")
        self.assertEqual(wizard.created_count, 1)
        self.assertEqual(wizard.duplicate_count, 1)
        self.assertEqual(wizard.lead_ids.studio_shoot_type, "maternity")

    def test_file_without_phone_column(self):
        with self.assertRaises(UserError):
            self._import("姓名,城市\n张三,上海\n".encode(), "bad.csv")
