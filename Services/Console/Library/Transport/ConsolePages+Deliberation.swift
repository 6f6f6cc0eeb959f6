import CityModel
import Contracts
import Foundation
import Timekeeping
import WhistleConsoleDomain

/// The deliberation board (民主协商): the viewer's communities' proposals by where they stand, and a proposal's page with
/// its tally by household (per head) and by exclusive area — live from mediation while the vote is open.
extension ConsolePages {
    func deliberationContext(_ rows: [BoardProposal], language: String) -> [String: Any] {
        let labels = ConsoleLabels.table(language)
        let groups = BoardProposal.Status.allCases.compactMap { status -> [String: Any]? in
            let held = rows.filter { $0.status == status }
            guard !held.isEmpty else { return nil }
            return ["status": status.rawValue, "statusName": labels["proposal-" + status.rawValue] ?? status.rawValue, "count": held.count,
                    "rows": held.map { proposalRow($0, labels: labels) }]
        }
        return ["groups": groups, "count": rows.count]
    }

    func proposalRow(_ row: BoardProposal, labels: [String: String]) -> [String: Any] {
        var context: [String: Any] = ["proposal": row.proposal, "question": row.question, "community": city.areaName(row.community),
                                      "building": row.building ?? "", "step": row.lastStep, "closesAt": row.closesAt.map(city.calendar.localTime) ?? ""]
        if let passed = row.passed { context["result"] = (passed ? labels["passed"] : labels["notPassed"]) ?? "" }
        if let tally = row.tally { context["summary"] = Self.tallySummary(tally) }
        return context
    }

    /// `12/20 agree · 61.5 % of the area`.
    static func tallySummary(_ tally: VoteTally) -> String {
        "\(tally.agree)/\(tally.households) · \(String(format: "%.1f", tally.area > 0 ? tally.agreeArea / tally.area * 100 : 0)) %"
    }

    func proposalContext(_ row: BoardProposal, view: ProposalView?, unanswered: String?, language: String) -> [String: Any] {
        let labels = ConsoleLabels.table(language)
        var context = proposalRow(row, labels: labels)
        context["rule"] = (view?.rule ?? row.rule)?.rawValue ?? ""
        context["status"] = view?.status.rawValue ?? row.status.rawValue
        if let unanswered { context["unanswered"] = unanswered }
        if let chosen = view?.chosen ?? row.chosen { context["chosen"] = chosen }
        if let tally = view?.tally ?? row.tally {
            func bar(_ part: Double, of whole: Double, _ shade: String) -> String {
                let width = whole > 0 ? min(200, part / whole * 200) : 0
                return "<svg class=\"shares\" viewBox=\"0 0 200 12\" width=\"200\" height=\"12\" role=\"img\"><rect class=\"vote-\(shade)\" x=\"0\" y=\"0\" "
                    + "width=\"\(CityMap.tenths(width))\" height=\"12\"/></svg>"
            }
            let households = Double(tally.households)
            context["tally"] = [
                "households": tally.households, "participants": tally.participants, "quorum": tally.quorum,
                "heads": [("agree", tally.agree), ("disagree", tally.disagree), ("abstain", tally.abstain)].map { name, count in
                    ["name": labels[name] ?? name, "key": name, "count": count, "bar": bar(Double(count), of: households, name)]
                },
                "area": String(format: "%.2f", tally.area), "participatingArea": String(format: "%.2f", tally.participatingArea),
                "areas": [("agree", tally.agreeArea), ("disagree", tally.disagreeArea), ("abstain", tally.abstainArea)].map { name, area in
                    ["name": labels[name] ?? name, "key": name, "area": String(format: "%.2f", area), "bar": bar(area, of: tally.area, name)]
                },
                "hasOptions": !(tally.options ?? []).isEmpty,
                "options": (tally.options ?? []).map { ["option": $0.option, "households": $0.households, "area": String(format: "%.2f", $0.area)] },
            ]
        }
        if let view {
            context["stages"] = view.stages.map { ["stage": $0.stage.rawValue, "note": $0.note, "by": $0.by, "at": city.calendar.localTime($0.at)] }
            (context["hasStages"], context["hasPublications"]) = (!view.stages.isEmpty, !view.publications.isEmpty)
            context["publications"] = view.publications.map { ["publication": $0.publication.rawValue, "note": $0.note ?? "", "at": city.calendar.localTime($0.at)] }
        }
        return context
    }

    static let deliberation = """
    <h2>{{t.deliberation}} <small id="count">{{count}}</small></h2>
    {{#groups}}
    <h3 data-status="{{status}}">{{statusName}} <small>{{count}}</small></h3>
    <table class="proposals" data-status="{{status}}">
      <thead><tr><th>{{t.proposal}}</th><th>{{t.question}}</th><th>{{t.community}}</th><th>{{t.lastStep}}</th><th>{{t.closesAt}}</th><th>{{t.result}}</th></tr></thead>
      <tbody>
      {{#rows}}<tr data-proposal="{{proposal}}"><td><a href="/deliberation/{{proposal}}">{{proposal}}</a></td><td>{{question}}</td><td>{{community}} {{building}}</td>
        <td class="step">{{step}}</td><td>{{closesAt}}</td><td class="result">{{result}} {{summary}}</td></tr>{{/rows}}
      </tbody>
    </table>
    {{/groups}}
    {{^groups}}<p id="empty">{{t.noProposals}}</p>{{/groups}}
    """

    static let proposal = """
    <h2>{{t.proposal}} <span id="proposal">{{proposal}}</span></h2>
    {{#unanswered}}<p class="error" id="unanswered">{{unanswered}}</p>{{/unanswered}}
    <dl class="facts">
      <dt>{{t.question}}</dt><dd id="question">{{question}}</dd>
      <dt>{{t.community}}</dt><dd>{{community}} {{building}}</dd>
      <dt>{{t.status}}</dt><dd id="status">{{status}}</dd>
      <dt>{{t.rule}}</dt><dd>{{rule}}</dd>
      <dt>{{t.closesAt}}</dt><dd>{{closesAt}}</dd>
      {{#result}}<dt>{{t.result}}</dt><dd id="result">{{result}} {{chosen}}</dd>{{/result}}
    </dl>
    {{#tally}}
    <h3>{{t.byHead}} <small id="participants">{{participants}}/{{households}}</small> {{#quorum}}<small id="quorum">{{t.quorum}}</small>{{/quorum}}</h3>
    <table id="heads"><tbody>{{#heads}}<tr data-vote="{{key}}"><td>{{name}}</td><td class="count">{{count}}</td><td>{{{bar}}}</td></tr>{{/heads}}</tbody></table>
    <h3>{{t.byArea}} <small>{{participatingArea}} / {{area}} m²</small></h3>
    <table id="areas"><tbody>{{#areas}}<tr data-vote="{{key}}"><td>{{name}}</td><td class="area">{{area}}</td><td>{{{bar}}}</td></tr>{{/areas}}</tbody></table>
    {{#hasOptions}}<table id="options"><tbody>{{#options}}<tr><td>{{option}}</td><td>{{households}}</td><td>{{area}}</td></tr>{{/options}}</tbody></table>{{/hasOptions}}
    {{/tally}}
    {{#hasStages}}<h3>{{t.stages}}</h3><table id="stages"><tbody>{{#stages}}<tr><td>{{at}}</td><td>{{stage}}</td><td>{{by}}</td><td>{{note}}</td></tr>{{/stages}}</tbody></table>{{/hasStages}}
    {{#hasPublications}}<h3>{{t.publications}}</h3><table id="publications"><tbody>{{#publications}}<tr><td>{{at}}</td><td>{{publication}}</td><td>{{note}}</td></tr>{{/publications}}</tbody></table>{{/hasPublications}}
    """
}
