public import Logging
public import Messaging
public import ServiceLifecycle
public import ZeroMQ
import CityModel
import Foundation
public import ServiceKit

/// Everything `whistle-dispatch` runs, built the same way by the executable and by tests: the case
/// consumer, the outbox relay, and the department command endpoint.
public struct DispatchServices: Sendable {
    public let store: DispatchStore
    public let relay: OutboxRelay
    public let consumer: InboxConsumer
    public let commands: ReplyServer
    public let operations: OperationsServer

    public init(configuration: DispatchConfiguration, context: ZMQContext, logger: Logger) throws {
        let city = try City.configured(configuration.city)
        let path = URL(fileURLWithPath: configuration.dataDirectory).appendingPathComponent("dispatch.sqlite").path
        let store = try DispatchStore(.file(path), producer: configuration.dispatch.producer, city: city,
                                      acknowledgeMinutes: configuration.acknowledgeMinutes ?? 30, logger: logger)
        self.store = store
        relay = OutboxRelay(
            outbox: store.outbox, database: store.database, context: context,
            configuration: RelayConfiguration(busPublish: configuration.bus.publish,
                                              replayBind: configuration.dispatch.replay ?? "tcp://127.0.0.1:*"),
            logger: logger)
        consumer = InboxConsumer(
            configuration: ConsumerConfiguration(name: configuration.dispatch.producer, busSubscribe: configuration.bus.subscribe,
                                                 prefixes: configuration.casePrefixes),
            database: store.database, context: context, logger: logger
        ) { db, event in try store.receive(db, event) }
        operations = try OperationsServer(service: "dispatch", listen: configuration.http, logger: logger,
                                          reads: ["cases": { id in try store.caseJSON(id) }])
        commands = ReplyServer(name: "dispatch-commands", context: context, bind: configuration.dispatch.commands,
                               maximumRequestSize: 64 * 1024, logger: logger) { request in
            DispatchServices.answer(request, store: store, logger: logger)
        }
    }

    public var all: [any Service] { [relay, consumer, commands, operations, Ready(services: self)] }

    static func answer(_ request: Data?, store: DispatchStore, logger: Logger) -> Data {
        let reply: CommandReply
        do {
            guard let request else { throw CommandError.malformed("a command is exactly one frame of JSON") }
            let command: DepartmentCommand
            do { command = try JSONDecoder().decode(DepartmentCommand.self, from: request) } catch {
                throw CommandError.malformed("expected {department, task, action: acknowledge|progress|complete|return}")
            }
            reply = try store.apply(command)
        } catch let error as CommandError {
            reply = CommandReply(status: "error", error: error.kind, message: error.message)
        } catch {
            logger.error("department command failed", metadata: ["error": "\(error)"])
            reply = CommandReply(status: "error", error: "unavailable", message: "the command could not be stored; try again")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? encoder.encode(reply)) ?? Data()
    }

    struct Ready: Service {
        let services: DispatchServices

        func run() async throws {
            if case .success(let commands) = await services.commands.endpoint.value,
               case .success(let replay) = await services.relay.replayEndpoint.value,
               case .success = await services.consumer.subscribed.value,
               case .success(let http) = await services.operations.address.value {
                ServiceRunner.announceReady("dispatch", ["commands": commands, "replay": replay, "http": http])
            }
            try? await gracefulShutdown()
        }
    }
}
