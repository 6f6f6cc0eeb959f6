import ArgumentParser
import Contracts
import Envelope
import Foundation

/// `whistle accounts`: the web console's named accounts, managed with the operator's key through the console's
/// accounts API (the console keeps them in its own store; nothing here opens it).
struct AccountsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accounts",
        abstract: "The web console's named accounts: add one (street, community or grid office, department, mediator, or read-only), list them, set a new password, disable or enable one.",
        discussion: """
            A person signs in to the console with their account's name and password and sees what the office, grid worker or
            department it acts as sees; their actions go to dispatch under that identity and the console's audit names the
            account. Passwords are 12–72 bytes, read from standard input (one line), and kept only as bcrypt hashes. Five wrong
            passwords in a row lock an account for 15 minutes; a new password or disabling it ends its sessions.
            Examples:
              echo 'zhongshan-2026-春' | whistle accounts add wangfang --display 王芳 --role community --acts-as co-c01
              echo 'centre-display-2026!' | whistle accounts add wall --display 指挥中心大屏 --role readonly
              whistle accounts list
              echo 'a-new-one-2026-冬' | whistle accounts password wangfang
              whistle accounts disable wangfang
            """,
        subcommands: [Add.self, List.self, Password.self, Disable.self, Enable.self])

    /// Where the console is and the operator's key.
    struct Target: ParsableArguments {
        @OptionGroup var suite: SuiteAddresses
        @Option(help: "The web console's address (default: the suite's, http://127.0.0.1:<base+400>).") var console: String?

        func call(_ path: String, posting body: Data? = nil) async throws {
            let base = console ?? "http://" + suite.consoleWeb
            let (status, answer) = try await Requests.fetch(base + path, apiKey: try suite.apiKey(actingAs: "operator"), posting: body)
            guard status == 200 || status == 201 else { _ = try Requests.answer(status, answer, what: "accounts"); return }
            print(String(decoding: try JSONValue.parse(answer).jsonData(pretty: true), as: UTF8.self), terminator: "")
        }
    }

    static func escaped(_ name: String) -> String { name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? name }

    static func password() throws -> String {
        guard let line = readLine(strippingNewline: true), !line.isEmpty else {
            throw ValidationError("give the password on standard input, one line (echo '…' | whistle accounts …)")
        }
        return line
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add an account; the password is read from standard input.")
        @OptionGroup var target: Target
        @Argument(help: "The name they sign in with: 3–32 of a-z 0-9 . _ -") var name: String
        @Option(help: "Their name as colleagues know it, e.g. 王芳.") var display: String
        @Option(help: "street | community | grid | department | mediator | readonly") var role: String
        @Option(name: .customLong("acts-as"), help: "The office, grid worker, department or mediator they act as (co-c01, gw-g01, cg, med-c01); none for readonly.")
        var actsAs: String?

        func run() async throws {
            let request = ConsoleAccountRequest(name: name, display: display, role: role, actsAs: actsAs, password: try AccountsCommand.password())
            try await target.call("/accounts", posting: try JSONValueEncoder().encode(request).jsonData())
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every account: name, display name, role, whom it acts as, disabled or locked.")
        @OptionGroup var target: Target
        func run() async throws { try await target.call("/accounts") }
    }

    struct Password: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A new password (from standard input); lifts a lock and ends the account's sessions.")
        @OptionGroup var target: Target
        @Argument var name: String
        func run() async throws {
            let body = ConsoleAccountRequest(name: nil, display: nil, role: nil, actsAs: nil, password: try AccountsCommand.password())
            try await target.call("/accounts/\(AccountsCommand.escaped(name))/password", posting: try JSONValueEncoder().encode(body).jsonData())
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Keep an account from signing in; ends its sessions.")
        @OptionGroup var target: Target
        @Argument var name: String
        func run() async throws { try await target.call("/accounts/\(AccountsCommand.escaped(name))/disable", posting: Data("{}".utf8)) }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Let a disabled account sign in again.")
        @OptionGroup var target: Target
        @Argument var name: String
        func run() async throws { try await target.call("/accounts/\(AccountsCommand.escaped(name))/enable", posting: Data("{}".utf8)) }
    }
}
