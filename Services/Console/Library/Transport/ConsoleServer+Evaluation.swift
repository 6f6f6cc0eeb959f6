import CityModel
import Contracts
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Sheets
import Timekeeping
import WhistleConsoleDomain

/// The evaluation (考评): read from dispatch, which counts it, for the viewer's own area — the page with its weekly
/// trends, and the same rows as a spreadsheet.
extension ConsoleServer {
    static let trendWeeks = 1...26

    /// The evaluation's question from a request: `by`, `from`, `to` (passed to dispatch as given) and `weeks` of trend.
    struct EvaluationQuery {
        var by = StatsGrouping.department.rawValue
        var from = "", to = ""
        var weeks = 8

        init(_ request: Request) throws(ReadLine.Failure) {
            let parameters = request.uri.queryParameters
            if let by = parameters.get("by"), !by.isEmpty { self.by = by }
            (from, to) = (parameters.get("from") ?? "", parameters.get("to") ?? "")
            if let text = parameters.get("weeks"), !text.isEmpty {
                guard let weeks = Int(text), ConsoleServer.trendWeeks.contains(weeks) else {
                    throw ReadLine.Failure(status: 400, message: "'weeks' must be a whole number from 1 to 26")
                }
                self.weeks = weeks
            }
        }

        /// Dispatch's parameters for the period (or for `week` instead of it), limited to `area`.
        func parameters(area: String?, week: ReportWeek? = nil) -> [(String, String)] {
            let period = week.map { [("from", $0.from), ("to", $0.to)] } ?? [("from", from), ("to", to)].filter { !$0.1.isEmpty }
            return [("by", by)] + period + (area.map { [("area", $0)] } ?? [])
        }

        /// The form as asked; its CSV link carries no area (the console adds the viewer's own to every read).
        func form() -> ConsolePages.EvaluationForm {
            var components = URLComponents()
            components.queryItems = parameters(area: nil).map { URLQueryItem(name: $0.0, value: $0.1) }
            return ConsolePages.EvaluationForm(by: by, from: from, to: to, weeks: weeks, csvQuery: components.percentEncodedQuery ?? "")
        }
    }

    /// `GET /evaluation`: the period's rows with their trends; a refusal of dispatch's (a bad date) shown above the form.
    func evaluationPage(_ viewer: Viewer, request: Request, frame: ConsolePages.Frame, fragment: Bool) async -> Rendered {
        let labels = ConsoleLabels.table(frame.language)
        let area: String?
        switch viewer.evaluationReach {
        case .refused(let why):
            return (.forbidden, pages.document("problem", ["heading": labels["refused"]!, "message": why], frame: frame, live: false, fragmentOnly: fragment))
        case .city: area = nil
        case .area(let code): area = code
        }
        var form = ConsolePages.EvaluationForm(by: "department", from: "", to: "", weeks: 8, csvQuery: "")
        do {
            let query = try EvaluationQuery(request)
            form = query.form()
            let weeks = ReportWeek.last(query.weeks, at: clock.now(), calendar: city.calendar)
            let line = reads.dispatch
            async let period = line.report(query.parameters(area: area))
            let weekly = try await withThrowingTaskGroup(of: (Int, StatsReport).self) { group in
                for (index, week) in weeks.enumerated() {
                    group.addTask { (index, try await line.report(query.parameters(area: area, week: week))) }
                }
                var reports: [(Int, StatsReport)] = []
                for try await report in group { reports.append(report) }
                return reports.sorted { $0.0 < $1.0 }.map { (week: weeks[$0.0], report: $0.1) }
            }
            let board = EvaluationBoard(period: try await period, weekly: weekly, ladder: city.ladder)
            return (.ok, pages.document("evaluation", pages.evaluationContext(board, form: form, error: nil, language: frame.language), frame: frame,
                                        live: false, fragmentOnly: fragment))
        } catch {
            let failure = Self.failure(error)
            return (Self.status(of: failure), pages.document("evaluation", pages.evaluationContext(nil, form: form, error: failure.message, language: frame.language),
                                                            frame: frame, live: false, fragmentOnly: fragment))
        }
    }

    /// `GET /evaluation.csv`: the period's rows and total as a spreadsheet (UTF-8 with a byte-order mark), as `whistle stats --csv` writes them.
    func evaluationSheet(_ request: Request) async throws -> Response {
        guard let session = try sessions.current(request) else {
            return Response(status: .seeOther, headers: [.location: "/signin?next=" + Self.escaped(Self.pageAddress(request))])
        }
        let viewer = Viewer(identity: session.identity, role: session.role, city: city)
        let area: String?
        switch viewer.evaluationReach {
        case .refused(let why): throw HTTPError(.forbidden, message: why)
        case .city: area = nil
        case .area(let code): area = code
        }
        do {
            let query = try EvaluationQuery(request)
            let report = try await reads.dispatch.report(query.parameters(area: area))
            let name = "evaluation-\(query.by)-\(WorkCalendar.dateText(day: city.calendar.localDay(report.from)))-"
                + "\(WorkCalendar.dateText(day: city.calendar.localDay(report.to.addingTimeInterval(-1)))).csv"
            return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(name)\"",
                                                   .cacheControl: "no-store"],
                            body: .init(byteBuffer: ByteBuffer(bytes: try StatsSheet(report).csv())))
        } catch {
            let failure = Self.failure(error)
            throw HTTPError(Self.status(of: failure), message: failure.message)
        }
    }

    static func failure(_ error: any Error) -> ReadLine.Failure {
        error as? ReadLine.Failure ?? ReadLine.Failure(status: nil, message: "\(error)")
    }

    /// Dispatch's refusal passed on (400, 403); anything else is dispatch not answering: 502.
    static func status(of failure: ReadLine.Failure) -> HTTPResponse.Status {
        switch failure.status {
        case 400?: .badRequest
        case 403?: .forbidden
        default: .badGateway
        }
    }
}
