import ArgumentParser
import Logging
import ServiceKit
import ServiceLifecycle
import WhistleMediation
import ZeroMQ

@main
struct WhistleMediationCommand: ServiceExecutable {
    static let label = "whistle-mediation"
    static let configuration = CommandConfiguration(
        commandName: label, abstract: "Opens mediation cases for disputes; publishes mediation.opened.*",
        discussion: "Example: whistle-mediation --config whistle.yaml   (or WHISTLE_BUS__PUBLISH=… WHISTLE_BUS__SUBSCRIBE=… WHISTLE_MEDIATION__PRODUCER=mediation-1 WHISTLE_DATA_DIRECTORY=data/mediation)")

    @Option(help: "YAML configuration file; WHISTLE_* environment variables override it.") var config: String?

    static func logLevel(of settings: MediationConfiguration) -> String? { settings.logLevel }

    func services(_ settings: MediationConfiguration, context: ZMQContext, logger: Logger) throws -> [any Service] {
        try MediationServices(configuration: settings, context: context, logger: logger).all
    }
}
