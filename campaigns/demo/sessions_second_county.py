"""白溪县's part of the city's campaign 我陪群众走流程: a second county beside 青山县, so the city (云川市) has two
counties to compare (see scenarios.py for the shape). Its walks use 青山县's service item codes only where the
items are province-wide; the departments are 白溪县's own."""

from .scenarios import measure

SESSIONS_SECOND_COUNTY = [
    {
        "at": 0.12, "time": "09:30", "mode": "simulated", "channel": "offline", "dept": "BX-02-SCJG",
        "items": [], "lead": "白建军", "companions": ["林芳"],
        "measure": measure(35, 95, 2, 2, 7, 5, False),
        "facts": {"simulated_via": "hall", "steps_experienced": "取号→排队→咨询→递交材料→补正→受理"},
        "experience": "以个体户身份办理设立登记,排队35分钟,窗口要求的材料比办事指南多两项,跑了两趟。",
        "findings": [
            {
                "title": "个体户设立登记窗口索要指南外材料",
                "description": "窗口要求提供房屋产权证明复印件和租赁备案,办事指南均未列明。",
                "category": "materials", "severity": "major", "plan": "closed", "limit": 5,
                "measures": "清理窗口口头要求,材料清单以办事指南为准,公示于窗口。",
                "reductions": {"materials": (7, 5)},
            },
            {
                "title": "登记窗口高峰时段仅开一个",
                "description": "上午9点至11点取号等候超过30分钟,4个登记窗口仅开1个。",
                "category": "staff_conduct", "severity": "minor", "plan": "rectification", "limit": 10,
            },
        ],
    },
    {
        "at": 0.35, "time": "14:10", "mode": "accompanied", "channel": "offline", "dept": "BX-03-GAJ",
        "items": [], "lead": "陶勇", "companions": ["周红梅"],
        "measure": measure(20, 60, 1, 1, 4, 4, True),
        "facts": {"citizen_name": "王大爷", "citizen_feedback": "老人不会用自助机,没人帮。"},
        "experience": "陪同一位老人办理户口迁移,自助机旁无引导人员,老人独自操作失败。",
        "findings": [
            {
                "title": "户政自助机旁无帮办引导人员",
                "description": "老年人不会操作自助机,现场无人引导,只能重新排队到人工窗口。",
                "category": "special_groups", "severity": "major", "plan": "feedback_overdue", "limit": 5,
            },
        ],
    },
    {
        "at": 0.60, "time": "10:00", "mode": "window_seat", "channel": "offline", "dept": "BX-01-ZWFW",
        "items": [], "lead": "黄志明", "companions": [],
        "measure": measure(None, 180),
        "facts": {"window_number": "综合受理3号", "hours_at_window": "3", "citizens_received": 14,
                  "cases_accepted": 11, "cases_approved": 6, "results_printed": 6},
        "experience": "副县长坐窗3小时,接待群众14人,发现跨部门事项仍需群众自行到各局窗口。",
        "findings": [
            {
                "title": "跨部门事项未实行综合窗口一窗受理",
                "description": "开办餐饮店需分别到市场监管、卫健窗口递交材料,综合窗口只能咨询不能受理。",
                "category": "process", "severity": "severe", "plan": "evaluation", "limit": 10,
                "measures": "梳理12项跨部门高频事项,综合窗口统一收件后内部流转。",
            },
        ],
    },
]
