import CityModel
import Contracts
import Envelope
import Foundation
import Messaging
import Logging
import StoreKit
import Testing
import Timekeeping
@testable import WhistleIntake

@Suite("Intake's decisions, on a manual clock and an in-memory store")
struct IntakeDomainTests {
    let city = try! City.demo()

    func event(_ type: String, _ data: some Encodable, id: String = UUID().uuidString) throws -> CloudEvent {
        CloudEvent(id: id, source: "/t", type: type, data: try JSONValueEncoder().encode(data))
    }

    @Test("location: coordinates by polygon first, then an address fragment, then a grid code")
    func location() throws {
        let byPoint = try Triage.of(event("whistle.report.resident", ResidentReport(category: "ljdf", longitude: 106.6555, latitude: 35.531,
                                                                                     address: "柳湖社区1区", grid: "g12")), in: city)
        #expect(byPoint.location == GridLocation(street: "s01", community: "c01", grid: "g02"))
        let byAddress = try Triage.of(event("whistle.report.resident", ResidentReport(category: "ljdf", address: "柳湖社区1区3号", grid: "g12")), in: city)
        #expect(byAddress.location.grid == "g07")
        let byGrid = try Triage.of(event("whistle.report.grid-worker", ResidentReport(category: "ljdf", grid: "g12")), in: city)
        #expect(byGrid.location.grid == "g12" && byGrid.origin == .gridWorker)
        #expect(byGrid.description == "垃圾堆放", "no description: the category's name")
    }

    @Test("a sensor type means its category; a gate type is a gate")
    func deviceTypes() throws {
        let smoke = try Triage.of(event("whistle.sensor.smoke", DeviceEvent(device: "s-1", grid: "g05")), in: city)
        #expect(smoke.category.code == "ygbj" && smoke.origin == .sensor && smoke.device == "s-1")
        let gate = try Triage.of(event("whistle.gate.forced-open", DeviceEvent(device: "gate-3", grid: "g02")), in: city)
        #expect(gate.category.code == "mjyc" && gate.origin == .gate)
    }

    @Test("faults name the field and what is wrong", arguments: [
        (#"{"category":"ljdf","grid":7}"#, IngestFault.invalidReport(field: "grid", reason: "expected a string, found a number")),
        (#"{"grid":"g01"}"#, .invalidReport(field: "category", reason: "is required")),
        (#"{"category":"ljdf","latitude":35.5}"#, .invalidReport(field: "longitude", reason: "must come with its pair")),
        (#"{"category":"nope","grid":"g01"}"#, .unknownCategory("nope")),
        (#"{"category":"ljdf","grid":"g99"}"#, .unlocatable),
    ])
    func faults(data: String, fault: IngestFault) throws {
        let event = CloudEvent(id: "x", source: "/t", type: "whistle.report.resident", data: try JSONValue.parse(Data(data.utf8)))
        #expect(throws: fault) { try Triage.of(event, in: city) }
    }

    @Test("a repeated alarm joins its case only within the window counted from the case's opening")
    func alarmWindow() throws {
        let clock = ManualClock()
        let store = try IntakeStore(.inMemory, name: "intake-1", logger: Logger(label: "test"))
        func alarm(_ id: String) throws -> IngestReply {
            let event = try event("whistle.sensor.smoke", DeviceEvent(device: "s-9", grid: "g05"), id: id)
            let reply = try store.accept(event, payload: try event.encoded(), triage: try Triage.of(event, in: city), alarmWindow: 600,
                                         now: clock.now())
            return try JSONValueDecoder().decode(IngestReply.self, from: JSONValue.parse(reply))
        }
        let first = try alarm("a")
        clock.advance(by: 599)
        let second = try alarm("b")
        #expect(second.joined == true && second.caseID == first.caseID)
        clock.advance(by: 2)
        let third = try alarm("c")
        #expect(third.joined == false && third.caseID != first.caseID, "601 s after the case opened: a new case")
        #expect(try store.caseCount() == 2)
        #expect(try alarm("b") == second, "the same event again: the same answer, nothing new")
        #expect(try store.caseCount() == 2)
    }

    @Test("without a device or with no window, every event opens its own case")
    func noJoining() throws {
        let triage = try Triage.of(event("whistle.report.resident", ResidentReport(category: "ljdf", grid: "g01")), in: city)
        let earlier = IntakeDesk.EarlierAlarm(caseID: "intake-1-1", openedAt: Date(timeIntervalSince1970: 0))
        #expect(IntakeDesk.decide(triage, earlier: earlier, alarmWindow: 600, now: Date(timeIntervalSince1970: 1)) == .openCase)
        var device = triage
        device.device = "d-1"
        #expect(IntakeDesk.decide(device, earlier: earlier, alarmWindow: 0, now: Date(timeIntervalSince1970: 1)) == .openCase)
        #expect(IntakeDesk.decide(device, earlier: earlier, alarmWindow: 600, now: Date(timeIntervalSince1970: 1)) == .join(caseID: "intake-1-1"))
    }
}
