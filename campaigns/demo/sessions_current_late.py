"""The current campaign 我陪群众走流程, second half (see scenarios.py for the shape)."""

from .scenarios import measure

SESSIONS_LATE = [
    {
        "at": 0.50, "time": "15:20", "mode": "reverse", "channel": "offline", "dept": "QS-08-YBJ",
        "items": ["SX-YBJ-004"], "lead": "梁晓东", "companions": ["蒋琴"],
        "measure": measure(total=140),
        "facts": {
            "complaint_source": "leader_message_board", "complaint_reference": "LDLYB-{year}-0216",
            "complaint_text": "网民留言:父亲在省城住院,回来申请医疗费用手工报销已经两个月,"
            "钱还没到账,打电话只说在审核。",
            "traced_chain": "待遇支付←财务复核←待遇审核(积压)←资料受理;"
            "审核岗2人,积压件112件,最长已超承诺时限18个工作日。",
            "blocking_point": "手工报销待遇审核环节人手不足,超期件没有预警。",
        },
        "experience": "从支付结果倒推,卡在审核岗;超期件系统不提醒,群众只能打电话催。",
        "findings": [
            {
                "title": "医疗费用手工报销审核积压,超承诺时限无预警",
                "description": "待遇审核积压112件,其中37件超过15个工作日承诺时限,系统未设置超期预警。",
                "category": "time_limit", "severity": "severe", "plan": "rectification_overdue", "limit": 10,
                "extension": {"status": "pending", "reason": "积压件须逐件复核,已抽调人员集中清理,申请延期10个工作日"},
            },
        ],
    },
    {
        "at": 0.54, "time": "09:00", "mode": "simulated", "channel": "offline", "dept": "QS-12-STHJ",
        "items": ["SX-STHJ-001", "SX-STHJ-003"], "lead": "邹卫国", "companions": ["吴倩"],
        "measure": measure(10, 75, 1, 1, 8, 8, True),
        "facts": {
            "simulated_via": "hall",
            "steps_experienced": "取号→环评审批窗口咨询→递交报告表及申请材料→同时申请排污许可→受理",
        },
        "experience": "以企业身份亲身办环评审批,“两证联办”能办,但两张申请表里企业基本信息要填两遍;"
        "指南没写清哪些项目适用告知承诺制。",
        "findings": [
            {
                "title": "环评审批与排污许可“两证联办”申请表信息需重复填写",
                "description": "两张申请表中企业名称、统一社会信用代码、法人、地址等12项信息重复填写。",
                "category": "data_sharing", "severity": "minor", "long_term_rule": True, "plan": "closed",
                "limit": 15, "reductions": {"materials": (2, 1)},
                "measures": "合并“两证联办”申请表,共用企业基本信息,制定联办工作规程。",
            },
            {
                "title": "环评审批办事指南未说明告知承诺制适用范围",
                "description": "办事指南只写“可实行告知承诺制”,未列明适用的项目类别。",
                "category": "service_guide", "severity": "minor", "fixed_on_spot": True, "plan": "closed",
                "measures": "当场补充告知承诺制适用项目类别清单,更新纸质和网上办事指南。",
            },
        ],
    },
    {
        "at": 0.58, "time": "10:40", "mode": "accompanied", "channel": "offline", "dept": "QS-21-WLJ",
        "items": ["SX-WLJ-001"], "lead": "符文", "companions": ["龚丽"],
        "measure": measure(15, 95, 1, 3, 0, 0, None),
        "facts": {
            "citizen_name": "覃小红", "citizen_phone": "15907458823",
            "citizen_feedback": "想把老房子改成民宿,不知道要跑哪些部门,消防、卫生、公安都要问,每个窗口只讲自己那一块。",
        },
        "experience": "陪覃女士咨询民宿开办,跑了文旅、消防、卫生3个窗口,没有一个地方能一次讲清楚全部流程。",
        "findings": [
            {
                "title": "乡村旅游民宿开办涉及多部门,缺少一次性告知和协调指导",
                "description": "民宿开办涉及文旅、消防、卫生、公安、市场监管等部门,"
                "各窗口只告知本部门事项,群众需多处咨询。",
                "category": "process", "severity": "major", "long_term_rule": True, "plan": "closed", "limit": 20,
                "measures": "开设“乡村旅游民宿业务办理协调指导窗口”,编印《青山县乡村旅游民宿开办指导手册》,"
                "提供电话随时咨询。",
            },
        ],
    },
    {
        "at": 0.62, "time": "08:30", "mode": "window_seat", "channel": "offline", "dept": "QS-16-SWJ",
        "items": ["SX-SWJ-001"], "lead": "万国庆", "companions": ["宋佳"], "announced": True,
        "measure": measure(total=210),
        "facts": {
            "window_number": "税务分中心6号", "hours_at_window": "3.5", "citizens_received": 35,
            "cases_accepted": 30, "cases_approved": 26, "results_printed": 28,
        },
        "experience": "坐窗办理首次领用发票,新办企业在企业开办环节已采集过实名信息,来领发票又要重新采集一次。",
        "findings": [
            {
                "title": "首次领用发票须现场重新采集实名信息,未与企业开办环节共享",
                "description": "新办企业法人在企业开办“一件事”中已完成实名认证,首次领票仍需到窗口重新采集。",
                "category": "data_sharing", "severity": "minor", "plan": "evaluation", "limit": 30,
                "measures": "对接企业开办平台实名认证结果,新办企业首次领票免予重复采集,已试运行两周。",
            },
        ],
    },
    {
        "at": 0.66, "time": "09:30", "mode": "accompanied", "channel": "offline", "dept": "QS-01-ZWFW",
        "items": ["SX-RSJ-002"], "lead": "向春兰", "companions": ["瞿德明"], "cross": True,
        "measure": measure(12, 40, 1, 1, 1, 1, True),
        "facts": {
            "citizen_name": "田光荣", "citizen_phone": "13107452291",
            "citizen_feedback": "窗口的人态度好,就是字太小看不清,没带老花镜,签字都签错了地方。",
        },
        "experience": "以社会监督员身份陪同78岁的田大爷办社保卡,窗口服务热情,但大厅没有老花镜等适老化用品。",
        "findings": [
            {
                "title": "大厅未配备老花镜、放大镜等适老化用品",
                "description": "老年群众填表签字看不清,大厅便民服务台无老花镜、放大镜。",
                "category": "facilities", "severity": "minor", "fixed_on_spot": True, "plan": "closed",
                "dept": "QS-01-ZWFW",
                "measures": "当天在各服务区配置老花镜、放大镜,便民服务台增设适老化用品清单。",
            },
        ],
    },
    {
        "at": 0.70, "time": "14:10", "mode": "proxy", "channel": "both", "dept": "QS-05-JJDD",
        "items": ["SX-JJDD-002"], "lead": "张海燕", "companions": [], "cross": True,
        "measure": measure(20, 65, 1, 1, 3, 3, True),
        "facts": {
            "citizen_name": "李明辉", "citizen_phone": "18974503317",
            "authorisation_method": "交管12123 APP委托代办授权,附申请人身份证复印件",
            "proxy_steps": ["filling", "submission", "result"],
        },
        "experience": "受在外地工作的李先生委托代办驾驶证期满换证,窗口办理很快,"
        "但体检表须到指定医院拿纸质件,医院和交警系统没联网。",
        "findings": [
            {
                "title": "驾驶证换证体检结果未联网,须打印纸质体检表",
                "description": "指定医院体检结果不能推送至交管系统,群众须先到医院领取纸质体检表再交窗口。",
                "category": "data_sharing", "severity": "minor", "plan": "rectification", "limit": 30,
            },
        ],
    },
    {
        "at": 0.74, "time": "10:20", "mode": "reverse", "channel": "online", "dept": "QS-09-ZJJ",
        "items": ["SX-ZJJ-003"], "lead": "石磊", "companions": ["覃志刚"],
        "measure": measure(total=110),
        "facts": {
            "complaint_source": "hotline_12345", "complaint_reference": "12345-{year}-05582",
            "complaint_text": "企业反映:施工许可网上申报显示“审批中”已10天,打电话咨询没人说得清卡在哪个环节。",
            "traced_chain": "发证←审批←并联审查(消防、人防意见未返回)←受理;人防意见超期6个工作日。",
            "blocking_point": "并联审查环节部门意见超时未返回,系统无超时催办提醒。",
        },
        "experience": "倒推发现本局受理和审批都在时限内,卡在并联审查的外部门意见,但系统对超期意见没有任何提示。",
        "findings": [
            {
                "title": "施工许可并联审查部门意见超时未返回,系统无超时催办",
                "description": "并联审查意见返回无时限提醒,申报企业只能看到“审批中”,无法查询具体环节。",
                "category": "online_system", "severity": "major", "plan": "rectification", "limit": 25,
            },
        ],
    },
    {
        "at": 0.80, "time": "09:30", "mode": "simulated", "channel": "offline", "dept": "QS-92-BSZ",
        "items": ["SX-T02-001"], "lead": "邓华", "companions": [],
        "measure": measure(0, 35, 2, 1, 3, 3, True),
        "facts": {
            "simulated_via": "hall",
            "steps_experienced": "便民服务中心咨询→填写高龄津贴申请表→递交身份证、户口簿、银行卡复印件→受理",
        },
        "experience": "中午12点到镇便民服务中心,窗口无人,门口也没有公示午间值班安排,下午再来才办成。",
        "findings": [
            {
                "title": "镇便民服务中心午间无人值守且未公示,群众扑空",
                "description": "白石镇便民服务中心午间12:00—14:00无人值守,未公示值班电话或午间服务安排。",
                "category": "staff_conduct", "severity": "minor", "plan": "experience",
            },
        ],
    },
    {
        "at": 0.86, "time": "10:00", "mode": "simulated", "channel": "online", "dept": "QS-07-RSJ",
        "items": ["SX-RSJ-005"], "lead": "张海燕", "companions": [],
        "measure": measure(0, 25, 0, 0, 2, 2, True),
        "facts": {
            "simulated_via": "platform",
            "steps_experienced": "一体化平台登录→灵活就业人员参保登记→选择缴费档次→签约代扣→提交",
        },
        "experience": "网上办很方便,但缴费档次说明只有一串数字,不知道每档对应的待遇差别。",
        "findings": [
            {
                "title": "灵活就业人员参保登记页面缴费档次说明不清",
                "description": "缴费档次只列缴费基数,未说明与养老待遇的对应关系,群众难以选择。",
                "category": "policy_explanation", "severity": "minor", "plan": "evaluation", "limit": 15,
                "measures": "页面增加缴费档次与待遇测算说明及示例,窗口同步提供纸质对照表。",
            },
        ],
    },
    {
        "at": 0.90, "time": "08:30", "mode": "window_seat", "channel": "offline", "dept": "QS-06-SCJG",
        "items": ["SX-SCJG-005"], "lead": "胡卫平", "companions": ["杨雪"], "announced": True,
        "measure": measure(total=180),
        "facts": {
            "window_number": "A08", "hours_at_window": "3.0", "citizens_received": 16, "cases_accepted": 11,
            "cases_approved": 6, "results_printed": 6,
        },
        "experience": "坐窗办理食品经营许可,现场核查需要企业等电话通知,没有短信提醒,有企业错过核查。",
        "findings": [
            {
                "title": "食品经营许可现场核查预约无短信提醒",
                "description": "现场核查时间仅电话通知,未接电话即顺延,有2家企业因此延误。",
                "category": "process", "severity": "minor", "plan": "feedback", "limit": 10,
            },
        ],
    },
    {
        "at": 0.94, "time": "15:10", "mode": "accompanied", "channel": "offline", "dept": "QS-08-YBJ",
        "items": ["SX-YBJ-003"], "lead": "张海燕", "companions": [], "cross": True,
        "measure": measure(20, 50, 1, 1, 4, 4, True),
        "facts": {
            "citizen_name": "黄春花", "citizen_phone": "13574589026",
            "citizen_feedback": "慢特病认定要等下个月专家集中评审,这段时间的药费只能先自己垫着。",
        },
        "experience": "陪同黄阿姨申请门诊慢特病认定,材料一次交齐,但认定按月集中评审,等待时间长。",
        "findings": [
            {
                "title": "门诊慢特病认定按月集中评审,群众等待时间长",
                "description": "认定每月集中评审一次,申请后最长需等待近30天,期间药费不能报销。",
                "category": "time_limit", "severity": "major", "plan": "experience",
            },
        ],
    },
    {
        "at": 0.98, "time": "11:00", "mode": "reverse", "channel": "offline", "dept": "QS-05-GAJ",
        "items": ["SX-GAJ-002"], "lead": "钟华", "companions": [],
        "measure": measure(total=90),
        "facts": {
            "complaint_source": "hotline_12345", "complaint_reference": "12345-{year}-07034",
            "complaint_text": "群众反映:补领身份证选了“你办我寄”,等了20天还没收到,打电话问不到进度。",
            "traced_chain": "邮寄送达←户政窗口交邮←市制证中心制证←受理;制证已完成,窗口与邮政交接仅纸质登记。",
            "blocking_point": "证件交邮环节未纳入系统跟踪,群众无法查询进度。",
        },
        "experience": "证件早已制好,卡在交邮环节的纸质登记,群众和窗口都查不到。",
        "findings": [
            {
                "title": "身份证“你办我寄”交邮环节无系统跟踪,群众无法查询进度",
                "description": "窗口与邮政交接靠纸质登记簿,未回传邮件单号,群众无法查询。",
                "category": "process", "severity": "minor", "plan": "experience",
            },
        ],
    },
]
