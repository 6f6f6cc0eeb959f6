import AsyncHTTPClient
import Foundation
import Logging
import Messaging
import NIOCore
import NIOHTTP1
import ServiceKit
import ServiceLifecycle
import Timekeeping
import WhistleConsole
import ZeroMQ

extension ConsoleBench {
    /// A console on `buses`, its store in `directory`, plaintext, in a service group of its own: the service, the group,
    /// the group's task and the web console's address once it is up.
    static func start(buses: [BusAddresses], directory: String, city: String?, context: ZMQContext) async throws
        -> (ConsoleService, ServiceGroup, Task<Void, any Error>, String) {
        var options = ConsoleOptions()
        options.web = "127.0.0.1:0"
        let logger = Logger(label: "bench-console")
        let settings = ServiceSettings(buses: buses, name: "console-1", dataDirectory: directory, city: city, options: options)
        let console = try ConsoleService(settings: settings, environment: ServiceEnvironment(context: context, logger: logger))
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(services: console.assembled.services.map { .init(service: $0) }, logger: logger))
        let running = Task { try await group.run() }
        let addresses = try await console.assembled.ready.value.get()
        return (console, group, running, try addresses["web"].orThrow("no web address"))
    }

    /// Signs in as the operator (without keys, by name) as a browser does: the form's token and its cookie, then the
    /// session's cookie.
    static func signIn(_ base: String) async throws -> String {
        // A browser's sign-in ends in a redirect whose Set-Cookie is the session: not followed here.
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: HTTPClient.Configuration(redirectConfiguration: .disallow))
        defer { _ = client.shutdown() }
        let form = try await client.execute(HTTPClientRequest(url: base + "/signin"), timeout: .seconds(10))
        let page = String(buffer: try await form.body.collect(upTo: 1 << 20))
        guard let token = page.firstMatch(of: /name="csrf" value="([0-9a-f]+)"/)?.1,
              let paired = form.headers["set-cookie"].first?.split(separator: ";").first else { throw BenchFailure("no sign-in form") }
        var post = HTTPClientRequest(url: base + "/signin")
        post.method = .POST
        post.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        post.headers.add(name: "Cookie", value: String(paired))
        post.body = .bytes(ByteBuffer(string: "csrf=\(token)&identity=operator"))
        let signed = try await client.execute(post, timeout: .seconds(10))
        guard let session = signed.headers["set-cookie"].first(where: { $0.hasPrefix("whistle_session=") })?.split(separator: ";").first else {
            throw BenchFailure("not signed in: HTTP \(signed.status.code)")
        }
        return String(session)
    }

    /// `requests` GETs of `url`, one after another: each one's time from sending to the last byte.
    static func time(_ url: String, cookie: String, requests: Int) async throws -> Measurement {
        var latencies: [Double] = []
        let start = nowMicroseconds()
        for _ in 0..<requests {
            var request = HTTPClientRequest(url: url)
            request.headers.add(name: "Cookie", value: cookie)
            let sent = nowMicroseconds()
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
            let body = try await response.body.collect(upTo: 64 << 20)
            guard response.status == .ok, body.readableBytes > 0 else { throw BenchFailure("\(url): HTTP \(response.status.code)") }
            latencies.append(nowMicroseconds() - sent)
        }
        return Measurement(events: requests, seconds: (nowMicroseconds() - start) / 1e6, latenciesMicroseconds: latencies)
    }
}
