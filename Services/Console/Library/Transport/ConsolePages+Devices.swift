import CityModel
import Contracts
import Foundation
import Timekeeping
import WhistleConsoleDomain

/// The devices page: the open cases the area's sensors and gates raised (alarms, welfare checks, silent devices), and
/// intake's registry of them — silent ones first, each with what it last said and when it was last heard.
extension ConsolePages {
    func devicesContext(_ cases: [BoardCase], registry: DeviceList?, unanswered: String?, language: String) -> [String: Any] {
        let labels = ConsoleLabels.table(language)
        let (welfare, upkeep) = (city.devices?.welfare, city.devices?.maintenance)
        var context: [String: Any] = [
            "caseCount": cases.count,
            "cases": cases.map { row -> [String: Any] in
                let kind = row.category == welfare ? "welfare" : row.category == upkeep ? "maintenance" : "alarm"
                return ["caseID": row.caseID, "device": row.device ?? "", "categoryName": row.categoryName, "grid": row.grid, "kind": kind,
                        "status": row.status.rawValue, "reported": city.calendar.localTime(row.reportedAt), "light": row.light.rawValue,
                        "lightLabel": labels[row.light.rawValue] ?? ""]
            },
        ]
        if let unanswered { context["unanswered"] = unanswered }
        if let registry {
            let devices = registry.devices.sorted { ($0.silent ? 0 : 1, $0.device) < ($1.silent ? 0 : 1, $1.device) }
            context["registry"] = ["count": devices.count, "silentCount": devices.filter(\.silent).count, "devices": devices.map { entry -> [String: Any] in
                ["device": entry.device, "type": entry.type, "grid": entry.grid, "building": entry.building ?? "", "owner": entry.owner ?? "",
                 "state": entry.state ?? "", "heardAt": entry.heardAt.map(city.calendar.localTime) ?? "—", "silent": entry.silent,
                 "silentAt": entry.silentAt.map(city.calendar.localTime) ?? ""]
            }]
        }
        return context
    }

    static let devices = """
    <h2>{{t.devices}}</h2>
    <h3>{{t.alarms}} <small id="alarm-count">{{caseCount}}</small></h3>
    <table id="device-cases">
      <thead><tr><th>{{t.case}}</th><th>{{t.device}}</th><th>{{t.category}}</th><th>{{t.grid}}</th><th>{{t.status}}</th><th>{{t.reported}}</th></tr></thead>
      <tbody>
      {{#cases}}<tr data-case="{{caseID}}" data-kind="{{kind}}" class="light-{{light}}"><td><a href="/cases/{{caseID}}">{{caseID}}</a></td><td>{{device}}</td>
        <td>{{categoryName}}</td><td>{{grid}}</td><td>{{status}} <span class="dot shade-{{light}}"></span></td><td>{{reported}}</td></tr>{{/cases}}
      </tbody>
    </table>
    {{^cases}}<p id="no-alarms">{{t.noAlarms}}</p>{{/cases}}
    {{#unanswered}}<p class="error" id="unanswered">{{unanswered}}</p>{{/unanswered}}
    {{#registry}}
    <h3>{{t.registry}} <small id="device-count">{{count}}</small> · {{t.silent}} <small id="silent-count">{{silentCount}}</small></h3>
    <table id="registry">
      <thead><tr><th>{{t.device}}</th><th>{{t.type}}</th><th>{{t.grid}}</th><th>{{t.owner}}</th><th>{{t.lastState}}</th><th>{{t.heardAt}}</th><th>{{t.silentAt}}</th></tr></thead>
      <tbody>
      {{#devices}}<tr data-device="{{device}}"{{#silent}} class="silent" data-silent="1"{{/silent}}><td>{{device}}</td><td>{{type}}</td><td>{{grid}} · {{building}}</td><td>{{owner}}</td>
        <td class="state-{{state}}">{{state}}</td><td class="heard">{{heardAt}}</td><td>{{#silent}}{{t.silent}}{{/silent}}{{^silent}}{{silentAt}}{{/silent}}</td></tr>{{/devices}}
      </tbody>
    </table>
    {{^devices}}<p id="no-devices">{{t.noDevices}}</p>{{/devices}}
    {{/registry}}
    """
}
