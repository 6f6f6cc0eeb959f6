import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

/// `whistle open311 …`: intake's Open311 GeoReport v2 server, as a city's app or hotline uses it.
struct Open311Command: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open311", abstract: "Use intake's Open311 GeoReport v2 server: list services, read a definition or a request, post one.",
        discussion: """
            The server is at http://127.0.0.1:<base+110>/open311/v2 (docs/open311.openapi.yaml). Posting needs an api_key:
            with keys on, an integrator's (the demo set's `hotline`, whose sources are /open311/hotline).
            Examples:
              whistle open311 services                      # the city's categories (JSON; --xml for XML)
              whistle open311 service gkpw                  # what a report of 高空抛物 must answer
              whistle open311 post --service gkpw --lat 35.5315 --long 106.652 --attribute injured=no --description "7楼往下扔花盆"
              whistle open311 request intake-1-1            # its public status: open/closed, notes, agency, expected time
              whistle open311 requests --status open --service ljdf
            """,
        subcommands: [Services.self, Service.self, Post.self, Request.self, RequestList.self])

    struct Server: ParsableArguments {
        @OptionGroup var suite: SuiteAddresses
        @Flag(help: "Ask for XML instead of JSON.") var xml = false

        func url(_ path: String) -> String { "http://\(suite.open311)/open311/v2/\(path).\(xml ? "xml" : "json")" }

        func show(_ path: String, what: String) async throws {
            print(String(decoding: try await Requests.get(url(path), what: what), as: UTF8.self))
        }
    }

    struct Services: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the services (the city's categories).")
        @OptionGroup var server: Server
        func run() async throws { try await server.show("services", what: "services") }
    }

    struct Service: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a service's definition: the attributes a report answers.")
        @OptionGroup var server: Server
        @Argument(help: "Service code (a category: gkpw, ljdf …).") var code: String
        func run() async throws { try await server.show("services/\(Self.escaped(code))", what: "service '\(code)'") }
    }

    struct Request: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one request's public status.")
        @OptionGroup var server: Server
        @Argument(help: "The service_request_id (a case id).") var id: String
        func run() async throws { try await server.show("requests/\(Self.escaped(id))", what: "request '\(id)'") }
    }

    struct RequestList: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "requests", abstract: "List requests (newest first, the last 90 days).")
        @OptionGroup var server: Server
        @Option(help: "open or closed.") var status: String?
        @Option(help: "Service codes, comma-separated.") var service: String?
        func run() async throws {
            let query = [("status", status), ("service_code", service)].compactMap { name, value in value.map { "\(name)=\($0)" } }
            let url = server.url("requests") + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
            print(String(decoding: try await Requests.get(url, what: "requests"), as: UTF8.self))
        }
    }

    struct Post: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Post a request (form-encoded, as the specification says); prints the case id and token.")
        @OptionGroup var server: Server
        @Option(help: "Service code (category).") var service: String
        @Option(help: "Latitude (WGS84).") var lat: Double?
        @Option(help: "Longitude (WGS84).") var long: Double?
        @Option(help: "An address inside the city (instead of lat/long).") var address: String?
        @Option(help: "What happened.") var description: String?
        @Option(help: "An attribute answer, code=value (repeat for several).") var attribute: [String] = []
        @Option(help: "The reporter's phone (kept by intake only).") var phone: String?
        @Option(help: "The API key (default: the keys folder's key of --as, else 'hotline').") var apiKey: String?

        func run() async throws {
            guard let key = try apiKey ?? server.suite.apiKey(actingAs: "hotline") else {
                throw Requests.CommandFailure("no api_key: give --api-key, or run with a keys folder (`whistle up` makes data/keys)")
            }
            var fields = [("api_key", key), ("service_code", service)]
            fields += [("lat", lat.map { "\($0)" }), ("long", long.map { "\($0)" }), ("address_string", address), ("description", description),
                       ("phone", phone)].compactMap { name, value in value.map { (name, $0) } }
            for answer in attribute {
                guard let equals = answer.firstIndex(of: "=") else { throw ValidationError("--attribute takes code=value, not '\(answer)'") }
                fields.append(("attribute[\(answer[..<equals])]", String(answer[answer.index(after: equals)...])))
            }
            let form = fields.map { "\(Self.formEscaped($0))=\(Self.formEscaped($1))" }.joined(separator: "&")
            var request = HTTPClientRequest(url: server.url("requests"))
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            request.body = .bytes(ByteBuffer(string: form))
            let response: HTTPClientResponse
            do {
                response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
            } catch {
                throw Requests.CommandFailure("\(server.url("requests")): \(error) — is the suite running (`whistle up`)?")
            }
            print(String(decoding: Data(buffer: try await response.body.collect(upTo: 1 << 20)), as: UTF8.self))
            guard response.status.code == 201 else { throw ExitCode.failure }
        }

        static func formEscaped(_ text: String) -> String {
            text.addingPercentEncoding(withAllowedCharacters: CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? text
        }
    }
}

extension ParsableCommand {
    static func escaped(_ segment: String) -> String {
        segment.addingPercentEncoding(withAllowedCharacters: CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_"))) ?? segment
    }
}
