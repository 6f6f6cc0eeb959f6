import ArgumentParser
import AsyncHTTPClient
import NIOFoundationCompat
import NIOCore
import NIOHTTP1
import Foundation

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show the health of every service of the suite started by `whistle up`.",
        discussion: "Example: whistle status     (exit status 1 when any service is down; with --buses 2, or WHISTLE_BUSES=2, each bus has its line)")

    @OptionGroup var suite: SuiteAddresses

    func run() async throws {
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
}
