import Hummingbird

/// The console's words in Chinese (the default) and English, by key; a page's language is the `lang`
/// cookie's (`?lang=en` or `?lang=zh-CN` sets it).
enum ConsoleLabels {
    static let languages = ["zh-CN", "en"]

    static func table(_ language: String) -> [String: String] { language == "en" ? english : chinese }

    /// A request's language: its `lang` cookie's, else Chinese.
    static func language(of request: Request) -> String {
        request.cookies["whistle_lang"].map(\.value).flatMap { languages.contains($0) ? $0 : nil } ?? "zh-CN"
    }

    static let chinese: [String: String] = [
        "title": "社会治理指挥中心", "map": "网格地图", "cases": "案件", "signIn": "登录", "signOut": "退出",
        "key": "API 密钥", "identity": "身份", "signedInAs": "当前用户", "openCases": "在办案件", "grid": "网格", "community": "社区",
        "street": "街道", "category": "类别", "level": "层级", "status": "状态", "light": "灯色", "reported": "上报时间", "updated": "更新时间",
        "description": "描述", "holders": "承办", "timeline": "流程", "action": "环节", "by": "经办", "note": "说明", "at": "时间", "filter": "筛选",
        "all": "全部", "includeClosed": "含已办结", "noCases": "暂无案件", "worker": "网格员", "otherLanguage": "English", "otherCode": "en",
        "live": "实时", "refused": "无权查看", "badFilter": "筛选条件有误", "notFound": "没有此案件", "case": "案件", "area": "区域",
        "green": "绿灯", "yellow": "黄灯", "red": "红灯", "overdue": "超时与督办", "tasks": "任务", "task": "任务", "role": "角色", "state": "状态",
        "handleBy": "办结时限", "supervision": "督办", "actions": "操作", "whistle": "吹哨", "resolve": "办结", "escalate": "上报", "summon": "会办",
        "supervise": "督办", "verify": "核查", "reason": "理由", "opinion": "督办意见", "audit": "操作记录", "answered": "已答复", "awaiting": "待答复",
        "defaultOpinion": "请立即处置并答复", "nothingLate": "没有超时或临期的任务",
        "evaluation": "考评", "groupBy": "统计维度", "from": "起", "to": "止", "weeks": "趋势周数", "show": "查询", "downloadCSV": "导出 CSV",
        "name": "名称", "casesCount": "案件数", "ackOnTime": "按时报到率", "doneOnTime": "按时办结率", "trendSince": "周趋势 自",
        "overdueCount": "超时", "returns": "退回", "rework": "返工", "satisfaction": "满意率", "hours": "平均办理工时", "unfixable": "挂账",
        "invalid": "作废", "settledShares": "办结层级占比", "distribution": "721 / 4321 分布（按周）", "weekOf": "周（起）", "settled": "办结数",
        "target": "目标", "nothingCounted": "本期没有可统计的案件",
        "accountName": "账号", "password": "密码", "orKey": "或 API 密钥", "orIdentity": "或身份", "changePassword": "修改密码",
        "currentPassword": "当前密码", "newPassword": "新密码（至少 12 位）",
        "mediation": "矛盾调解", "mediationCase": "调解案件", "mediator": "调解员", "lastStep": "最近环节", "timeLimit": "本级时限",
        "noDisputes": "没有在调解的纠纷", "district": "区", "deliberation": "民主协商", "proposal": "议题", "question": "议题内容",
        "closesAt": "表决截止", "result": "结果", "passed": "通过", "notPassed": "未通过", "noProposals": "没有议题", "rule": "表决规则",
        "byHead": "按户（人头）", "byArea": "按专有面积", "quorum": "达到参与比例", "agree": "同意", "disagree": "反对", "abstain": "弃权",
        "stages": "协商环节", "publications": "公开", "agreement": "调解协议书", "proposal-voting": "表决中", "proposal-proposed": "协商中",
        "proposal-decided": "已表决", "proposal-carrying-out": "实施中", "proposal-evaluated": "已评议",
        "devices": "感知设备", "markerAlarm": "设备报警", "markerWelfare": "关爱探视", "markerMaintenance": "设备失联", "device": "设备", "type": "类型",
        "owner": "接入方", "lastState": "最近状态", "heardAt": "最近上报", "silentAt": "失联判定时间", "silent": "失联", "registry": "设备台账",
        "alarms": "在办的设备案件", "noDevices": "没有登记的设备", "noAlarms": "没有在办的设备案件",
        "send": "提交", "task-acknowledge": "报到", "task-progress": "进展", "task-complete": "办结", "task-return": "退回（非本部门职责）",
        "task-answer": "答复督办", "reassign": "改派", "triage": "研判退回", "department": "部门",
    ]

    static let english: [String: String] = [
        "title": "Command centre", "map": "Grid map", "cases": "Cases", "signIn": "Sign in", "signOut": "Sign out",
        "key": "API key", "identity": "Identity", "signedInAs": "Signed in as", "openCases": "open cases", "grid": "Grid",
        "community": "Community", "street": "Street", "category": "Category", "level": "Rung", "status": "Status", "light": "Light",
        "reported": "Reported", "updated": "Updated", "description": "Description", "holders": "Holders", "timeline": "Timeline",
        "action": "Step", "by": "By", "note": "Note", "at": "At", "filter": "Filter", "all": "All", "includeClosed": "include closed",
        "noCases": "No cases", "worker": "Grid worker", "otherLanguage": "中文", "otherCode": "zh-CN", "live": "live",
        "refused": "Not yours to see", "badFilter": "Bad filter", "notFound": "No such case", "case": "Case", "area": "Area",
        "green": "green", "yellow": "yellow", "red": "red", "overdue": "Overdue & supervision", "tasks": "Tasks", "task": "Task", "role": "Role",
        "state": "State", "handleBy": "Handle by", "supervision": "Supervision", "actions": "Actions", "whistle": "Blow the whistle",
        "resolve": "Resolve", "escalate": "Escalate", "summon": "Summon", "supervise": "Supervise (督办)", "verify": "Verify", "reason": "reason",
        "opinion": "what must be done", "audit": "Actions taken here", "answered": "answered", "awaiting": "awaiting answer",
        "defaultOpinion": "Act now and answer", "nothingLate": "No task is late or nearly due",
        "evaluation": "Evaluation", "groupBy": "By", "from": "From", "to": "To", "weeks": "Weeks of trend", "show": "Show", "downloadCSV": "Download CSV",
        "name": "Name", "casesCount": "Cases", "ackOnTime": "Reported on time", "doneOnTime": "Completed on time", "trendSince": "weekly since",
        "overdueCount": "Overdue", "returns": "Returns", "rework": "Rework", "satisfaction": "Satisfaction", "hours": "Average working hours",
        "unfixable": "Unfixable", "invalid": "Invalid", "settledShares": "Settled by rung", "distribution": "721 / 4321 distribution by week",
        "weekOf": "Week of", "settled": "Settled", "target": "Target", "nothingCounted": "Nothing to count in this period",
        "accountName": "Account", "password": "Password", "orKey": "or API key", "orIdentity": "or identity", "changePassword": "Change password",
        "currentPassword": "Current password", "newPassword": "New password (12 characters or more)",
        "mediation": "Mediation", "mediationCase": "Dispute", "mediator": "Mediator", "lastStep": "Last step", "timeLimit": "Tier's time limit",
        "noDisputes": "No dispute in mediation", "district": "District", "deliberation": "Deliberation", "proposal": "Proposal",
        "question": "Question", "closesAt": "Vote closes", "result": "Result", "passed": "passed", "notPassed": "not passed", "noProposals": "No proposals",
        "rule": "Rule", "byHead": "By household", "byArea": "By exclusive area", "quorum": "quorum reached", "agree": "agree", "disagree": "disagree",
        "abstain": "abstain", "stages": "Discussions", "publications": "Published", "agreement": "Agreement", "proposal-voting": "Voting",
        "proposal-proposed": "Under discussion", "proposal-decided": "Decided", "proposal-carrying-out": "Carrying out", "proposal-evaluated": "Evaluated",
        "devices": "Devices", "markerAlarm": "device alarms", "markerWelfare": "welfare checks", "markerMaintenance": "silent devices", "device": "Device",
        "type": "Type", "owner": "Run by", "lastState": "Last state", "heardAt": "Last heard", "silentAt": "Silent from", "silent": "silent",
        "registry": "Registry", "alarms": "Open cases from devices", "noDevices": "No registered device", "noAlarms": "No open case from a device",
        "send": "Send", "task-acknowledge": "Report for duty", "task-progress": "Progress", "task-complete": "Complete", "task-return": "Return (not ours)",
        "task-answer": "Answer the order", "reassign": "Reassign", "triage": "Triage the return", "department": "Department",
    ]
}
