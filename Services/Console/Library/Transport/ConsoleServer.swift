import CityModel
import Contracts
import Credentials
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceKit
public import ServiceLifecycle
import Timekeeping
import WhistleConsoleDomain
public import ZeroMQ

/// The web console: the grid map, the case list and each case's page, live by Server-Sent Events, for staff
/// signed in with the keys the suite issues. It reads the console's own store and decides nothing.
public final class ConsoleServer: Service, Sendable {
    let city: City
    let store: ConsoleStore
    let feed: LiveFeed
    let pages: ConsolePages
    let sessions: ConsoleSessions
    let dispatch: DispatchLine
    /// Dispatch's evaluation and mediation's proposals and agreements, read over HTTP.
    let reads: ServiceReads
    let clock: any WallClock
    let options: ConsoleOptions
    let logger: Logger
    let (host, port): (String, Int)
    /// `http://host:port` once listening.
    public let address = StartupSignal<Result<String, any Error>>()

    init(options: ConsoleOptions, city: City, store: ConsoleStore, feed: LiveFeed, dispatch: DispatchLine, reads: ServiceReads, keyRing: KeyRing?,
         clock: any WallClock, logger: Logger) throws(ConfigurationError) {
        let address = try HTTPAddress(options.web)
        (host, port) = (address.host, address.port)
        (self.city, self.store, self.feed, self.options, self.logger) = (city, store, feed, options, logger)
        (self.dispatch, self.reads, self.clock) = (dispatch, reads, clock)
        pages = ConsolePages(city: city)
        sessions = ConsoleSessions(store: store, keyRing: keyRing, city: city, clock: clock, options: options, logger: logger)
    }

    public func run() async throws {
        let router = Router()
        router.add(middleware: SecurityHeaders())
        router.get("console.css") { _, _ in Self.asset(ConsoleAssets.css, type: "text/css; charset=utf-8") }
        router.get("console.js") { _, _ in Self.asset(ConsoleAssets.javascript, type: "text/javascript; charset=utf-8") }
        router.get("signin") { [self] request, _ in try sessions.form(request, pages: pages) }
        router.post("signin") { [self] request, _ in try await sessions.signIn(request, pages: pages) }
        router.post("signout") { [self] request, _ in try await sessions.signOut(request, pages: pages) }
        router.get("/") { [self] request, _ in try await page(request) { viewer, frame, fragment in try mapPage(viewer, frame: frame, fragment: fragment) } }
        router.get("cases") { [self] request, _ in
            try await page(request) { viewer, frame, fragment in try casesPage(viewer, request: request, frame: frame, fragment: fragment) }
        }
        router.get("cases/:id") { [self] request, context in
            let caseID = try context.parameters.require("id")
            return try await page(request) { viewer, frame, fragment in try casePage(caseID, viewer: viewer, frame: frame, fragment: fragment) }
        }
        router.get("overdue") { [self] request, _ in
            try await page(request) { viewer, frame, fragment in try overduePage(viewer, frame: frame, fragment: fragment) }
        }
        router.get("mediation") { [self] request, _ in
            try await page(request) { viewer, frame, fragment in try mediationPage(viewer, request: request, frame: frame, fragment: fragment) }
        }
        router.get("devices") { [self] request, _ in
            try await page(request) { viewer, frame, fragment in try await devicesPage(viewer, frame: frame, fragment: fragment) }
        }
        router.get("evaluation") { [self] request, _ in
            try await page(request) { viewer, frame, fragment in await evaluationPage(viewer, request: request, frame: frame, fragment: fragment) }
        }
        router.get("evaluation.csv") { [self] request, _ in try await evaluationSheet(request) }
        router.post("cases/:id/act") { [self] request, context in try await act(try context.parameters.require("id"), request: request) }
        router.post("tasks/:id/act") { [self] request, context in try await actOnTask(try context.parameters.require("id"), request: request) }
        router.get("live") { [self] request, _ in try live(request) }
        addAccountRoutes(router)
        addPasswordRoutes(router)
        addDeliberationRoutes(router)
        let ticker = Task { [feed] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(15))
                feed.keepAlive()
            }
        }
        defer { ticker.cancel() }
        try await withGracefulShutdownHandler {
            try await HTTPServing.run(router, host: host, port: port, serverName: "whistle-console", announce: address, logger: logger)
        } onGracefulShutdown: { [feed] in
            feed.close()
        }
    }

    static func asset(_ text: String, type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type, .cacheControl: "max-age=300"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// Every answer of the console: no framing by other sites, scripts and styles from the console only, no sniffing.
struct SecurityHeaders<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        if response.headers[.contentSecurityPolicy] == nil {
            response.headers[.contentSecurityPolicy] = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'"
        }
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"
        return response
    }
}
