"""Who is in the demo: Shandong province (370000), the cities of Zibo (370300) and Jinan
(370100), the counties of Zhangdian (370303) and Linzi (370305). One password for all, which
meets the password policy; it is printed by `make demo` and must never reach production."""

from __future__ import annotations

from dataclasses import dataclass

DEMO_PASSWORD = "CleanProd-Demo-2026"  # noqa: S105  (demo only, printed to the newcomer)
DEMO_PROVINCE = "370000"
DEMO_ENTERPRISE_USER = "ent_qilu"  # acts for 齐鲁示范化工有限公司
# enterprise users → index into demo.enterprises.ENTERPRISES; agency staff → index into
# demo.audits.AGENCIES
ENTERPRISE_BINDINGS = {
    "ent_qilu": 0,
    "ent_dianduo": 5,
    "ent_boshan": 12,
    "ent_huantai": 15,
    "ent_gaoqing": 17,
    "ent_zqauto": 20,
    "ent_lvjian": 2,
    "ent_nongyao": 3,
}
AGENCY_BINDINGS = {"agency_hu": 0}
# expert accounts → the name of their member of the demo expert pool (demo.experts.EXPERTS)
EXPERT_BINDINGS = {
    "expert_ma": "马林",
    "expert_liu": "刘洋",
    "expert_zhang": "张伟",
    # they sit on the demo's panels (demo/reviews.py)
    "expert_sun": "孙丽",
    "expert_chen": "陈晓东",
    "expert_wei": "卫国强",
}


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    region: str
    display_name: str
    organisation: str


ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("mee_li", "national_official", "000000", "李司长", "生态环境部"),
    DemoAccount("sd_wang", "provincial_official", "370000", "王处长", "山东省生态环境厅"),
    DemoAccount("sd_drc_zhao", "energy_official", "370000", "赵科长", "山东省发展和改革委员会"),
    DemoAccount("zb_chen", "municipal_official", "370300", "陈科长", "淄博市生态环境局"),
    DemoAccount("jn_sun", "municipal_official", "370100", "孙科长", "济南市生态环境局"),
    DemoAccount("zd_liu", "county_official", "370303", "刘科员", "淄博市生态环境局张店分局"),
    DemoAccount("lz_zhou", "county_official", "370305", "周科员", "淄博市生态环境局临淄分局"),
    DemoAccount("ent_qilu", "enterprise_user", "370305", "吴经理", "齐鲁示范化工有限公司"),
    DemoAccount("ent_dianduo", "enterprise_user", "370303", "周经理", "张店示范电镀有限公司"),
    DemoAccount("ent_boshan", "enterprise_user", "370304", "卫经理", "博山示范铝业有限公司"),
    DemoAccount("ent_huantai", "enterprise_user", "370321", "韩经理", "桓台示范焦化有限公司"),
    DemoAccount("ent_gaoqing", "enterprise_user", "370322", "朱经理", "高青示范蓄电池有限公司"),
    DemoAccount("ent_zqauto", "enterprise_user", "370114", "许经理", "章丘示范汽车零部件有限公司"),
    DemoAccount("ent_lvjian", "enterprise_user", "370305", "高经理", "临淄示范氯碱化工有限公司"),
    DemoAccount("ent_nongyao", "enterprise_user", "370305", "李经理", "淄博示范农药有限公司"),
    DemoAccount("agency_hu", "agency_staff", "370300", "胡工", "淄博绿源清洁生产咨询有限公司"),
    DemoAccount("expert_ma", "expert", "370000", "马教授", "山东示范大学环境学院"),
    DemoAccount("expert_liu", "expert", "370000", "刘高工", "淄博市生态环境监测中心"),
    DemoAccount("expert_zhang", "expert", "370000", "张总工", "山东示范化工设计院有限公司"),
    DemoAccount("expert_sun", "expert", "370000", "孙教授", "山东示范理工大学化学工程学院"),
    DemoAccount("expert_chen", "expert", "370000", "陈教高", "山东示范石化研究院"),
    DemoAccount("expert_wei", "expert", "370000", "卫总工", "齐鲁示范化工有限公司"),
    DemoAccount("sys_admin", "system_admin", "370000", "系统管理员", "山东省生态环境厅信息中心"),
    DemoAccount("sec_admin", "security_admin", "370000", "安全管理员", "山东省生态环境厅信息中心"),
    DemoAccount("audit_admin", "audit_admin", "370000", "审计管理员", "山东省生态环境厅信息中心"),
)
