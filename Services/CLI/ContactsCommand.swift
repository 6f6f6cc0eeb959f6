import ArgumentParser
import Foundation

struct ContactsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contacts", abstract: "As a case's lead department, read its reporters' phone and e-mail (unmasked; everyone else sees 138****5678).",
        discussion: """
            Example: whistle contacts intake-1-7 --department xf
            JSON: docs/schemas/messages/reporter-contacts.json. With keys, only the lead department's key is answered (403 otherwise).
            """)

    @OptionGroup var suite: SuiteAddresses
    @Argument(help: "Case id.") var id: String
    @Option(help: "The department acting (its key is used).") var department: String

    func run() async throws {
        let url = "http://\(suite.http("intake"))/contacts/\(id.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? id)"
        let body = try await Requests.get(url, what: "case '\(id)'", apiKey: try suite.apiKey(actingAs: department))
        print(String(decoding: body, as: UTF8.self))
    }
}
