import CityModel
public import Contracts
import Foundation
import Timekeeping

/// What the households asked by a proposal hear (through their representatives): that the vote opened — the question,
/// the rule in plain words, until when on the city's clock; how it was decided, with the tally by household and by
/// area; that the passed proposal was carried out and they may rate the result (评); and each of 两公开's publications.
/// The audience is the one the vote opened to; 议 (discussions, 四议) and tasks are the offices' business.
extension Announcer {
    public func notices(for opened: DeliberationOpened) -> [Notice] {
        let community = city.community(opened.community, in: opened.street)?.name ?? opened.community
        return notices(.voteOpened, to: opened.representatives ?? [], proposal: opened.proposal, [
            "place": community + (opened.building.map { "\($0)号楼" } ?? ""), "question": opened.question,
            "rule": Announcer.rules[opened.rule] ?? opened.rule.rawValue, "closes": city.calendar.localTime(opened.closesAt),
            "ballot": opened.options.map { "\($0.joined(separator: " / "))，任选其一，或弃权" } ?? "同意 / 反对 / 弃权",
        ])
    }

    public func notices(for decided: DeliberationDecided, audience: [String]) -> [Notice] {
        let tally = decided.tally
        let result = switch (decided.passed, decided.chosen, tally.quorum) {
        case (true, let chosen?, _): "选定“\(chosen)”"
        case (true, nil, _): "表决通过"
        case (false, _, false): "参与表决未达三分之二，未获通过"
        case (false, _, true): tally.options == nil ? "未获通过" : "没有选项达到规定的同意比例，未选定"
        }
        func counted(_ label: String, _ households: Int, _ area: Double) -> String { "\(label) \(households) 户（\(Self.squareMetres(area)) 平方米）" }
        let choices = tally.options.map { $0.map { counted($0.option, $0.households, $0.area) } }
            ?? [counted("同意", tally.agree, tally.agreeArea), counted("反对", tally.disagree, tally.disagreeArea)]
        return notices(.voteDecided, to: audience, proposal: decided.proposal, [
            "question": decided.question, "result": result,
            "participants": String(tally.participants), "households": String(tally.households),
            "participatingArea": Self.squareMetres(tally.participatingArea), "area": Self.squareMetres(tally.area),
            "counts": (choices + [counted("弃权", tally.abstain, tally.abstainArea)]).joined(separator: "，"),
        ])
    }

    public func notices(for step: DeliberationProgressed, audience: [String]) -> [Notice] {
        switch step.step {
        case .completed:
            return notices(.proposalCompleted, to: audience, proposal: step.proposal, ["question": step.question])
        case .published:
            guard let publication = step.publication else { return [] }
            let satisfaction = step.satisfaction?.satisfactionPercent.map { "，住户满意率 \(Self.percent($0))%" } ?? ""
            return notices(.proposalPublished, to: audience, proposal: step.proposal, [
                "question": step.question, "publication": publication == .resolution ? "决议" : "实施结果",
                "satisfaction": publication == .result ? satisfaction : "",
            ])
        default: return []
        }
    }

    /// An area as people write it: at most two decimals, no trailing zeros (89.5, 1200).
    static func squareMetres(_ value: Double) -> String { trimmed(String(format: "%.2f", value)) }

    static func percent(_ value: Double) -> String { trimmed(String(format: "%.1f", value)) }

    private static func trimmed(_ number: String) -> String {
        guard number.contains(".") else { return number }
        var text = Substring(number)
        while text.hasSuffix("0") { text = text.dropLast() }
        if text.hasSuffix(".") { text = text.dropLast() }
        return String(text)
    }
}
