import ArgumentParser
import AsyncHTTPClient
import NIOFoundationCompat
import NIOCore
import NIOHTTP1
import Foundation

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show the health of every service of the suite started by `whistle up`.",
        discussion: """
            Examples:
              whistle status                  # exit status 1 when any service is down; with --buses 2 (or WHISTLE_BUSES=2) each bus has its line
              whistle status --partitions     # every instance that owns streets, as its heartbeats say: its streets, epoch, addresses and health
            """)

    @OptionGroup var suite: SuiteAddresses
    @Flag(help: "List the instances that own streets (dispatch and mediation partitions), found through the buses, instead of the fixed ports.")
    var partitions = false

    func run() async throws {
        if partitions { return try await listPartitions() }
        var down = 0
        for service in suite.services {
            let url = "http://\(suite.http(service))/health"
            var state = "down"
            do {
                let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(2))
                let body = try await response.body.collect(upTo: 4096)
                let health = try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any]
                state = response.status.code == 200 ? (health?["status"] as? String ?? "?") : "HTTP \(response.status.code)"
            } catch {
                state = "down"
            }
            if state != "ok" { down += 1 }
            print("\(service.padding(toLength: 14, withPad: " ", startingAt: 0)) \(state.padding(toLength: 6, withPad: " ", startingAt: 0)) \(url)")
        }
        if down > 0 { throw ExitCode.failure }
    }

    /// One line per instance that owns streets: name, streets, epoch, health, command and HTTP addresses; fails
    /// when none is heard or one is not healthy.
    func listPartitions() async throws {
        let heard = try await Partitions.discover(nil, buses: suite.busSubscribe, security: try suite.security(actingAs: "operator"))
        guard !heard.instances.isEmpty else { throw Requests.CommandFailure("no instance that owns streets beats on \(suite.busSubscribe.joined(separator: ", "))") }
        var down = 0
        for instance in heard.instances {
            var state = "?"
            if let http = instance.http {
                state = (try? await Requests.fetch(http + "/health", apiKey: nil)).map { $0.0 == 200 ? "ok" : "HTTP \($0.0)" } ?? "down"
            }
            if state != "ok" { down += 1 }
            print([instance.name.padding(toLength: 16, withPad: " ", startingAt: 0), instance.claims.joined(separator: ",").padding(toLength: 24, withPad: " ", startingAt: 0),
                   "epoch \(instance.epoch)".padding(toLength: 9, withPad: " ", startingAt: 0), state.padding(toLength: 6, withPad: " ", startingAt: 0),
                   instance.commands ?? "-", instance.http ?? "-"].joined(separator: " "))
        }
        if down > 0 { throw ExitCode.failure }
    }
}
