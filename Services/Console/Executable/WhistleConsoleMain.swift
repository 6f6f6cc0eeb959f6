import ServiceKit
import WhistleConsole

@main
enum WhistleConsoleMain: ServiceEntry {
    typealias Service = ConsoleService
    static let about = ServiceAbout(
        "whistle-console",
        "The command centre's web console: the grid map, live cases and each case's ladder, for staff signed in with their keys.",
        example: "WHISTLE_NAME=console-1 WHISTLE_DATA_DIRECTORY=data/console WHISTLE_CONSOLE__WEB=127.0.0.1:7500 whistle-console")
}
