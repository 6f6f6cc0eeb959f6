public import CityModel
import Contracts
import Credentials
import Envelope
import Foundation
import HTTPTypes
import Hummingbird
public import Logging
import NIOCore
public import ServiceKit
public import ServiceLifecycle
public import Timekeeping
public import ZeroMQ

/// Open311 GeoReport v2 on intake, at `/open311/v2/`: discovery, services and their definitions from the
/// city's categories, `POST requests` (form-encoded, `api_key` required) turned into the same report the
/// ZeroMQ ingest takes — one case, the same idempotency —, and the public view of every case intake opened.
public final class Open311Server: Service, Sendable {
    /// The longest form intake reads.
    public static let maximumForm = 64 * 1024
    static let base = "open311/v2"

    let city: City
    let store: IntakeStore
    /// Posted requests go to the ingest's desk through this queue: the posts in flight commit together.
    let posts: RequestQueue<IngestEndpoint>
    let clients: Open311Clients
    let clock: any WallClock
    let host: String
    let port: Int
    /// The configured public base URL (empty: this server's own address).
    let configuredURL: String
    let advertise: String
    let logger: Logger
    /// `http://host:port` once listening.
    public let address = StartupSignal<Result<String, any Error>>()

    public init(listen: String, city: City, store: IntakeStore, posts: RequestQueue<IngestEndpoint>, clients: Open311Clients, publicURL: String = "",
                advertise: String = "127.0.0.1", clock: any WallClock, logger: Logger) throws(ConfigurationError) {
        let address = try HTTPAddress(listen)
        (host, port, configuredURL, self.advertise) = (address.host, address.port, publicURL, advertise)
        (self.city, self.store, self.posts, self.clients, self.clock, self.logger) = (city, store, posts, clients, clock, logger)
    }

    public func run() async throws {
        let router = Router()
        // One parameter name per position: Hummingbird's trie refuses two names at one depth.
        router.get("\(Self.base)/:name") { [self] request, context in
            try answer(context.parameters.require("name")) { name, format in try self.read(name, format: format, request: request) }
        }
        router.get("\(Self.base)/:name/:file") { [self] request, context in
            let collection = try context.parameters.require("name")
            return try answer(context.parameters.require("file")) { id, format in
                try self.read(collection, id: id, format: format, request: request)
            }
        }
        router.post("\(Self.base)/:name") { [self] request, context -> Response in
            let file = try context.parameters.require("name")
            guard let (name, format) = Open311Format.split(file), name == "requests" else {
                guard let (name, format) = Open311Format.split(file), ["discovery", "services"].contains(name) else {
                    return Open311Format.json.failure(notFound(file))
                }
                return format.notAllowed("POST", allowed: "GET")
            }
            // Hummingbird refuses a longer body with a bare 413; the answer must be Open311's error list.
            guard let body = try? await request.body.collect(upTo: Self.maximumForm) else {
                return format.failure(Open311.Error(code: 413, description: "the form is larger than \(Self.maximumForm) bytes"))
            }
            // Bytes that are not UTF-8 are refused, not replaced with U+FFFD.
            guard let form = String(bytes: body.readableBytesView, encoding: .utf8) else {
                return format.failure(Open311Desk.bad("the form is not UTF-8"))
            }
            return await post(form, idempotencyKey: request.headers[HTTPField.Name("Idempotency-Key")!], format: format)
        }
        // Any other method on a resource is 405 with the methods it has, in Open311's error form.
        for (path, postable) in [("\(Self.base)/:name", true), ("\(Self.base)/:name/:file", false)] {
            let others = [HTTPRequest.Method.put, .delete, .patch, .trace, .options, .connect] + [HTTPRequest.Method("QUERY")].compactMap { $0 }
            for method in others + (postable ? [] : [.post]) {
                router.on(RouterPath(path), method: method) { _, context -> Response in
                    let name = context.parameters.get("name").flatMap(Open311Format.split)?.name
                    return Open311Format.json.notAllowed("\(method)", allowed: postable && name == "requests" ? "GET, POST" : "GET")
                }
            }
        }
        try await HTTPServing.run(router, host: host, port: port, serverName: "whistle-intake-open311", announce: address, logger: logger)
    }

    /// Splits the file's format off and answers, with the specification's error body when the answer is one.
    private func answer(_ file: String, _ body: (String, Open311Format) throws -> Response) -> Response {
        guard let (name, format) = Open311Format.split(file) else {
            return Open311Format.json.failure(Open311.Error(code: 404, description: "'\(file.prefix(60))' is not .json or .xml"))
        }
        do {
            return try body(name, format)
        } catch let error as Open311.Error {
            return format.failure(error)
        } catch {
            return format.failure(unavailable(error))
        }
    }

    /// Where clients reach Open311 (discovery's endpoint `url`): the configured public URL, else this server's
    /// bound address (the advertised host in place of a wildcard).
    var publicURL: String {
        if !configuredURL.isEmpty { return configuredURL.hasSuffix("/") ? String(configuredURL.dropLast()) : configuredURL }
        var bound = (try? address.currentValue?.get()) ?? "http://\(host):\(port)"
        for wildcard in ["://0.0.0.0:", "://[::]:"] { bound = bound.replacingOccurrences(of: wildcard, with: "://\(advertise):") }
        return "\(bound)/\(Self.base)"
    }

    func notFound(_ file: String) -> Open311.Error {
        Open311Desk.notFound("no Open311 resource '\(file.prefix(60))': see \(Self.base)/discovery.json")
    }
}
