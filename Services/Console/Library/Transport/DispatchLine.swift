import Contracts
import Envelope
import Foundation
import Messaging
import ServiceLifecycle
import ZeroMQ

/// The console's connection to dispatch's command endpoint, kept open, with the console's own key (which acts for
/// the staff it signs in); closed when the service stops.
final class DispatchLine: Service, Sendable {
    private let connection: ReplyConnection

    init(address: String, server: String, context: ZMQContext, security: SocketSecurity) {
        connection = ReplyConnection(address, context: context, security: security, server: server)
    }

    /// Sends a staff or a department command; dispatch's reply, after its commit.
    func send(_ command: some CommandContract) async throws -> CommandReply {
        let bytes = try await connection.ask([try JSONValueEncoder().encode(command).jsonData()])
        return try JSONValueDecoder().decode(CommandReply.self, from: JSONValue.parse(bytes))
    }

    func run() async throws {
        try? await gracefulShutdown()
        await connection.close()
    }
}
