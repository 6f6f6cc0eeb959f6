import ArgumentParser
import Logging
import ServiceKit
import WhistleNotification
import ZeroMQ

@main
struct WhistleNotificationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "whistle-notification", abstract: "Tells residents what happens to their cases (webhook with retries, in-app inbox).",
        discussion: "Example: whistle-notification --config whistle.yaml   (or WHISTLE_BUS__SUBSCRIBE=… WHISTLE_NOTIFICATION__NAME=notification-1 WHISTLE_DATA_DIRECTORY=data/notification WHISTLE_RESIDENT_WEBHOOKS='{r-001: http://127.0.0.1:9999/hooks/r-001}')")

    @Option(help: "YAML configuration file; WHISTLE_* environment variables override it.") var config: String?

    func run() async throws {
        let settings = try ConfigurationLoader().load(NotificationConfiguration.self, file: config)
        let logger = ServiceRunner.bootstrapLogging(label: "whistle-notification", level: Logger.Level(rawValue: settings.logLevel ?? "info") ?? .info)
        let services = try NotificationServices(configuration: settings, context: try ZMQContext(), logger: logger)
        try await ServiceRunner.run(services.all, logger: logger)
    }
}
