import ArgumentParser
import Logging
import ServiceKit
import ServiceLifecycle
import WhistleIntake
import ZeroMQ

@main
struct WhistleIntakeCommand: ServiceExecutable {
    static let label = "whistle-intake"
    static let configuration = CommandConfiguration(
        commandName: label, abstract: "Acknowledged ingest of reports and sensor events; publishes case.reported.*",
        discussion: "Example: whistle-intake --config whistle.yaml   (or WHISTLE_BUS__PUBLISH=… WHISTLE_INTAKE__INGEST=… WHISTLE_INTAKE__PRODUCER=intake-1 WHISTLE_DATA_DIRECTORY=data/intake)")

    @Option(help: "YAML configuration file; WHISTLE_* environment variables override it.") var config: String?

    static func logLevel(of settings: IntakeConfiguration) -> String? { settings.logLevel }

    func services(_ settings: IntakeConfiguration, context: ZMQContext, logger: Logger) throws -> [any Service] {
        try IntakeServices(configuration: settings, context: context, logger: logger).all
    }
}
