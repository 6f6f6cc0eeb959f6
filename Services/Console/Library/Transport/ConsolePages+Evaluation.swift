import CityModel
import Contracts
import Foundation
import WhistleConsoleDomain

/// The evaluation page (考评): dispatch's counts for the period by department or area, each row's trend over the weeks
/// before as a sparkline, and the 721 / 4321 shares week by week beside the ladder's target.
extension ConsolePages {
    /// What the form asked for, shown again in it.
    struct EvaluationForm {
        var by: String
        var from: String
        var to: String
        var weeks: Int
        /// The same question as query parameters (without `weeks`), for the CSV link.
        var csvQuery: String
    }

    func evaluationContext(_ board: EvaluationBoard?, form: EvaluationForm, error: String?, language: String) -> [String: Any] {
        var context: [String: Any] = [
            "form": ["from": form.from, "to": form.to, "weeks": form.weeks, "csv": "/evaluation.csv?" + form.csvQuery],
            "groupings": StatsGrouping.allCases.map { ["value": $0.rawValue, "selected": $0.rawValue == form.by] },
        ]
        if let error { context["error"] = error }
        guard let board else { return context }
        let levels = board.distribution.first?.shares.map(\.level) ?? city.ladder
        context["levels"] = levels.map(\.rawValue)
        context["rows"] = board.rows.map { Self.render("evaluationRow", evaluationRow($0, levels: levels)) }.joined(separator: "\n")
        context["totalRow"] = Self.render("evaluationRow", evaluationRow(board.total, levels: levels))
        context["total"] = true
        context["hasRows"] = !board.rows.isEmpty
        context["firstWeek"] = board.weeks.first?.from ?? ""
        context["target"] = board.target.isEmpty ? nil : ["bar": Self.shareBar(board.target), "text": Self.shareText(board.target)]
        context["weeks"] = board.distribution.map { week -> [String: Any] in
            ["from": week.week.from, "settled": week.settled, "bar": week.settled == 0 ? "" : Self.shareBar(week.shares),
             "text": week.settled == 0 ? "—" : Self.shareText(week.shares)]
        }
        return context
    }

    func evaluationRow(_ row: EvaluationBoard.Row, levels: [HandlingLevel]) -> [String: Any] {
        let figures = row.figures
        func count(_ value: Int?) -> String { value.map(String.init) ?? "" }
        return [
            "key": figures.key, "name": figures.name, "cases": count(figures.cases), "tasks": figures.tasks,
            "acknowledged": Self.percent(figures.acknowledgedOnTimePercent), "completed": Self.percent(figures.completedOnTimePercent),
            "onTimeTrend": Self.sparkline(row.onTimeTrend), "overdue": figures.overdue, "returns": figures.returns, "rework": figures.rework,
            "orders": figures.supervisionOrders, "ordersOverdue": figures.supervisionOverdue, "satisfaction": Self.percent(figures.satisfactionPercent),
            "satisfactionTrend": Self.sparkline(row.satisfactionTrend), "rated": figures.rated,
            "hours": figures.averageHandlingWorkingHours.map { String(format: "%.2f", $0) } ?? "—",
            "unfixable": count(figures.unfixable), "invalid": count(figures.invalid),
            "shares": figures.settledPercent.map { shares in Self.shareText(levels.map { ($0, shares[$0.rawValue] ?? 0) }) } ?? "",
        ]
    }

    static func percent(_ value: Double?) -> String { value.map { String(format: "%.1f%%", $0) } ?? "—" }

    /// A week-by-week trend as a small SVG: 120 × 24, a line per unbroken run, a dot per week counted.
    static func sparkline(_ values: [Double?]) -> String {
        let line = Sparkline(values, width: 116, height: 20)
        guard !line.dots.isEmpty else { return "—" }
        var svg = "<svg class=\"spark\" viewBox=\"-2 -2 120 24\" width=\"120\" height=\"24\" role=\"img\">"
        for points in line.lines { svg += "<polyline points=\"\(points)\"/>" }
        for dot in line.dots { svg += "<circle cx=\"\(CityMap.tenths(dot.x))\" cy=\"\(CityMap.tenths(dot.y))\" r=\"1.6\"/>" }
        svg += "<title>" + values.map { $0.map { String(format: "%.1f", $0) } ?? "—" }.joined(separator: " · ") + "</title></svg>"
        return svg
    }

    /// Each rung's share as a segment of a 200-wide bar (SVG: the page's policy allows no inline styles).
    static func shareBar(_ shares: [(level: HandlingLevel, percent: Double)]) -> String {
        var (svg, x) = ("<svg class=\"shares\" viewBox=\"0 0 200 14\" width=\"200\" height=\"14\" role=\"img\">", 0.0)
        for share in shares where share.percent > 0 {
            let width = share.percent * 2
            svg += "<rect class=\"rung-\(share.level.rawValue)\" x=\"\(CityMap.tenths(x))\" y=\"0\" width=\"\(CityMap.tenths(width))\" height=\"14\"/>"
            x += width
        }
        return svg + "</svg>"
    }

    /// `grid 70.0 · community 20.0 · street 10.0`.
    static func shareText(_ shares: [(level: HandlingLevel, percent: Double)]) -> String {
        shares.map { "\($0.level.rawValue) \(String(format: "%.1f", $0.percent))" }.joined(separator: " · ")
    }

    static let evaluation = """
    <h2>{{t.evaluation}}</h2>
    <form method="get" action="/evaluation" class="filters">
      <label>{{t.groupBy}} <select name="by">{{#groupings}}<option{{#selected}} selected{{/selected}}>{{value}}</option>{{/groupings}}</select></label>
      <label>{{t.from}} <input name="from" value="{{form.from}}" placeholder="2026-11-01" size="10"></label>
      <label>{{t.to}} <input name="to" value="{{form.to}}" placeholder="2026-12-01" size="10"></label>
      <label>{{t.weeks}} <input name="weeks" value="{{form.weeks}}" size="3"></label>
      <button>{{t.show}}</button>
      <a id="csv" href="{{form.csv}}" download>{{t.downloadCSV}}</a>
    </form>
    {{#error}}<p class="error" id="error">{{error}}</p>{{/error}}
    {{#total}}
    <div class="scroll"><table id="evaluation">
      <thead><tr><th>{{t.name}}</th><th>{{t.casesCount}}</th><th>{{t.tasks}}</th><th>{{t.ackOnTime}}</th><th>{{t.doneOnTime}}</th><th>{{t.trendSince}} {{firstWeek}}</th>
        <th>{{t.overdueCount}}</th><th>{{t.returns}}</th><th>{{t.rework}}</th><th>{{t.supervision}}</th><th>{{t.satisfaction}}</th><th>{{t.trendSince}} {{firstWeek}}</th>
        <th>{{t.hours}}</th><th>{{t.unfixable}}</th><th>{{t.invalid}}</th><th>{{t.settledShares}}</th></tr></thead>
      <tbody>
      {{{rows}}}
      </tbody>
      <tfoot>{{{totalRow}}}</tfoot>
    </table></div>
    {{^hasRows}}<p id="empty">{{t.nothingCounted}}</p>{{/hasRows}}
    <h3>{{t.distribution}}</h3>
    <table id="distribution">
      <thead><tr><th>{{t.weekOf}}</th><th>{{t.settled}}</th><th></th><th>{{#levels}}{{.}} {{/levels}}(%)</th></tr></thead>
      <tbody>
      {{#target}}<tr class="target"><td>{{t.target}}</td><td></td><td>{{{bar}}}</td><td>{{text}}</td></tr>{{/target}}
      {{#weeks}}<tr data-week="{{from}}"><td>{{from}}</td><td class="settled">{{settled}}</td><td>{{{bar}}}</td><td class="shares">{{text}}</td></tr>{{/weeks}}
      </tbody>
    </table>
    {{/total}}
    """

    static let evaluationRow = """
    <tr data-key="{{key}}"><td>{{name}}</td><td class="cases">{{cases}}</td><td class="tasks">{{tasks}}</td><td class="acknowledged">{{acknowledged}}</td>
      <td class="completed">{{completed}}</td><td>{{{onTimeTrend}}}</td><td class="overdue">{{overdue}}</td><td class="returns">{{returns}}</td>
      <td class="rework">{{rework}}</td><td class="orders">{{orders}}/{{ordersOverdue}}</td><td class="satisfaction">{{satisfaction}} ({{rated}})</td>
      <td>{{{satisfactionTrend}}}</td><td class="hours">{{hours}}</td><td class="unfixable">{{unfixable}}</td><td class="invalid">{{invalid}}</td>
      <td class="shares">{{shares}}</td></tr>
    """
}
