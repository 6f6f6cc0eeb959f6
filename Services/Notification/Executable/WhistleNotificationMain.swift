import ArgumentParser
import Logging
import ServiceKit
import ServiceLifecycle
import WhistleNotification
import ZeroMQ

@main
struct WhistleNotificationCommand: ServiceExecutable {
    static let label = "whistle-notification"
    static let configuration = CommandConfiguration(
        commandName: label, abstract: "Tells residents what happens to their cases (webhook with retries, in-app inbox).",
        discussion: "Example: whistle-notification --config whistle.yaml   (or WHISTLE_BUS__SUBSCRIBE=… WHISTLE_NOTIFICATION__NAME=notification-1 WHISTLE_DATA_DIRECTORY=data/notification WHISTLE_RESIDENT_WEBHOOKS='{r-001: http://127.0.0.1:9999/hooks/r-001}')")

    @Option(help: "YAML configuration file; WHISTLE_* environment variables override it.") var config: String?

    static func logLevel(of settings: NotificationConfiguration) -> String? { settings.logLevel }

    func services(_ settings: NotificationConfiguration, context: ZMQContext, logger: Logger) throws -> [any Service] {
        try NotificationServices(configuration: settings, context: context, logger: logger).all
    }
}
