import ArgumentParser
import Logging
import ServiceKit
import WhistleMediation
import ZeroMQ

@main
struct WhistleMediationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "whistle-mediation", abstract: "Opens mediation cases for disputes; publishes mediation.opened.*",
        discussion: "Example: whistle-mediation --config whistle.yaml   (or WHISTLE_BUS__PUBLISH=… WHISTLE_BUS__SUBSCRIBE=… WHISTLE_MEDIATION__PRODUCER=mediation-1 WHISTLE_DATA_DIRECTORY=data/mediation)")

    @Option(help: "YAML configuration file; WHISTLE_* environment variables override it.") var config: String?

    func run() async throws {
        let settings = try ConfigurationLoader().load(MediationConfiguration.self, file: config)
        let logger = ServiceRunner.bootstrapLogging(label: "whistle-mediation", level: Logger.Level(rawValue: settings.logLevel ?? "info") ?? .info)
        let services = try MediationServices(configuration: settings, context: try ZMQContext(), logger: logger)
        try await ServiceRunner.run(services.all, logger: logger)
    }
}
