import ServiceKit
import WhistleIntake

@main
enum WhistleIntakeMain: ServiceEntry {
    typealias Service = IntakeService
    static let about = ServiceAbout(
        "whistle-intake",
        "Acknowledged ingest of reports and sensor events; publishes case.reported.*",
        example: "WHISTLE_INTAKE__INGEST=tcp://127.0.0.1:7200 WHISTLE_NAME=intake-1 WHISTLE_DATA_DIRECTORY=data/intake whistle-intake")
}
