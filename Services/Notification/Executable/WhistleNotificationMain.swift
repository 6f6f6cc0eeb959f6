import ServiceKit
import WhistleNotification

@main
enum WhistleNotificationMain {
    static func main() async { await ServiceMain.run(NotificationService.self) }
}
