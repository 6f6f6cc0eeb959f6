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

    /// The triage of an event that must be a report or an alarm (not a signal).
    func triage(_ event: CloudEvent) throws -> Triage {
        guard case .triaged(let triage) = try Triage.of(event, in: city, devices: DeviceRegistry(city.devices?.registry ?? [])) else {
            throw IngestFault.invalidReport(field: "", reason: "a signal, not a report")
        }
        return triage
    }

    @Test("location: coordinates by polygon first, then an address fragment, then a grid code")
    func location() throws {
        let byPoint = try triage(event("whistle.report.resident", ResidentReport(category: "ljdf", longitude: 106.6555, latitude: 35.531,
                                                                                     address: "柳湖社区1区", grid: "g12")))
        #expect(byPoint.location == GridLocation(street: "s01", community: "c01", grid: "g02"))
        let byAddress = try triage(event("whistle.report.resident", ResidentReport(category: "ljdf", address: "柳湖社区1区3号", grid: "g12")))
        #expect(byAddress.location.grid == "g07")
        let byGrid = try triage(event("whistle.report.grid-worker", ResidentReport(category: "ljdf", grid: "g12")))
        #expect(byGrid.location.grid == "g12" && byGrid.origin == .gridWorker)
        #expect(byGrid.description == "垃圾堆放", "no description: the category's name")
    }

    @Test("a sensor type means its category; a gate type is a gate")
    func deviceTypes() throws {
        let smoke = try triage(event("whistle.sensor.smoke", DeviceEvent(device: "yg-g05-0502")))
        #expect(smoke.category.code == "ygbj" && smoke.origin == .sensor && smoke.device == "yg-g05-0502")
        #expect(smoke.location.grid == "g05" && smoke.reading?.building == "新民社区2区5号楼", "a registered device needs no location")
        let gate = try triage(event("whistle.gate.forced-open", DeviceEvent(device: "mj-g01-0001", grid: "g09")))
        #expect(gate.category.code == "mjyc" && gate.origin == .gate && gate.location.grid == "g01", "the registry places it, not the event")
        let stranger = try triage(event("whistle.sensor.smoke", DeviceEvent(device: "s-1", grid: "g05")))
        #expect(stranger.reading?.unregistered == true && stranger.report(caseID: "x", source: SourceEvent(source: "/t", id: "1", type: "t")).unregistered == true,
                "the demo city accepts unregistered devices, flagged")
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
        #expect(throws: fault) { try Triage.of(event, in: city, devices: DeviceRegistry(city.devices?.registry ?? [])) }
    }
}
