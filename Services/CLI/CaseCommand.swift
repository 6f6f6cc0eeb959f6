import ArgumentParser
import AsyncHTTPClient
import Contracts
import Envelope
import Foundation
import NIOCore
import NIOHTTP1
import NIOFoundationCompat

struct CaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "case", abstract: "Show a case as dispatch knows it: status, tasks, and every step of its history.",
        discussion: "Example: whistle case intake-1-1     (JSON: docs/schemas/messages/case-view.json)")

    @OptionGroup var suite: SuiteAddresses
    @Argument(help: "Case id, as intake answered it.") var id: String

    func run() async throws {
        let url = "http://\(suite.http("dispatch"))/cases/\(id.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? id)"
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(5))
        let body = Data(buffer: try await response.body.collect(upTo: 1 << 20))
        guard response.status.code == 200 else {
            throw ValidationError("no case '\(id)' at dispatch (HTTP \(response.status.code))")
        }
        let view = try JSONValueDecoder().decode(CaseView.self, from: JSONValue.parse(body))
        print(String(decoding: try JSONValueEncoder().encode(view).jsonData(pretty: true), as: UTF8.self), terminator: "")
    }
}
