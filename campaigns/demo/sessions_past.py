"""The past campaign 走流程、解难题、优服务 (March–June) and the issues that came from other sources."""

from .scenarios import ALL_PROXY_STEPS, measure

SESSIONS_PAST = [
    {
        "at": 0.08, "time": "09:00", "mode": "simulated", "channel": "offline", "dept": "QS-06-SCJG",
        "items": ["SX-SCJG-001"], "lead": "谭国平", "companions": ["舒建军", "胡卫平"], "cross": True,
        "measure": measure(25, 120, 1, 3, 6, 6, True),
        "facts": {
            "simulated_via": "hall",
            "steps_experienced": "取号→企业开办综合窗口→递交材料→领取营业执照→到税务区领取发票→到刻章点刻章",
        },
        "experience": "以企业负责人身份办企业开办,执照一小时拿到,但领发票、刻章要在大厅里换三个地方。",
        "findings": [
            {
                "title": "企业开办综合窗口与发票领用、刻章不在同一区域",
                "description": "营业执照、发票领用和公章刻制分设三个区域,群众需在大厅内多次排队。",
                "category": "trips", "severity": "major", "long_term_rule": True, "plan": "closed", "limit": 20,
                "reductions": {"trips": (3, 1)},
                "measures": "设立企业开办专区,执照、发票、印章、社保、公积金“一窗领取”;"
                "印章、UKey免费发放,形成企业开办“一件事”工作规程。",
            },
        ],
    },
    {
        "at": 0.30, "time": "12:10", "mode": "window_seat", "channel": "offline", "dept": "QS-07-RSJ",
        "items": ["SX-RSJ-001", "SX-RSJ-004"], "lead": "龙建平", "companions": [], "announced": True,
        "measure": measure(total=150),
        "facts": {
            "window_number": "B10", "hours_at_window": "2.5", "citizens_received": 14, "cases_accepted": 10,
            "cases_approved": 8, "results_printed": 7,
        },
        "experience": "午间在社保窗口坐班,旁边窗口全部休息,中午专门请假来办事的群众只能等到下午。",
        "findings": [
            {
                "title": "社保窗口午间休息无人值守",
                "description": "12:00—14:00社保区仅1个窗口值守,午间来办事的上班族排队时间长。",
                "category": "staff_conduct", "severity": "minor", "long_term_rule": True, "plan": "closed",
                "measures": "推行“午间不断档”错时服务,午间保留3个窗口;建立预约延时服务制度。",
            },
        ],
    },
    {
        "at": 0.45, "time": "14:30", "mode": "accompanied", "channel": "offline", "dept": "QS-11-GJJ",
        "items": ["SX-GJJ-003"], "lead": "张海燕", "companions": [], "cross": True,
        "measure": measure(30, 100, 2, 2, 9, 9, True),
        "facts": {
            "citizen_name": "彭志强", "citizen_phone": "15074521968",
            "citizen_feedback": "贷款面签要夫妻两人同时到场,老婆在外地上班,只能请假回来一趟。",
        },
        "experience": "陪同彭先生办理公积金贷款,材料要求与指南一致,但面签必须夫妻同时到场。",
        "findings": [
            {
                "title": "公积金贷款面签须夫妻双方同时到场",
                "description": "配偶在外地的借款人需专程返回面签,增加一次跑动。",
                "category": "trips", "severity": "minor", "plan": "closed", "reductions": {"trips": (2, 1)},
                "measures": "推行配偶远程视频面签,电子签名确认,减少一次跑动。",
            },
        ],
    },
    {
        "at": 0.60, "time": "09:50", "mode": "proxy", "channel": "offline", "dept": "QS-20-CL",
        "items": ["SX-CL-002"], "lead": "陈晓峰", "companions": [], "cross": True,
        "measure": measure(15, 80, 3, 2, 5, 5, True),
        "facts": {
            "citizen_name": "杨秀兰", "citizen_phone": "13187450926",
            "authorisation_method": "书面授权委托书(村委会见证)",
            "proxy_steps": ALL_PROXY_STEPS,
        },
        "experience": "受双溪乡杨秀兰委托代办残疾人两项补贴,申请表要村、乡、县三级逐级签字盖章,代办跑了三个地方。",
        "findings": [
            {
                "title": "残疾人两项补贴申领须村、乡、县三级逐级签字",
                "description": "申请表须村委会、乡镇、县残联三级纸质签字盖章,群众或代办人多次往返。",
                "category": "process", "severity": "major", "plan": "closed", "limit": 15,
                "reductions": {"steps": (3, 1)},
                "measures": "改为乡镇便民服务中心一次受理,村级意见线上流转,县残联网上审核。",
            },
        ],
    },
    {
        "at": 0.80, "time": "10:30", "mode": "reverse", "channel": "online", "dept": "QS-13-YJJ",
        "items": ["SX-YJJ-001"], "lead": "丁海波", "companions": ["饶静"],
        "measure": measure(total=60),
        "facts": {
            "complaint_source": "review", "complaint_reference": "HCP-{year}-00312",
            "complaint_text": "好差评:抗震设防备案材料齐全,还要等3天才能拿到备案回执。",
            "traced_chain": "备案回执←负责人签批←材料审核←受理;审核仅核对材料完整性,无实质审查。",
            "blocking_point": "备案类事项按审批流程逐级签批,时限设置过长。",
        },
        "experience": "倒查发现备案只核对材料是否齐全,完全可以当场出具回执。",
        "findings": [
            {
                "title": "抗震设防备案承诺3个工作日,可改为即来即办",
                "description": "备案仅作材料完整性核对,却按审批流程逐级签批。",
                "category": "time_limit", "severity": "minor", "fixed_on_spot": True, "long_term_rule": True,
                "plan": "closed", "reductions": {"time_limit": (3, 0)},
                "measures": "取消逐级签批,窗口材料齐全当场出具回执,承诺时限由3日改为即来即办并修订办事指南。",
            },
        ],
    },
]

# Issues from other sources (12345热线, 好差评, 回访, 政企恳谈会 …); `at` places them in the current campaign.
OTHER_ISSUES = [
    {
        "at": 0.10, "source": "hotline_12345", "ref": "12345-{year}-02316", "dept": "QS-10-BDC", "item": "SX-BDC-001",
        "title": "不动产权证书邮寄到家服务仅限城区",
        "description": "12345工单:乡镇群众办结二手房过户后选择邮寄,被告知仅限城区,须再到大厅领证。",
        "category": "trips", "severity": "minor", "plan": "closed", "reductions": {"trips": (2, 1)},
        "measures": "邮寄服务扩大到全县各乡镇,邮费由财政保障。",
    },
    {
        "at": 0.20, "source": "callback", "dept": "QS-06-SCJG", "item": "SX-SCJG-004",
        "title": "简易注销公告期满后未主动告知企业可办理注销",
        "description": "回访中企业反映:简易注销公告期满后不知道要再来申请,拖了一个多月。",
        "category": "policy_explanation", "severity": "minor", "plan": "closed",
        "measures": "公告期满前3日短信提醒企业办理注销登记,已在系统中设置自动提醒。",
    },
    {
        "at": 0.36, "source": "business_meeting", "dept": "QS-09-ZJJ", "item": "SX-ZJJ-002",
        "title": "消防设计审查与施工图审查标准不一,企业需两次修改图纸",
        "description": "政企恳谈会上企业反映:施工图审查通过后,消防设计审查又提出不同意见,图纸需二次修改。",
        "category": "process", "severity": "major", "plan": "feedback_overdue", "limit": 10,
    },
    {
        "at": 0.44, "source": "complaint_window", "dept": "QS-05-GAJ", "item": "SX-GAJ-005",
        "title": "无犯罪记录证明仍须本人到户籍地派出所开具",
        "description": "“办不成事”反映窗口记录:在县城工作的群众开无犯罪记录证明须回户籍地派出所,未实现线上申请。",
        "category": "online_system", "severity": "major", "plan": "rectification_overdue", "limit": 12,
        "extension": {
            "status": "refused", "days": 20, "reason": "需省公安厅开通线上开具权限,申请延期20个工作日",
            "note": "县内可先行实行“异地代开、邮寄送达”,不同意整体延期,请按原时限落实过渡措施",
        },
    },
    {
        "at": 0.52, "source": "review", "ref": "HCP-{year}-00519", "dept": "QS-16-SWJ", "item": "SX-SWJ-002",
        "title": "二手房交易税费须到银行柜台缴纳",
        "description": "好差评差评:税费申报后须到银行柜台排队缴款,不能在窗口或手机上直接缴纳。",
        "category": "process", "severity": "minor", "plan": "reopened", "limit": 20,
        "measures": "窗口开通POS刷卡缴税。",
        "reject_note": "回访群众反映仍不能手机缴纳,大额缴税刷卡受限额影响,须增加扫码和电子缴税渠道。",
    },
    {
        "at": 0.64, "source": "leader_message_board", "ref": "LDLYB-{year}-0188",
        "dept": "QS-11-GJJ", "item": "SX-GJJ-003",
        "title": "公积金个人住房贷款审批实际用时超过承诺时限",
        "description": "领导留言板网民反映:贷款审批用了18个工作日,超过承诺的10个工作日。",
        "category": "time_limit", "severity": "major", "plan": "evaluation", "limit": 20,
        "measures": "梳理贷款审批环节,合并初审与复审,银行放款对接由线下改线上,实际用时压缩至8个工作日。",
    },
    {
        "at": 0.76, "source": "hotline_12345", "ref": "12345-{year}-06241", "dept": "QS-07-RSJ", "item": "SX-RSJ-004",
        "title": "失业保险金申领审核进度无法线上查询",
        "description": "12345工单:网上申领失业保险金后只能看到“已提交”,不知道审核到哪一步。",
        "category": "online_system", "severity": "minor", "plan": "rectification", "limit": 20,
    },
    {
        "at": 0.84, "source": "business_meeting", "dept": "QS-12-STHJ", "item": "SX-STHJ-002",
        "title": "环评报告书技术评估时间不计入审批时限,企业不清楚实际用时",
        "description": "政企恳谈会上企业反映:技术评估用时未告知,企业按承诺时限安排开工计划被打乱。",
        "category": "policy_explanation", "severity": "minor", "plan": "feedback", "limit": 10,
    },
    {
        "at": 0.96, "source": "hotline_12345", "ref": "12345-{year}-07315", "dept": "QS-01-ZWFW", "item": None,
        "title": "政务服务大厅停车位紧张,办事群众停车难",
        "description": "12345工单:上午高峰时段大厅停车场满位,群众只能停到路边被贴罚单。",
        "category": "facilities", "severity": "minor", "plan": "experience",
    },
]
