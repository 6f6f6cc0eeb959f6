public import Contracts

/// The words a notice's variables are made of, in one language: how a closure, a referral, a voting rule, a stage, a
/// role, a deadline and a digest's lines are said. Names from the city file are used as they are.
public struct Phrases: Sendable {
    public var language: Language
    var closures: [Closure: String]
    /// A closure's reason, appended (`：…`, `: …`).
    var reason: @Sendable (String) -> String
    var referrals: [Referral: String]
    var rules: [VotingRule: String]
    var stages: [Stage: String]
    var lead, assist: String
    /// A task's deadlines: to report for duty and to finish, or (a rung's task) to handle.
    var deadlines: @Sendable (_ acknowledgeBy: String?, _ handleBy: String) -> String
    var publicSession: String
    var confirmationWindow, followUpDue: @Sendable (String) -> String
    var climbs, mayBeSupervised: String
    var building: @Sendable (String) -> String
    var ballot: @Sendable ([String]?) -> String
    var chosen: @Sendable (String) -> String
    var passed, noQuorum, notPassed, noneChosen: String
    var agree, disagree, abstain: String
    var counted: @Sendable (_ label: String, _ households: Int, _ area: String) -> String
    var separator: String
    var resolution, result: String
    var satisfaction: @Sendable (String) -> String
    var lights: [TrafficLight: String]
    /// A digest's line: the light, task, case, what, and its deadline — run out (`late`) or to come.
    var item: @Sendable (_ light: String, _ task: String, _ caseID: String, _ what: String, _ stage: String, _ due: String, _ late: Bool) -> String
    var more: @Sendable (_ light: String, _ count: Int) -> String

    public static func of(_ language: Language) -> Phrases { language == .en ? .english : .chinese }
}

extension Phrases {
    static let chinese = Phrases(
        language: .zhCN,
        closures: [.rated: "，感谢您的评价", .unrated: "（评价期已过，未评价）", .unfixable: "，暂时无法解决，已挂账", .invalid: "，经核查为无效案件",
                   .mediated: "，调解协议已履行"],
        reason: { "：\($0)" },
        referrals: [.court: "，可依法向人民法院起诉", .arbitration: "，可申请仲裁", .petition: "，可向信访部门反映", .police: "，已移交公安机关依法处理"],
        rules: [.majority: "过半数住户同意即通过",
                .doubleMajority: "须专有部分面积和户数均三分之二以上参与表决，并经参与表决的面积和户数均过半数同意",
                .doubleThreeQuarters: "须专有部分面积和户数均三分之二以上参与表决，并经参与表决的面积和户数均四分之三以上同意"],
        stages: [.acknowledge: "报到", .handle: "办结"], lead: "主办", assist: "协办",
        deadlines: { acknowledge, handle in acknowledge.map { "请于 \($0) 前报到、\(handle) 前办结" } ?? "请于 \(handle) 前处理" },
        publicSession: "（公开调解）",
        confirmationWindow: { "调解协议申请司法确认的期限将于 \($0) 届满，请提醒当事人" },
        followUpDue: { "回访已到期（\($0)），请回访当事人，记录协议履行情况" },
        climbs: "案件将自动上报上一级", mayBeSupervised: "可以督办",
        building: { "\($0)号楼" },
        ballot: { options in options.map { "\($0.joined(separator: " / "))，任选其一，或弃权" } ?? "同意 / 反对 / 弃权" },
        chosen: { "选定“\($0)”" }, passed: "表决通过", noQuorum: "参与表决未达三分之二，未获通过", notPassed: "未获通过",
        noneChosen: "没有选项达到规定的同意比例，未选定", agree: "同意", disagree: "反对", abstain: "弃权",
        counted: { label, households, area in "\(label) \(households) 户（\(area) 平方米）" }, separator: "，",
        resolution: "决议", result: "实施结果", satisfaction: { "，住户满意率 \($0)%" },
        lights: [.red: "红灯", .yellow: "黄灯", .green: "绿灯"],
        item: { light, task, caseID, what, stage, due, late in
            "\(light)：任务 \(task)（案件 \(caseID)\(what.isEmpty ? "" : "，" + what)）" + (late ? "\(stage)已于 \(due) 超时" : "请于 \(due) 前\(stage)")
        },
        more: { light, count in "\(light)另有 \(count) 件。" })

    static let english = Phrases(
        language: .en,
        closures: [.rated: ". Thank you for your rating", .unrated: " (the rating period passed without a rating)", .unfixable: ": it cannot be solved for now and is on file",
                   .invalid: ": on checking it was found invalid", .mediated: ": the mediation agreement was performed"],
        reason: { ": \($0)" },
        referrals: [.court: "; you may bring it before a people's court", .arbitration: "; you may apply for arbitration",
                    .petition: "; you may take it to the petitions office", .police: "; it was handed to the police"],
        rules: [.majority: "it passes when more than half of the households agree",
                .doubleMajority: "at least two thirds of the area and of the households must take part, and more than half of the participating area and households agree",
                .doubleThreeQuarters: "at least two thirds of the area and of the households must take part, and at least three quarters of the participating area and households agree"],
        stages: [.acknowledge: "reporting for duty", .handle: "completion"], lead: "Lead", assist: "Assisting",
        deadlines: { acknowledge, handle in acknowledge.map { "report for duty by \($0) and finish by \(handle)" } ?? "handle it by \(handle)" },
        publicSession: " (public)",
        confirmationWindow: { "the window to apply for judicial confirmation of the agreement closes at \($0); please remind the parties" },
        followUpDue: { "a follow-up visit is due (\($0)); please visit the parties and record whether the agreement is performed" },
        climbs: "the case climbs to the next level", mayBeSupervised: "it may be supervised (督办)",
        building: { " building \($0)" },
        ballot: { options in options.map { "one of \($0.joined(separator: " / ")), or abstain" } ?? "agree / disagree / abstain" },
        chosen: { "“\($0)” was chosen" }, passed: "passed", noQuorum: "fewer than two thirds took part: not passed", notPassed: "not passed",
        noneChosen: "no option reached the required share: none chosen", agree: "agree", disagree: "disagree", abstain: "abstain",
        counted: { label, households, area in "\(label) \(households) households (\(area) m²)" }, separator: ", ",
        resolution: "resolution", result: "result", satisfaction: { ", \($0)% of households satisfied" },
        lights: [.red: "Red", .yellow: "Yellow", .green: "Green"],
        item: { light, task, caseID, what, stage, due, late in
            "\(light): task \(task) (case \(caseID)\(what.isEmpty ? "" : ", " + what)) " + (late ? "\(stage) overdue since \(due)" : "\(stage) due by \(due)")
        },
        more: { light, count in "\(light): \(count) more." })
}
