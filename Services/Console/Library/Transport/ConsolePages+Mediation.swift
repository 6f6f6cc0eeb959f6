import CityModel
import Contracts
import Foundation
import Timekeeping
import WhistleConsoleDomain

/// The mediation board: the disputes of the viewer's area by tier (grid, community, street, district — "4321"), each
/// with its mediator, its last step and the tier's time limit in the city's time, shaded as it runs out.
extension ConsolePages {
    func mediationContext(_ rows: [BoardMediation], includeClosed: Bool, now: Date, language: String) -> [String: Any] {
        let labels = ConsoleLabels.table(language)
        let tiers = HandlingLevel.allCases.compactMap { level -> [String: Any]? in
            let held = rows.filter { $0.level == level }
            guard !held.isEmpty else { return nil }
            return ["level": level.rawValue, "levelName": labels[level.rawValue] ?? level.rawValue, "count": held.count, "rows": held.map { row -> [String: Any] in
                let light = row.light(at: now)
                return ["mediation": row.mediation, "caseID": row.caseID, "grid": row.grid, "community": city.areaName(row.community),
                        "mediator": row.mediatorName, "mediatorID": row.mediatorID, "step": row.lastStep, "open": row.isOpen,
                        "dueAt": city.calendar.localTime(row.dueAt), "light": light.rawValue, "lightLabel": labels[light.rawValue] ?? "",
                        "agreement": Self.agreementSteps.contains(row.lastStep)]
            }]
        }
        return ["tiers": tiers, "count": rows.filter(\.isOpen).count, "all": includeClosed]
    }

    /// The steps after which a dispute has a written agreement (a draft at least) to print.
    static let agreementSteps: Set<String> = ["drafted", "signed", "sealed", "confirmation-applied", "confirmed", "rejected", "followed-up", "agreed"]

    static let mediation = """
    <h2>{{t.mediation}} <small id="count">{{count}}</small></h2>
    <form method="get" action="/mediation" class="filters">
      <label><input type="checkbox" name="all" value="1"{{#all}} checked{{/all}}> {{t.includeClosed}}</label> <button>{{t.filter}}</button>
    </form>
    {{#tiers}}
    <h3 class="tier" data-level="{{level}}">{{levelName}} <small>{{count}}</small></h3>
    <table class="mediations" data-level="{{level}}">
      <thead><tr><th>{{t.mediationCase}}</th><th>{{t.grid}}</th><th>{{t.mediator}}</th><th>{{t.lastStep}}</th><th>{{t.timeLimit}}</th><th>{{t.light}}</th></tr></thead>
      <tbody>
      {{#rows}}
      <tr data-mediation="{{mediation}}" data-level="{{level}}" class="light-{{light}}"><td><a href="/cases/{{caseID}}">{{mediation}}</a></td><td>{{grid}} · {{community}}</td>
        <td class="mediator">{{mediator}} ({{mediatorID}})</td><td class="step">{{step}}{{#agreement}} <a class="agreement" href="/mediation/{{mediation}}/agreement">{{t.agreement}}</a>{{/agreement}}</td><td class="due">{{#open}}{{dueAt}}{{/open}}</td>
        <td>{{#open}}<span class="dot shade-{{light}}"></span> {{lightLabel}}{{/open}}</td></tr>
      {{/rows}}
      </tbody>
    </table>
    {{/tiers}}
    {{^tiers}}<p id="empty">{{t.noDisputes}}</p>{{/tiers}}
    """
}
