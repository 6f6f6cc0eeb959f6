import ArgumentParser
import Logging
import ServiceKit
import WhistleDispatch
import ZeroMQ

@main
struct WhistleDispatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "whistle-dispatch", abstract: "Routes cases to departments (task.<dept>.*) and takes their commands.",
        discussion: "Example: whistle-dispatch --config whistle.yaml   (or WHISTLE_BUS__PUBLISH=… WHISTLE_DISPATCH__COMMANDS=tcp://127.0.0.1:7300 WHISTLE_DISPATCH__PRODUCER=dispatch-1 WHISTLE_DATA_DIRECTORY=data/dispatch)")

    @Option(help: "YAML configuration file; WHISTLE_* environment variables override it.") var config: String?

    func run() async throws {
        let settings = try ConfigurationLoader().load(DispatchConfiguration.self, file: config)
        let logger = ServiceRunner.bootstrapLogging(label: "whistle-dispatch", level: Logger.Level(rawValue: settings.logLevel ?? "info") ?? .info)
        let services = try DispatchServices(configuration: settings, context: try ZMQContext(), logger: logger)
        try await ServiceRunner.run(services.all, logger: logger)
    }
}
