import ServiceKit
import WhistleBus

@main
enum WhistleBusMain: ServiceEntry {
    typealias Service = BusService
    static let about = ServiceAbout(
        "whistle-bus",
        "The XSUB/XPUB proxy every Whistle service connects to.",
        example: "WHISTLE_BUS__PUBLISH=tcp://127.0.0.1:7100 WHISTLE_BUS__SUBSCRIBE=tcp://127.0.0.1:7101 whistle-bus")
}
