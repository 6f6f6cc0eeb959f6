import ServiceKit
import WhistleNotification

@main
enum WhistleNotificationMain: ServiceEntry {
    typealias Service = NotificationService
    static let about = ServiceAbout(
        "whistle-notification",
        "Tells residents what happens to their cases: in-app inbox and webhooks with retries.",
        example: "WHISTLE_NAME=notification-1 WHISTLE_DATA_DIRECTORY=data/notification WHISTLE_NOTIFICATION__WEBHOOKS='{r-001: http://127.0.0.1:9999/hooks/r-001}' whistle-notification")
}
