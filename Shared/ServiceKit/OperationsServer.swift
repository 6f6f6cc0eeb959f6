public import Logging
public import ServiceLifecycle
public import ZeroMQ
import NIOCore
public import Foundation
import Hummingbird
import Metrics
import Prometheus
import Synchronization
public import Credentials
import Messaging
import HTTPTypes

/// Each service's HTTP face for operators: `GET /health` (200 with `{"service","status":"ok"}`) and
/// `GET /metrics` (Prometheus text: the delivery counters of every relay, consumer and endpoint,
/// mirrored from swift-metrics), open to anyone who can reach the address — which is loopback unless
/// configured (`http: 127.0.0.1:8081`; port 0 = ephemeral, reported). Its JSON resources (`/cases`,
/// `/stats`) need an API key when security is on (`Authorization: Bearer <key>`): 401 without a valid
/// one, 403 for a key whose role may not read the resource.
public final class OperationsServer: Service, Sendable {
    private static let registry = PrometheusCollectorRegistry()
    private static let bootstrapped = Mutex(false)

    let service: String
    let host: String
    let port: Int
    let logger: Logger
    let reads: [String: ReadRoute]
    let pages: [String: ReadRoute]
    let queries: [String: QueryRoute]
    /// How the queries each instance of a partitioned service answers for its own streets are added up.
    let spanning: [String: Combine]
    let front: PartitionFront?
    let keyRing: KeyRing?
    /// `http://host:port` once listening.
    public let address = StartupSignal<Result<String, any Error>>()

    /// Installs the Prometheus backend for swift-metrics, once per process.
    public static func bootstrapMetrics() {
        let first = bootstrapped.withLock { done in
            defer { done = true }
            return !done
        }
        if first { MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry)) }
    }

    /// A read-only JSON resource: gets the path's `:id` and the caller's certificate (nil without
    /// security), returns the JSON body, nil for 404, or throws `Forbidden` (403).
    public typealias ReadRoute = @Sendable (_ id: String, _ caller: Certificate?) throws -> Data?
    /// A read-only JSON resource answering `GET /<name>?key=value…`: gets the query's parameters and the
    /// caller, returns the JSON body, or throws `BadQuery` (400) or `Forbidden` (403).
    public typealias QueryRoute = @Sendable (_ parameters: [String: String], _ caller: Certificate?) throws -> Data
    /// Adds up the bodies the instances of a service split by street gave for one query (this one's first).
    public typealias Combine = @Sendable (_ bodies: [Data]) throws -> Data

    /// A caller whose key may not read what it asked for.
    public struct Forbidden: Error, Sendable {
        public let message: String
        public init(_ message: String) { self.message = message }
    }

    /// A query parameter a `QueryRoute` cannot use; its message says which and why.
    public struct BadQuery: Error, Sendable {
        public let message: String
        public init(_ message: String) { self.message = message }
    }

    /// `listen` is `host:port` (port 0 picks a free one). `reads` adds `GET /<name>/:id` JSON resources,
    /// `pages` `GET /<name>/:id` HTML documents (UTF-8), `queries` `GET /<name>?…` JSON ones; with a `front`,
    /// reads this instance does not hold are asked of its peers and the `spanning` queries add theirs up.
    init(service: String, listen: String, logger: Logger, reads: [String: ReadRoute] = [:], pages: [String: ReadRoute] = [:],
         queries: [String: QueryRoute] = [:], spanning: [String: Combine] = [:], front: PartitionFront? = nil,
         keyRing: KeyRing? = nil) throws(ConfigurationError) {
        let address = try HTTPAddress(listen)
        self.service = service
        self.host = address.host
        self.port = address.port
        self.logger = logger
        self.reads = reads
        self.pages = pages
        self.queries = queries
        (self.spanning, self.front) = (spanning, front)
        self.keyRing = keyRing
        OperationsServer.bootstrapMetrics()
    }

    public func run() async throws {
        let router = Router()
        let service = self.service
        router.get("health") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "application/json"],
                     body: .init(byteBuffer: ByteBuffer(string: #"{"service":"\#(service)","status":"ok"}"#)))
        }
        router.get("metrics") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                     body: .init(byteBuffer: ByteBuffer(bytes: OperationsServer.registry.emitToBuffer())))
        }
        let (keyRing, front, spanning) = (self.keyRing, self.front, self.spanning)
        let routes = reads.mapValues { ($0, "application/json") }.merging(pages.mapValues { ($0, "text/html; charset=utf-8") }) { json, _ in json }
        for (name, (read, contentType)) in routes {
            router.get("\(name)/:id") { request, context -> Response in
                let caller = try OperationsServer.caller(request, keyRing: keyRing)
                let id = try context.parameters.require("id")
                let body: Data?
                do {
                    body = try read(id, caller)
                } catch let error as Forbidden {
                    throw HTTPError(.forbidden, message: error.message)
                }
                if let body { return OperationsServer.ok(body, contentType: contentType, from: front) }
                let peers = front?.peers(for: request) ?? []
                if let front, let answer = try await front.find(request, among: peers) { return answer }
                let asked = peers.map { "\($0.name) (\($0.claims.joined(separator: ", ")))" }
                throw HTTPError(.notFound, message: "no \(name) '\(id)'" + (asked.isEmpty ? "" : " here (\(front?.name ?? "")) nor at " + asked.joined(separator: ", ")))
            }
        }
        for (name, query) in queries {
            router.get("\(name)") { request, _ -> Response in
                let caller = try OperationsServer.caller(request, keyRing: keyRing)
                var parameters: [String: String] = [:]
                for (key, value) in request.uri.queryParameters { parameters[String(key)] = String(value) }
                let body: Data
                do {
                    body = try query(parameters, caller)
                } catch let error as BadQuery {
                    throw HTTPError(.badRequest, message: error.message)
                } catch let error as Forbidden {
                    throw HTTPError(.forbidden, message: error.message)
                }
                guard let front, let combine = spanning[name] else { return OperationsServer.ok(body, contentType: "application/json", from: front) }
                let peers = front.peers(for: request)
                let theirs = peers.isEmpty ? [] : try await front.gather(request, from: peers)
                var response = OperationsServer.ok(theirs.isEmpty ? body : try combine([body] + theirs.map(\.body)), contentType: "application/json",
                                                   from: nil)
                response.headers[PartitionFront.instances] = ([front.name] + theirs.map(\.peer)).joined(separator: ", ")
                return response
            }
        }
        try await HTTPServing.run(router, host: host, port: port, serverName: "whistle-\(service)", announce: address, logger: logger)
    }

    /// A 200 with `body`, saying which instance answered when the service is split by street.
    static func ok(_ body: Data, contentType: String, from front: PartitionFront?) -> Response {
        var response = Response(status: .ok, headers: [.contentType: contentType], body: .init(byteBuffer: ByteBuffer(bytes: body)))
        if let front { response.headers[PartitionFront.instance] = front.name }
        return response
    }

    /// The caller's certificate from its API key (`Authorization: Bearer <key>` or `X-API-Key: <key>`);
    /// nil without security; 401 when the key is missing or unknown.
    static func caller(_ request: Request, keyRing: KeyRing?) throws -> Certificate? {
        guard let keyRing else { return nil }
        let bearer = request.headers[.authorization].flatMap { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : nil }
        guard let key = bearer ?? request.headers[HTTPField.Name("X-API-Key")!], let certificate = keyRing.certificate(apiKey: key) else {
            throw HTTPError(.unauthorized, message: "an API key is required: Authorization: Bearer <key> (`whistle keys create` makes one)")
        }
        return certificate
    }
}
