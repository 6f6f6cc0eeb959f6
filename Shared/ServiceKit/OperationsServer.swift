public import Logging
public import ServiceLifecycle
public import ZeroMQ
import NIOCore
public import Foundation
import Hummingbird
import Metrics
import Prometheus
import Synchronization

/// Each service's HTTP face for operators: `GET /health` (200 with `{"service","status":"ok"}`) and
/// `GET /metrics` (Prometheus text: the delivery counters of every relay, consumer and endpoint,
/// mirrored from swift-metrics). Bind it with `http: 127.0.0.1:8081` (port 0 = ephemeral, reported).
public final class OperationsServer: Service, Sendable {
    private static let registry = PrometheusCollectorRegistry()
    private static let bootstrapped = Mutex(false)

    let service: String
    let host: String
    let port: Int
    let logger: Logger
    let reads: [String: ReadRoute]
    let queries: [String: QueryRoute]
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

    /// A read-only JSON resource: gets the path's `:id`, returns the JSON body, or nil for 404.
    public typealias ReadRoute = @Sendable (_ id: String) throws -> Data?
    /// A read-only JSON resource answering `GET /<name>?key=value…`: gets the query's parameters, returns
    /// the JSON body, or throws `BadQuery` (answered 400 with its message).
    public typealias QueryRoute = @Sendable (_ parameters: [String: String]) throws -> Data

    /// A query parameter a `QueryRoute` cannot use; its message says which and why.
    public struct BadQuery: Error, Sendable {
        public let message: String
        public init(_ message: String) { self.message = message }
    }

    /// `listen` is `host:port` (port 0 picks a free one). `reads` adds `GET /<name>/:id` resources,
    /// `queries` `GET /<name>?…` ones.
    public init(service: String, listen: String, logger: Logger, reads: [String: ReadRoute] = [:],
                queries: [String: QueryRoute] = [:]) throws(ConfigurationError) {
        let address = try HTTPAddress(listen)
        self.service = service
        self.host = address.host
        self.port = address.port
        self.logger = logger
        self.reads = reads
        self.queries = queries
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
        for (name, read) in reads {
            router.get("\(name)/:id") { _, context -> Response in
                let id = try context.parameters.require("id")
                guard let body = try read(id) else { throw HTTPError(.notFound, message: "no \(name) '\(id)'") }
                return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: body)))
            }
        }
        for (name, query) in queries {
            router.get("\(name)") { request, _ -> Response in
                var parameters: [String: String] = [:]
                for (key, value) in request.uri.queryParameters { parameters[String(key)] = String(value) }
                do {
                    let body = try query(parameters)
                    return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: body)))
                } catch let error as BadQuery {
                    throw HTTPError(.badRequest, message: error.message)
                }
            }
        }
        let signal = address
        let app = Application(
            router: router, configuration: .init(address: .hostname(host, port: port), serverName: "whistle-\(service)"),
            onServerRunning: { [host] channel in
                signal.complete(.success("http://\(host):\(channel.localAddress?.port ?? 0)"))
            },
            logger: logger)
        do {
            try await app.run()
        } catch {
            signal.complete(.failure(error))
            throw error
        }
    }
}
