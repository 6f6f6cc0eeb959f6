import CityModel
import Contracts
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Timekeeping
import WhistleConsoleDomain

/// The pages: each needs a signed-in person and shows only what is theirs.
extension ConsoleServer {
    /// A page's answer: its status and HTML.
    typealias Rendered = (status: HTTPResponse.Status, html: String)

    /// Runs `render` for the signed-in viewer, or sends the browser to sign in; `?lang=` switches the language
    /// (kept in a cookie); a request from the page's own script gets the `<main>` fragment only.
    func page(_ request: Request, render: (Viewer, ConsolePages.Frame, Bool) async throws -> Rendered) async throws -> Response {
        let chosen = request.uri.queryParameters.get("lang").flatMap { ConsoleLabels.languages.contains($0) ? $0 : nil }
        let language = chosen ?? ConsoleLabels.language(of: request)
        guard let session = try sessions.current(request) else {
            var response = Response(status: .seeOther, headers: [.location: "/signin?next=" + Self.escaped(Self.pageAddress(request))])
            if let chosen { response.setCookie(Cookie(name: "whistle_lang", value: chosen, path: "/", httpOnly: true, sameSite: .lax)) }
            return response
        }
        let viewer = Viewer(identity: session.identity, role: session.role, city: city)
        let frame = ConsolePages.Frame(language: language, session: session, address: Self.pageAddress(request))
        let fragment = request.headers[HTTPField.Name("X-Console-Fragment")!] == "main"
        let rendered = try await render(viewer, frame, fragment)
        var response = Response(status: rendered.status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                                body: .init(byteBuffer: ByteBuffer(string: rendered.html)))
        if let chosen { response.setCookie(Cookie(name: "whistle_lang", value: chosen, path: "/", httpOnly: true, sameSite: .lax)) }
        return response
    }

    func mapPage(_ viewer: Viewer, frame: ConsolePages.Frame, fragment: Bool) throws -> Rendered {
        let shades = try store.shades(for: viewer, welfare: city.devices?.welfare, maintenance: city.devices?.maintenance)
        let map = CityMap(city: city, viewer: viewer, open: shades)
        return (.ok, pages.document("map", pages.mapContext(map, language: frame.language), frame: frame, live: true, fragmentOnly: fragment))
    }

    func casesPage(_ viewer: Viewer, request: Request, frame: ConsolePages.Frame, fragment: Bool) throws -> Rendered {
        var query: [String: String] = [:]
        for (key, value) in request.uri.queryParameters where key != "lang" { query[String(key)] = String(value) }
        do {
            let filter = try CaseFilter(query, city: city)
            let rows = try store.cases(for: viewer, filter: filter, limit: options.listLimit)
            return (.ok, pages.document("cases", pages.casesContext(rows, query: query, error: nil, language: frame.language), frame: frame, live: true,
                                        fragmentOnly: fragment))
        } catch let invalid as CaseFilter.Invalid {
            return (.badRequest, pages.document("cases", pages.casesContext([], query: query, error: invalid.message, language: frame.language),
                                                frame: frame, live: false, fragmentOnly: fragment))
        }
    }

    func casePage(_ caseID: String, viewer: Viewer, frame: ConsolePages.Frame, fragment: Bool) throws -> Rendered {
        let labels = ConsoleLabels.table(frame.language)
        guard let (row, steps) = try store.caseFile(caseID) else {
            return (.notFound, pages.document("problem", ["heading": labels["notFound"]!, "message": "no case '\(caseID.prefix(80))'"], frame: frame,
                                              live: false, fragmentOnly: fragment))
        }
        // Another area's case is refused, not shown as missing: the page says whose it is not.
        guard viewer.sees(row) else {
            return (.forbidden, pages.document("problem", ["heading": labels["refused"]!, "message": viewer.refusal(row)], frame: frame, live: false,
                                               fragmentOnly: fragment))
        }
        let tasks = try store.tasks(caseID: caseID)
        var context = pages.caseContext(row, steps: steps, tasks: tasks, audit: try store.audit(caseID: caseID), language: frame.language,
                                        taskActions: { TaskOrder.offered(to: viewer, on: $0) }, csrf: frame.session?.csrf ?? "")
        let offered = StaffOrder.offered(to: viewer, on: row)
        if !offered.isEmpty, let session = frame.session {
            context["actions"] = pages.actionsContext(offered, caseID: caseID, csrf: session.csrf, tasks: tasks)
        }
        return (.ok, pages.document("case", context, frame: frame, live: true, fragmentOnly: fragment))
    }

    /// `GET /overdue`: the open tasks showing yellow or red in the viewer's area, red first, with 督办 for staff.
    func overduePage(_ viewer: Viewer, frame: ConsolePages.Frame, fragment: Bool) throws -> Rendered {
        let tasks = try store.lateTasks(for: viewer, limit: options.listLimit)
        var supervising: [String: Bool] = [:]
        for task in tasks where supervising[task.caseID] == nil {
            supervising[task.caseID] = try store.boardCase(task.caseID).map { !StaffOrder.offered(to: viewer, on: $0).isEmpty } ?? false
        }
        let context = pages.overdueContext(tasks, csrf: frame.session?.csrf ?? "", supervising: supervising, language: frame.language)
        return (.ok, pages.document("overdue", context, frame: frame, live: true, fragmentOnly: fragment))
    }

    /// `GET /mediation`: the disputes of the viewer's area by tier, open ones (`?all=1`: closed ones too), the soonest due first.
    func mediationPage(_ viewer: Viewer, request: Request, frame: ConsolePages.Frame, fragment: Bool) throws -> Rendered {
        if viewer.kind == .department || viewer.kind == .nothing {
            return (.forbidden, pages.document("problem", ["heading": ConsoleLabels.table(frame.language)["refused"]!,
                                                           "message": "'\(viewer.identity)' has no disputes to watch: the mediation board is the offices', grid workers' and the centre's"],
                                               frame: frame, live: false, fragmentOnly: fragment))
        }
        let all = request.uri.queryParameters.get("all") == "1"
        let rows = try store.mediations(for: viewer, includeClosed: all, limit: options.listLimit)
        return (.ok, pages.document("mediation", pages.mediationContext(rows, includeClosed: all, now: clock.now(), language: frame.language), frame: frame,
                                    live: true, fragmentOnly: fragment))
    }

    /// `GET /live`: an event `change` each time the board changes, a comment every 15 s between them.
    func live(_ request: Request) throws -> Response {
        guard try sessions.current(request) != nil else { throw HTTPError(.unauthorized, message: "sign in first: /signin") }
        let changes = feed.changes()
        return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-store"], body: ResponseBody { writer in
            try await writer.write(ByteBuffer(string: "retry: 1000\n: listening\n\n"))
            for await version in changes {
                try await writer.write(ByteBuffer(string: version == LiveFeed.keepAliveBeat ? ": keep-alive\n\n" : "event: change\ndata: \(version)\n\n"))
            }
            try await writer.finish(nil)
        })
    }

    /// The page's own address (path and query, without `lang`), which its script fetches again on each change.
    static func pageAddress(_ request: Request) -> String {
        var components = URLComponents()
        components.path = request.uri.path
        let items = request.uri.queryParameters.filter { $0.key != "lang" }.map { URLQueryItem(name: String($0.key), value: String($0.value)) }
        components.queryItems = items.isEmpty ? nil : items
        return components.string ?? request.uri.path
    }

    static func escaped(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "/-_."))) ?? "/"
    }
}
