import ServiceKit
import WhistleBus

@main
enum WhistleBusMain {
    static func main() async { await ServiceMain.run(BusService.self) }
}
