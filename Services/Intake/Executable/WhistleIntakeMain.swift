import ServiceKit
import WhistleIntake

@main
enum WhistleIntakeMain {
    static func main() async { await ServiceMain.run(IntakeService.self) }
}
