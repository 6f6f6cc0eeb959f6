import ArgumentParser
import Logging
import ServiceKit
import WhistleBus
import ZeroMQ

@main
struct WhistleBusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "whistle-bus", abstract: "The XSUB/XPUB proxy every Whistle service connects to.",
        discussion: "Example: WHISTLE_BUS__PUBLISH=tcp://127.0.0.1:7100 WHISTLE_BUS__SUBSCRIBE=tcp://127.0.0.1:7101 whistle-bus")

    @Option(help: "YAML configuration file; WHISTLE_* environment variables override it.") var config: String?

    func run() async throws {
        let settings = try ConfigurationLoader().load(BusConfiguration.self, file: config)
        let logger = ServiceRunner.bootstrapLogging(label: "whistle-bus", level: Logger.Level(rawValue: settings.logLevel) ?? .info)
        let bus = Bus(configuration: settings, context: try ZMQContext(), logger: logger)
        let operations = try OperationsServer(service: "bus", listen: settings.http, logger: logger)
        try await ServiceRunner.run([bus, operations, ReadinessAnnouncer(bus: bus, operations: operations)], logger: logger)
    }
}
