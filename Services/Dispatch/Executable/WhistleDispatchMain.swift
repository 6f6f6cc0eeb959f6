import ServiceKit
import WhistleDispatch

@main
enum WhistleDispatchMain {
    static func main() async { await ServiceMain.run(DispatchService.self) }
}
