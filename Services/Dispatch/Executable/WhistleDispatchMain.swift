import ServiceKit
import WhistleDispatch

@main
enum WhistleDispatchMain: ServiceEntry {
    typealias Service = DispatchService
    static let about = ServiceAbout(
        "whistle-dispatch",
        "Routes cases to departments on task.<department>.*; owns every case's status; department commands.",
        example: "WHISTLE_DISPATCH__COMMANDS=tcp://127.0.0.1:7300 WHISTLE_NAME=dispatch-1 WHISTLE_DATA_DIRECTORY=data/dispatch whistle-dispatch")
}
