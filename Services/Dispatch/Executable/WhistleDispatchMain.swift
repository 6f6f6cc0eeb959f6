import ArgumentParser
import Logging
import ServiceKit
import ServiceLifecycle
import WhistleDispatch
import ZeroMQ

@main
struct WhistleDispatchCommand: ServiceExecutable {
    static let label = "whistle-dispatch"
    static let configuration = CommandConfiguration(
        commandName: label, abstract: "Routes cases to departments (task.<dept>.*) and takes their commands.",
        discussion: "Example: whistle-dispatch --config whistle.yaml   (or WHISTLE_BUS__PUBLISH=… WHISTLE_DISPATCH__COMMANDS=tcp://127.0.0.1:7300 WHISTLE_DISPATCH__PRODUCER=dispatch-1 WHISTLE_DATA_DIRECTORY=data/dispatch)")

    @Option(help: "YAML configuration file; WHISTLE_* environment variables override it.") var config: String?

    static func logLevel(of settings: DispatchConfiguration) -> String? { settings.logLevel }

    func services(_ settings: DispatchConfiguration, context: ZMQContext, logger: Logger) throws -> [any Service] {
        try DispatchServices(configuration: settings, context: context, logger: logger).all
    }
}
