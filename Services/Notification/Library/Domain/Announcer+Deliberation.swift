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
        let community = city.streets.first { $0.code == opened.street }?.communities.first { $0.code == opened.community }?.name ?? opened.community
        return notices(.voteOpened, to: opened.representatives ?? [], proposal: opened.proposal, [
            "place": community + (opened.building.map { "\($0)号楼" } ?? ""), "question": opened.question,
            "rule": Announcer.rules[opened.rule] ?? opened.rule.rawValue, "closes": city.calendar.localTime(opened.closesAt),
        ])
    }

    public func notices(for decided: DeliberationDecided, audience: [String]) -> [Notice] {
        let tally = decided.tally
        let result = decided.passed ? "表决通过" : (tally.quorum ? "未获通过" : "参与表决未达三分之二，未获通过")
        return notices(.voteDecided, to: audience, proposal: decided.proposal, [
            "question": decided.question, "result": result,
            "participants": String(tally.participants), "households": String(tally.households),
            "participatingArea": Self.squareMetres(tally.participatingArea), "area": Self.squareMetres(tally.area),
            "agree": String(tally.agree), "agreeArea": Self.squareMetres(tally.agreeArea),
            "disagree": String(tally.disagree), "disagreeArea": Self.squareMetres(tally.disagreeArea),
            "abstain": String(tally.abstain), "abstainArea": Self.squareMetres(tally.abstainArea),
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
