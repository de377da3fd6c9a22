"""The current campaign 我陪群众走流程, first half: who walked what, and what they found (see scenarios.py)."""

from .scenarios import ALL_PROXY_STEPS, measure

SESSIONS_EARLY = [
    {
        "at": 0.04, "time": "09:10", "mode": "simulated", "channel": "both", "dept": "QS-06-SCJG",
        "items": ["SX-SCJG-001"], "lead": "舒建军", "companions": ["邓丽萍"], "cross": True,
        "measure": measure(18, 95, 1, 2, 6, 5, False),
        "facts": {
            "simulated_via": "platform",
            "steps_experienced": "一体化政务服务平台注册登录→企业开办“一件事”填报→股东电子签名→"
            "线下综合窗口领取营业执照、印章和税务UKey",
        },
        "experience": "线上填报有引导,整体顺畅;但外地股东电子签名要下载两个APP,操作繁琐。"
        "窗口要求补交住所使用证明复印件,办事指南里没有列这一项。",
        "findings": [
            {
                "title": "企业开办窗口要求提交办事指南未列明的住所使用证明复印件",
                "description": "模拟开办一家餐饮公司,线上已上传租赁合同,线下领照时窗口仍要求提供住所使用证明复印件,"
                "办事指南未列明该材料,群众需二次补交。",
                "category": "materials", "severity": "major", "long_term_rule": True, "plan": "closed",
                "reductions": {"materials": (6, 5)},
                "measures": "取消住所使用证明复印件要求,改为住所申报承诺制;修订办事指南并在一体化平台同步更新;"
                "组织窗口人员开展一次性告知培训,建立“指南外材料”月度自查制度。",
            },
            {
                "title": "外地股东电子签名须下载多个APP,操作繁琐",
                "description": "企业开办电子签名环节,外地股东须分别下载市场监管和税务两个APP完成实名认证,"
                "老年股东无法独立完成。",
                "category": "online_system", "severity": "minor", "plan": "rectification_overdue", "limit": 8,
            },
        ],
    },
    {
        "at": 0.08, "time": "08:30", "mode": "window_seat", "channel": "offline", "dept": "QS-07-RSJ",
        "items": ["SX-RSJ-002", "SX-RSJ-003"], "lead": "龙建平", "companions": ["易小红"], "announced": True,
        "measure": measure(total=210),
        "facts": {
            "window_number": "B12", "hours_at_window": "3.5", "citizens_received": 27, "cases_accepted": 19,
            "cases_approved": 12, "results_printed": 15,
        },
        "experience": "上午在社保综合窗口坐班,接待群众27人次。退休审批咨询集中,不少群众对视同缴费年限认定政策听不明白,"
        "窗口解释也不统一;即时制卡机上午出现故障。",
        "findings": [
            {
                "title": "退休审批视同缴费年限认定政策群众“看不懂”、窗口“讲不清”",
                "description": "坐窗期间5位群众询问视同缴费年限认定,两名窗口人员解释口径不一致,群众需反复询问。",
                "category": "policy_explanation", "severity": "minor", "plan": "closed",
                "measures": "统一制作视同缴费年限认定“政策白话”图解,开展窗口话术培训并纳入月度考核。",
            },
            {
                "title": "社保卡即时制卡机故障,群众需隔日再来领卡",
                "description": "即时制卡机打印头故障,3位群众被告知次日再来领卡。",
                "category": "facilities", "severity": "major", "fixed_on_spot": True, "plan": "closed",
                "measures": "当场联系运维人员更换打印头,恢复即时制卡;对已受理的3位群众电话告知并当日领卡。",
            },
        ],
    },
    {
        "at": 0.12, "time": "14:30", "mode": "accompanied", "channel": "offline", "dept": "QS-10-BDC",
        "items": ["SX-BDC-001", "SX-SWJ-002"], "lead": "黄德胜", "companions": ["莫艳"],
        "measure": measure(42, 130, 1, 3, 7, 7, True),
        "facts": {
            "citizen_name": "刘桂芝", "citizen_phone": "13974512086",
            "citizen_feedback": "交税和过户要在两个区域分别排队、取两次号,来回跑了三个窗口,老年人搞不清先去哪里。",
        },
        "experience": "陪同刘女士办理二手房过户,材料齐全、指南准确,但缴税与登记分设窗口,群众需重复排队。",
        "findings": [
            {
                "title": "二手房转移登记与税费缴纳需分别取号排队",
                "description": "群众需先在税务窗口缴税,再到不动产登记窗口重新取号,两次排队合计等候42分钟。",
                "category": "process", "severity": "major", "long_term_rule": True, "plan": "closed", "limit": 15,
                "reductions": {"steps": (2, 1)},
                "measures": "推行“一窗受理、集成服务”,不动产登记与税费缴纳并窗办理、"
                "一次取号;制定《不动产登记集成服务规范》。",
            },
        ],
    },
    {
        "at": 0.15, "time": "10:00", "mode": "reverse", "channel": "online", "dept": "QS-11-GJJ",
        "items": ["SX-GJJ-001"], "lead": "罗建新", "companions": ["田甜"],
        "measure": measure(total=150),
        "facts": {
            "complaint_source": "hotline_12345", "complaint_reference": "12345-{year}-03127",
            "complaint_text": "市民反映:网上申请购房提取住房公积金,三次被退回,每次退回理由都不一样,最后还是要跑窗口。",
            "traced_chain": "提取到账←复核←初审(退回3次)←线上申请;调阅退件记录,三次退件分别由不同初审人员处理,"
            "对购房合同备案信息的要求理解不一。",
            "blocking_point": "初审环节退件标准不统一,退件理由未一次性告知。",
        },
        "experience": "从到账结果往前倒查,问题不在系统而在人:没有统一的退件标准清单。",
        "findings": [
            {
                "title": "公积金线上提取退件标准不统一、退件理由未一次性告知",
                "description": "同一笔购房提取被三次退回,退件理由分别为合同页码不全、"
                "备案信息不清、发票不符,未一次性告知。",
                "category": "process", "severity": "major", "plan": "reopened_closed", "limit": 10,
                "measures": "制定线上提取初审退件标准清单,退件须一次性列明全部问题。",
                "reject_note": "二次回访群众,反映近期再次申请仍被分两次退件,整改未落实到位。",
                "measures_2": "增设退件复核岗,退件前由科长复核并一次性告知;对近三个月退件逐件电话回访,"
                "将退件率纳入窗口绩效考核。",
                "evaluated_by": "leader",
            },
        ],
    },
    {
        "at": 0.18, "time": "09:40", "mode": "proxy", "channel": "both", "dept": "QS-20-CL",
        "items": ["SX-CL-001"], "lead": "潘志明", "companions": ["曾小燕"],
        "measure": measure(25, 160, 2, 2, 4, 4, True),
        "facts": {
            "citizen_name": "向秀英", "citizen_phone": "15873024519",
            "authorisation_method": "书面授权委托书(申请人按手印、家属代签)及申请人身份证复印件",
            "proxy_steps": ALL_PROXY_STEPS,
        },
        "experience": "受卧床老人向秀英委托代办残疾人证,材料不多,但评残必须本人到指定医院,家属只能雇车抬人过去。",
        "findings": [
            {
                "title": "重度残疾人办证须本人到医院评残,行动不便群众难以到场",
                "description": "残疾等级评定须申请人到县人民医院现场评定,卧床群众需雇车往返,费用和安全风险都高。",
                "category": "special_groups", "severity": "major", "long_term_rule": True, "plan": "closed",
                "limit": 20, "reductions": {"trips": (2, 0)},
                "measures": "协调评残医生上门评定,残疾人证全环节“上门办”;建立重度残疾人上门服务台账,每月汇总。",
            },
        ],
    },
    {
        "at": 0.22, "time": "15:00", "mode": "simulated", "channel": "online", "dept": "QS-08-YBJ",
        "items": ["SX-YBJ-002"], "lead": "邓丽萍", "companions": [], "cross": True,
        "measure": measure(0, 12, 0, 0, 1, 1, True),
        "facts": {
            "simulated_via": "department_app",
            "steps_experienced": "医保APP实名登录→异地就医备案→选择参保地与就医地→提交→即时备案成功",
        },
        "experience": "全程12分钟办结,零跑动;但就医地下拉框没有搜索功能,要翻好几屏,老年人容易放弃。",
        "findings": [
            {
                "title": "医保APP异地就医备案“就医地”选项无搜索,老年人查找困难",
                "description": "就医地下拉列表按行政区划编码排序且无搜索框,需翻找多屏。",
                "category": "online_system", "severity": "minor", "plan": "closed", "limit": 15,
                "measures": "协调省医保信息平台在就医地选项增加搜索和常用地区置顶,已上线。",
            },
        ],
    },
    {
        "at": 0.26, "time": "08:30", "mode": "window_seat", "channel": "offline", "dept": "QS-01-ZWFW",
        "items": ["SX-SCJG-002", "SX-GAJ-002"], "lead": "李国栋", "companions": ["唐雅琴"], "cross": True,
        "announced": True, "measure": measure(total=240),
        "facts": {
            "window_number": "综合窗口A03", "hours_at_window": "4.0", "citizens_received": 31, "cases_accepted": 22,
            "cases_approved": 0, "results_printed": 18,
        },
        "experience": "在综合受理窗口坐班半天。自助终端打印营业执照副本卡纸,"
        "等了十分钟才有人处理;老年群众不会用自助取号机。",
        "findings": [
            {
                "title": "大厅自助终端打印执照副本卡纸,无人及时处置",
                "description": "自助打印终端卡纸约10分钟无人处置,群众到综合窗口求助。",
                "category": "facilities", "severity": "minor", "fixed_on_spot": True, "plan": "closed",
                "measures": "当场处置卡纸;明确自助区专人巡检,每两小时巡查一次并登记。",
            },
            {
                "title": "老年群众不会使用自助取号机,导服台人手不足",
                "description": "上午高峰时段导服台仅1人,多名老年群众在取号机前等候帮助。",
                "category": "special_groups", "severity": "minor", "long_term_rule": True, "plan": "closed",
                "measures": "设立“爱心帮办岗”,高峰时段增配2名导服人员;保留人工取号通道。",
            },
        ],
    },
    {
        "at": 0.30, "time": "10:30", "mode": "reverse", "channel": "offline", "dept": "QS-14-CGZF",
        "items": ["SX-CGZF-001"], "lead": "孙明", "companions": ["邱立"],
        "measure": measure(total=120),
        "facts": {
            "complaint_source": "review", "complaint_reference": "HCP-{year}-00847",
            "complaint_text": "好差评系统差评:申请临时占用城市道路搭设装修脚手架,"
            "缺一份施工安全方案就被退回,又跑了一趟。",
            "traced_chain": "出件←审批←受理(退回)←材料审查:施工安全方案缺失,窗口按全部材料齐全才受理。",
            "blocking_point": "未实行容缺受理,非核心材料缺失即退件。",
        },
        "experience": "倒查发现该事项从未列入容缺受理清单,窗口只能“一刀切”退件。",
        "findings": [
            {
                "title": "临时占用城市道路审批非核心材料缺失即退件,未实行容缺受理",
                "description": "施工安全方案属非核心材料,可承诺后补,但窗口按材料不全退件,群众多跑一次。",
                "category": "process", "severity": "major", "long_term_rule": True, "plan": "closed",
                "reductions": {"time_limit": (3, 1), "trips": (2, 1)},
                "measures": "将临时占用城市道路审批纳入容缺受理清单,非核心材料承诺后补;"
                "审批承诺时限由3个工作日压缩至1个工作日。",
            },
        ],
    },
    {
        "at": 0.34, "time": "09:20", "mode": "accompanied", "channel": "offline", "dept": "QS-05-GAJ",
        "items": ["SX-GAJ-001"], "lead": "张建军", "companions": ["钟华"],
        "measure": measure(35, 70, 2, 1, 5, 4, False),
        "facts": {
            "citizen_name": "王建平", "citizen_phone": "18807451362",
            "citizen_feedback": "子女投靠落户要开亲属关系证明,村里开了,派出所说格式不对,又回村里重开,跑了两趟。",
        },
        "experience": "陪同王先生办理投靠落户,问题出在亲属关系证明:格式要求没公示,村里也不知道。",
        "findings": [
            {
                "title": "户口迁移要求群众自行开具亲属关系证明,且格式要求未公示",
                "description": "办事指南列4项材料,窗口实际要求5项;亲属关系证明格式要求未公示,群众两次往返村委会。",
                "category": "materials", "severity": "major", "plan": "feedback_overdue", "limit": 10,
            },
        ],
    },
    {
        "at": 0.38, "time": "14:00", "mode": "simulated", "channel": "online", "dept": "QS-09-ZJJ",
        "items": ["SX-ZJJ-001"], "lead": "丁海波", "companions": [], "cross": True,
        "measure": measure(0, 85, 0, 0, 9, 8, False),
        "facts": {
            "simulated_via": "platform",
            "steps_experienced": "工程建设项目审批管理系统登录→消防验收备案申报→上传竣工图纸及检测报告→提交",
        },
        "experience": "线上申报要重复上传施工许可阶段已经提交过的全套图纸,文件大、上传慢。",
        "findings": [
            {
                "title": "消防验收备案线上申报须重复上传施工许可环节已提交的图纸",
                "description": "施工许可阶段已上传的施工图在消防验收备案环节无法调用,需重新上传,共享未打通。",
                "category": "data_sharing", "severity": "major", "plan": "rectification", "limit": 20,
                "extension": {
                    "status": "approved", "days": 40, "reason": "涉及省工程建设项目审批管理系统改造,需省厅排期",
                },
                "remarks": "涉及省工程建设项目审批管理系统改造,已报市数据局协调。",
            },
        ],
    },
    {
        "at": 0.42, "time": "08:30", "mode": "window_seat", "channel": "offline", "dept": "QS-10-BDC",
        "items": ["SX-BDC-002"], "lead": "王卫东", "companions": ["黄德胜"], "cross": True, "announced": True,
        "measure": measure(total=180),
        "facts": {
            "window_number": "C05", "hours_at_window": "3.0", "citizens_received": 18, "cases_accepted": 14,
            "cases_approved": 9, "results_printed": 9,
        },
        "experience": "坐窗办理抵押登记,银行客户经理仍带着纸质材料来窗口,“不动产+金融”线上通道用得少。",
        "findings": [
            {
                "title": "抵押登记“不动产登记+金融服务”线上通道银行网点使用率低",
                "description": "当天受理的14件抵押登记中仅3件通过银行端线上申请,多数网点未开通或不会使用。",
                "category": "online_system", "severity": "minor", "plan": "closed", "limit": 15,
                "measures": "逐家银行网点上门培训并开通账号,线上申请占比纳入银行合作考核。",
            },
        ],
    },
    {
        "at": 0.46, "time": "10:10", "mode": "proxy", "channel": "both", "dept": "QS-07-RSJ",
        "items": ["SX-RSJ-003"], "lead": "杨帆", "companions": [], "cross": True,
        "measure": measure(20, 110, 2, 2, 6, 5, False),
        "facts": {
            "citizen_name": "覃建华", "citizen_phone": "13762450873",
            "authorisation_method": "一体化政务服务平台电子授权委托(申请人人脸识别确认)",
            "proxy_steps": ALL_PROXY_STEPS,
        },
        "experience": "受在广东务工的覃师傅委托代办退休审批,线上授权顺利,"
        "但窗口仍要求档案原件,档案在县档案馆,需另跑一趟调档。",
        "findings": [
            {
                "title": "退休审批要求群众自行调取人事档案原件,跨部门档案未内部流转",
                "description": "职工档案存放于县人社局档案室与县档案馆两处,"
                "窗口要求申请人自行调档,外出务工人员难以到场。",
                "category": "data_sharing", "severity": "major", "plan": "feedback_overdue", "limit": 10,
            },
        ],
    },
]
