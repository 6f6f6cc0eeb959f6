import ServiceKit
import WhistleMediation

@main
enum WhistleMediationMain: ServiceEntry {
    typealias Service = MediationService
    static let about = ServiceAbout(
        "whistle-mediation",
        "Opens disputes with the right mediator (mediation.opened.*); mediators conclude them (mediation.concluded.*).",
        example: "WHISTLE_MEDIATION__COMMANDS=tcp://127.0.0.1:7301 WHISTLE_NAME=mediation-1 WHISTLE_DATA_DIRECTORY=data/mediation whistle-mediation")
}
