import ArgumentParser
import Logging
import ServiceKit
import WhistleIntake
import ZeroMQ

@main
struct WhistleIntakeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "whistle-intake", abstract: "Acknowledged ingest of reports and sensor events; publishes case.reported.*",
        discussion: "Example: whistle-intake --config whistle.yaml   (or WHISTLE_BUS__PUBLISH=… WHISTLE_INTAKE__INGEST=… WHISTLE_INTAKE__PRODUCER=intake-1 WHISTLE_DATA_DIRECTORY=data/intake)")

    @Option(help: "YAML configuration file; WHISTLE_* environment variables override it.") var config: String?

    func run() async throws {
        let settings = try ConfigurationLoader().load(IntakeConfiguration.self, file: config)
        let logger = ServiceRunner.bootstrapLogging(label: "whistle-intake", level: Logger.Level(rawValue: settings.logLevel ?? "info") ?? .info)
        let services = try IntakeServices(configuration: settings, context: try ZMQContext(), logger: logger)
        try await ServiceRunner.run(services.all, logger: logger)
    }
}
