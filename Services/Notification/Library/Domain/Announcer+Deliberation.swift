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
        let closes = city.calendar.localTime(opened.closesAt)
        return notices(.voteOpened, to: opened.representatives ?? [], proposal: opened.proposal) { words in [
            "place": community + (opened.building.map(words.building) ?? ""), "question": opened.question,
            "rule": words.rules[opened.rule] ?? opened.rule.rawValue, "closes": closes, "ballot": words.ballot(opened.options),
        ] }
    }

    public func notices(for decided: DeliberationDecided, audience: [String]) -> [Notice] {
        let tally = decided.tally
        return notices(.voteDecided, to: audience, proposal: decided.proposal) { words in
            let result = switch (decided.passed, decided.chosen, tally.quorum) {
            case (true, let chosen?, _): words.chosen(chosen)
            case (true, nil, _): words.passed
            case (false, _, false): words.noQuorum
            case (false, _, true): tally.options == nil ? words.notPassed : words.noneChosen
            }
            func counted(_ label: String, _ households: Int, _ area: Double) -> String { words.counted(label, households, Self.squareMetres(area)) }
            let choices = tally.options.map { $0.map { counted($0.option, $0.households, $0.area) } }
                ?? [counted(words.agree, tally.agree, tally.agreeArea), counted(words.disagree, tally.disagree, tally.disagreeArea)]
            return [
                "question": decided.question, "result": result,
                "participants": String(tally.participants), "households": String(tally.households),
                "participatingArea": Self.squareMetres(tally.participatingArea), "area": Self.squareMetres(tally.area),
                "counts": (choices + [counted(words.abstain, tally.abstain, tally.abstainArea)]).joined(separator: words.separator),
            ]
        }
    }

    public func notices(for step: DeliberationProgressed, audience: [String]) -> [Notice] {
        switch step.step {
        case .completed:
            return notices(.proposalCompleted, to: audience, proposal: step.proposal) { _ in ["question": step.question] }
        case .published:
            guard let publication = step.publication else { return [] }
            let percent = step.satisfaction?.satisfactionPercent.map(Self.percent)
            return notices(.proposalPublished, to: audience, proposal: step.proposal) { words in [
                "question": step.question, "publication": publication == .resolution ? words.resolution : words.result,
                "satisfaction": publication == .result ? percent.map(words.satisfaction) ?? "" : "",
            ] }
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
