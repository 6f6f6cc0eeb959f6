import CityModel
import Contracts
import Foundation
import HTTPTypes
import Hummingbird
import WhistleConsoleDomain

/// `GET /devices`: the open cases of the viewer's area that a device raised (from the console's board), and intake's
/// registry of the area's devices (`GET /devices?area=…` with the console's key) — live, as the board changes.
extension ConsoleServer {
    func devicesPage(_ viewer: Viewer, frame: ConsolePages.Frame, fragment: Bool) async throws -> Rendered {
        let area: String?
        switch viewer.evaluationReach {
        case .refused:
            return (.forbidden, pages.document("problem", ["heading": ConsoleLabels.table(frame.language)["refused"]!,
                                                           "message": "'\(viewer.identity)' has no area's devices to watch"],
                                               frame: frame, live: false, fragmentOnly: fragment))
        case .city: area = nil
        case .area(let code): area = code
        }
        let cases = try store.deviceCases(for: viewer, limit: options.listLimit)
        var (registry, unanswered): (DeviceList?, String?) = (nil, nil)
        do {
            registry = try await reads.intake.read(DeviceList.self, "/devices" + (area.map { "?area=" + ReadLine.segment($0) } ?? ""))
        } catch {
            unanswered = error.message
        }
        return (.ok, pages.document("devices", pages.devicesContext(cases, registry: registry, unanswered: unanswered, language: frame.language),
                                    frame: frame, live: true, fragmentOnly: fragment))
    }
}
