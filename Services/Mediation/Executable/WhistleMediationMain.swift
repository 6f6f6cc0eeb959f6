import ServiceKit
import WhistleMediation

@main
enum WhistleMediationMain {
    static func main() async { await ServiceMain.run(MediationService.self) }
}
