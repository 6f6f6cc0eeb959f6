import ArgumentParser
import Logging
import ServiceKit
import ServiceLifecycle
import WhistleBus
import ZeroMQ

@main
struct WhistleBusCommand: ServiceExecutable {
    static let label = "whistle-bus"
    static let configuration = CommandConfiguration(
        commandName: label, abstract: "The XSUB/XPUB proxy every Whistle service connects to.",
        discussion: "Example: WHISTLE_BUS__PUBLISH=tcp://127.0.0.1:7100 WHISTLE_BUS__SUBSCRIBE=tcp://127.0.0.1:7101 whistle-bus")

    @Option(help: "YAML configuration file; WHISTLE_* environment variables override it.") var config: String?

    static func logLevel(of settings: BusConfiguration) -> String? { settings.logLevel }

    func services(_ settings: BusConfiguration, context: ZMQContext, logger: Logger) throws -> [any Service] {
        let bus = Bus(configuration: settings, context: context, logger: logger)
        let operations = try OperationsServer(service: "bus", listen: settings.http, logger: logger)
        return [bus, operations, ReadinessAnnouncer(bus: bus, operations: operations)]
    }
}
