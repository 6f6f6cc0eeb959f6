import CityModel
import Contracts
import Envelope
import Foundation
import Logging
import Messaging
import StoreKit
import Testing
import Timekeeping
@testable import WhistleIntake

/// Residents' reports on a manual clock: duplicates near an open case, masked contact, patrol reports,
/// and the device registry's commands.
@Suite("Residents' reports and the device registry: intake's rules, on a manual clock")
struct ReportRulesTests {
    let city = try! City.demo()

    func desk() throws -> DeviceRulesTests.Desk {
        try DeviceRulesTests.Desk(city: city, store: try IntakeStore(.inMemory, name: "intake-1", logger: Logger(label: "t")))
    }

    func report(_ desk: DeviceRulesTests.Desk, longitude: Double, latitude: Double, category: String = "ljdf", insist: Bool? = nil,
                phone: String? = nil) throws -> IngestReply {
        try desk.send(ResidentReport.eventTypes[0], ResidentReport(category: category, longitude: longitude, latitude: latitude,
                                                                    reporter: "r-001", phone: phone, insist: insist), source: "/apps/r")
    }

    @Test("a report of the same category within 50 m and 24 h of an open case is linked to it, unless the reporter insists")
    func duplicates() throws {
        let desk = try desk()
        let first = try report(desk, longitude: 106.6520, latitude: 35.5315)
        desk.clock.advance(by: 3600)
        // 0.00033° of longitude at 35.53° N ≈ 30 m.
        let near = try report(desk, longitude: 106.65233, latitude: 35.5315)
        #expect(near.outcome == .linked && near.caseID == first.caseID, "30 m away: the reply names the existing case")
        let far = try report(desk, longitude: 106.6530, latitude: 35.5315)
        #expect(far.outcome == .opened && far.caseID != first.caseID, "about 90 m away: its own case")
        let insisting = try report(desk, longitude: 106.65233, latitude: 35.5315, insist: true)
        #expect(insisting.outcome == .opened, "the reporter says it is another problem")
        let otherCategory = try report(desk, longitude: 106.65233, latitude: 35.5315, category: "zdjy")
        #expect(otherCategory.outcome == .opened)
        desk.clock.advance(by: 24 * 3600 + 1)
        let later = try report(desk, longitude: 106.65234, latitude: 35.5315)
        #expect(later.outcome == .opened, "every case near it is over 24 h old")
        try desk.close(try #require(later.caseID))
        let afterClose = try report(desk, longitude: 106.65234, latitude: 35.5315)
        #expect(afterClose.outcome == .opened, "a closed case takes no duplicates")
    }

    @Test("distance is great-circle metres")
    func distance() {
        #expect(abs(IntakeRules.metres(106.652, 35.5315, 106.65233, 35.5315) - 29.9) < 0.5)
        #expect(abs(IntakeRules.metres(0, 0, 0, 1) - 111_195) < 10)
    }

    @Test("the reporter's phone leaves intake masked; the event intake keeps has it whole")
    func masking() throws {
        #expect(ContactMask.phone("13812345678") == "138****5678")
        #expect(ContactMask.phone("+86 138-1234-5678") == "+86*******5678")
        #expect(ContactMask.phone("0933-820001") == "09****0001")
        #expect(ContactMask.phone("12345") == "*****")
        let desk = try desk()
        let reply = try report(desk, longitude: 106.652, latitude: 35.5315, phone: "13812345678")
        let published = try #require(try desk.published().first)
        #expect(published.data["contact"] == .string("138****5678"))
        #expect(!String(decoding: try JSONValueEncoder().encode(published.data).jsonData(), as: UTF8.self).contains("13812345678"))
        #expect(reply.outcome == .opened)
        let bad = try report(desk, longitude: 106.652, latitude: 35.5315, phone: "call me maybe")
        #expect(bad.error == .invalidReport && bad.message?.contains("phone") == true)
    }

    @Test("a grid worker's patrol report settled on the spot is marked so; a resident cannot claim it")
    func patrol() throws {
        let desk = try desk()
        let settled = try desk.send(ResidentReport.eventTypes[1], ResidentReport(category: "ljdf", grid: "g01", description: "清理楼道杂物",
                                                                                 reporter: "gw-g01", resolved: true), source: "/grid/gw-g01")
        #expect(settled.outcome == .opened)
        let published = try #require(try desk.published().first)
        #expect(published.data["resolvedOnSpot"] == .bool(true) && published.data["origin"] == .string("grid-worker"))
        let claimed = try desk.send(ResidentReport.eventTypes[0], ResidentReport(category: "ljdf", grid: "g01", resolved: true))
        #expect(claimed.error == .invalidReport && claimed.message?.contains("resolved") == true)
    }

    @Test("device commands: register with a type and grid that exist, only the owner retires, a retired device's events are refused")
    func registry() throws {
        var refusing = city
        refusing.devices?.unregistered = .refuse
        func apply(_ command: DeviceCommand, existing: City.Device? = nil, retired: Bool = false) throws(Refused) -> RegistryDesk.Change {
            try RegistryDesk.apply(command, existing: existing, retired: retired, city: refusing)
        }
        let register = DeviceCommand(command: "d-1", device: "yg-new", action: .register, type: "whistle.sensor.smoke", grid: "g02", owner: "gw")
        guard case .register(let device) = try apply(register) else { Issue.record("not registered"); return }
        #expect(device.grid == "g02" && device.owner == "gw")
        #expect(try apply(register, existing: device) == .none, "the same particulars again change nothing")
        #expect(throws: Refused.self) { try apply(DeviceCommand(command: "d", device: "x", action: .register, type: "whistle.sensor.ufo", grid: "g02")) }
        #expect(throws: Refused.self) { try apply(DeviceCommand(command: "d", device: "x", action: .register, type: "whistle.gate", grid: "g99")) }
        #expect(throws: Refused.self) { try apply(DeviceCommand(command: "d", device: "x", action: .register, type: "whistle.gate")) }
        #expect(throws: Refused.self) {
            try apply(DeviceCommand(command: "d", device: "x", action: .register, type: "whistle.gate", grid: "g02", longitude: 106.66, latitude: 35.535))
        }
        #expect(throws: Refused.self) { try apply(DeviceCommand(command: "d", device: "yg-new", action: .retire, owner: "other"), existing: device) }
        #expect(try apply(DeviceCommand(command: "d", device: "yg-new", action: .retire, owner: "gw"), existing: device) == .retire("yg-new"))
        #expect(try apply(DeviceCommand(command: "d", device: "yg-new", action: .retire), retired: true) == .none)
        #expect(throws: Refused.self) { try apply(DeviceCommand(command: "d", device: "never", action: .retire)) }
    }
}
