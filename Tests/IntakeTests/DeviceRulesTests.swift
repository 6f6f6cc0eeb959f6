import CityModel
import Contracts
import Envelope
import Foundation
import GRDB
import Logging
import Messaging
import StoreKit
import Testing
import TestKit
import Timekeeping
@testable import WhistleIntake

/// Devices on a manual clock and an SQLite store: registry, thresholds, the open case, clears, flapping,
/// silent devices and residents under care.
@Suite("Devices, sensors and gates: intake's rules, on a manual clock")
struct DeviceRulesTests {
    /// The demo city refusing unregistered devices, with a smoke silence of 60 s and care absence of 120 s.
    static func city(care: Bool = true) throws -> City {
        var city = try City.demo()
        city.devices?.unregistered = .refuse
        city.devices?.rules?["whistle.sensor.smoke"]?.silentAfter = TimeLimit(60, .seconds)
        city.devices?.rules?["whistle.sensor.gas"]?.silentAfter = nil
        city.devices?.rules?["whistle.sensor.water-level"]?.silentAfter = nil
        city.devices?.rules?["whistle.gate"]?.silentAfter = nil
        city.devices?.care = care ? [City.CareResident(resident: "r-004", gate: "mj-g12-0301", absence: TimeLimit(120, .seconds), consent: true)] : []
        try city.validate()
        return city
    }

    final class Desk {
        let city: City
        let clock = ManualClock()
        let store: IntakeStore
        let registry: DeviceRegistry
        var sequence = 0

        init(city: City, store: IntakeStore) throws {
            (self.city, self.store) = (city, store)
            registry = try IntakeWatches.prepare(store, city: city, now: clock.now())
        }

        convenience init() throws { try self.init(city: try DeviceRulesTests.city(), store: try IntakeStore(.inMemory, name: "intake-1", logger: Logger(label: "t"))) }

        func send(_ type: String, _ data: some Encodable, source: String = "/sensors/gw") throws -> IngestReply {
            sequence += 1
            let event = CloudEvent(id: "e-\(sequence)", source: source, type: type, data: try JSONValueEncoder().encode(data))
            let ingest = IngestServer(store: store, rules: IntakeRules(city: city), devices: registry, clock: clock, logger: Logger(label: "t"))
            return try JSONValueDecoder().decode(IngestReply.self, from: JSONValue.parse(ingest.answer(try event.encoded(), from: nil)))
        }

        func smoke(_ reading: Double? = nil, state: DeviceState? = nil, device: String = "yg-g05-0502") throws -> IngestReply {
            try send("whistle.sensor.smoke", DeviceEvent(device: device, reading: reading, state: state))
        }

        /// Every event intake has published, as (type, data).
        func published() throws -> [(type: String, data: JSONValue)] {
            try store.database.read { db in try Outbox.rows(db, from: 1, to: .max, limit: 1000) }.map { row in
                let event = try CloudEvent.decode(row.payload)
                return (event.type, event.data ?? .null)
            }
        }

        func close(_ caseID: String) throws {
            try store.database.write { db in
                var closed = try #require(try store.publicStatus(db, caseID: caseID))
                closed.isOpen = false
                try store.record(db, caseID: caseID, status: closed)
            }
        }

        func fire() throws -> Int { try IntakeWatches(store: store, rules: IntakeRules(city: city), registry: registry).fire(at: clock.now(), limit: 200) }
    }

    @Test("a registered smoke detector needs no coordinates: its case is in its grid, with its building")
    func registeredDevice() throws {
        let desk = try Desk()
        let reply = try desk.smoke(0.4)
        #expect(reply.status == .accepted && reply.outcome == .opened && reply.grid == "g05" && reply.unregistered == nil)
        let report = try #require(try desk.published().first)
        #expect(report.type == "whistle.case.reported")
        #expect(report.data["grid"] == .string("g05") && report.data["building"] == .string("新民社区2区5号楼"))
        #expect(report.data["critical"] == .bool(true), "烟感报警 is an emergency: marked for critical notification")
    }

    @Test("an unknown device is refused, a registered one sending another's type too; nothing is stored")
    func unknownDevices() throws {
        let desk = try Desk()
        let unknown = try desk.smoke(0.4, device: "yg-nobody")
        #expect(unknown.status == .rejected && unknown.error == .unknownDevice && unknown.message?.contains("yg-nobody") == true)
        let wrongType = try desk.send("whistle.sensor.smoke", DeviceEvent(device: "mj-g01-0001", reading: 1))
        #expect(wrongType.error == .unknownDevice && wrongType.message?.contains("does not send whistle.sensor.smoke") == true)
        let anonymous = try desk.send("whistle.sensor.smoke", DeviceEvent(grid: "g05"))
        #expect(anonymous.error == .invalidReport && anonymous.message?.contains("device") == true)
        #expect(try desk.store.caseCount() == 0 && desk.published().isEmpty)

        var flagging = desk.city
        flagging.devices?.unregistered = .flag
        let lenient = try Desk(city: flagging, store: try IntakeStore(.inMemory, name: "intake-1", logger: Logger(label: "t")))
        let flagged = try lenient.send("whistle.sensor.smoke", DeviceEvent(device: "yg-nobody", grid: "g03", reading: 0.4))
        #expect(flagged.outcome == .opened && flagged.unregistered == true && flagged.grid == "g03")
        #expect(try lenient.published().first?.data["unregistered"] == .bool(true))
    }

    @Test("a reading under the threshold makes no case; repeated alarms join the open case, and a new one opens once it is closed")
    func thresholdsAndTheOpenCase() throws {
        let desk = try Desk()
        let quiet = try desk.smoke(0.05)
        #expect(quiet.status == .accepted && quiet.outcome == .recorded && quiet.caseID == nil)
        #expect(try desk.store.caseCount() == 0)
        let first = try desk.smoke(0.3)
        desk.clock.advance(by: 3 * 3600)
        let second = try desk.smoke(0.5)
        #expect(second.outcome == .joined && second.caseID == first.caseID, "hours later, still open: the same case (no window)")
        try desk.close(try #require(first.caseID))
        let third = try desk.smoke(0.5)
        #expect(third.outcome == .opened && third.caseID != first.caseID, "the case was closed: a new one")
        #expect(try desk.store.caseCount() == 2)
    }

    @Test("cleared annotates the open case once (device.cleared for dispatch); a clear with nothing open is only recorded")
    func cleared() throws {
        let desk = try Desk()
        let alarm = try desk.smoke(0.6)
        desk.clock.advance(by: 60)
        let clear = try desk.smoke(0.02)
        #expect(clear.outcome == .annotated && clear.caseID == alarm.caseID)
        let again = try desk.smoke(state: .cleared)
        #expect(again.outcome == .recorded, "already cleared: no second note")
        let notes = try desk.published().filter { $0.type == "whistle.device.cleared" }
        #expect(notes.count == 1)
        #expect(notes.first?.data["case"] == .string(alarm.caseID ?? "") && notes.first?.data["device"] == .string("yg-g05-0502"))
        #expect(notes.first?.data["note"]?.stringValue?.contains("0.02 dB/m") == true)
        let gas = try desk.send("whistle.sensor.gas", DeviceEvent(device: "rq-g05-0501", state: .cleared))
        #expect(gas.outcome == .recorded && gas.caseID == nil)
    }

    @Test("a device flapping between alarm and clear is suppressed until it settles")
    func flapping() throws {
        let desk = try Desk()
        var outcomes: [IngestOutcome?] = []
        for reading in [0.5, 0.01, 0.5, 0.01, 0.5] {
            outcomes.append(try desk.smoke(reading).outcome)
            desk.clock.advance(by: 30)
        }
        #expect(outcomes == [.opened, .annotated, .joined, .suppressed, .suppressed], "4 changes within 10 minutes: flapping")
        desk.clock.advance(by: 11 * 60)
        #expect(try desk.smoke(0.5).outcome == .joined, "settled: its alarms count again")
        #expect(try desk.published().filter { $0.type == "whistle.device.cleared" }.count == 1)
    }

    @Test("a silent device opens one maintenance case when its silence falls due; any event re-arms it")
    func silentDevice() throws {
        let desk = try Desk(city: try Self.city(care: false), store: try IntakeStore(.inMemory, name: "intake-1", logger: Logger(label: "t")))
        desk.clock.advance(by: 59)
        #expect(try desk.fire() == 0)
        _ = try desk.send(DeviceEvent.heartbeatType, DeviceEvent(device: "yg-g05-0502"))
        desk.clock.advance(by: 59)
        #expect(try desk.fire() == 1, "yg-g01-0101 was never heard: due 60 s after start")
        desk.clock.advance(by: 2)
        #expect(try desk.fire() == 1, "the heartbeat moved yg-g05-0502's due time to 119 s")
        desk.clock.advance(by: 600)
        #expect(try desk.fire() == 0, "each fired once: disarmed until heard again")
        let maintenance = try desk.published().filter { $0.type == "whistle.case.reported" }
        #expect(maintenance.map { $0.data["category"] } == [.string("sbwh"), .string("sbwh")])
        #expect(Set(maintenance.compactMap { $0.data["device"]?.stringValue }) == ["yg-g01-0101", "yg-g05-0502"])
        #expect(maintenance.first?.data["grid"] == .string("g01"))
        _ = try desk.smoke(0.01, device: "yg-g01-0101")
        desk.clock.advance(by: 61)
        #expect(try desk.fire() == 1, "heard again, silent again: a second silence, a second case")
    }

    @Test("a resident under care with no passage for their absence gets one welfare check at grid level, durable across a reopened store")
    func absence() throws {
        let directory = try TemporaryDirectory("intake-watch")
        defer { directory.remove() }
        let path = directory.path("intake.sqlite")
        let clock: ManualClock
        do {
            let desk = try Desk(city: try Self.city(), store: try IntakeStore(.file(path), name: "intake-1", logger: Logger(label: "t")))
            desk.clock.advance(by: 100)
            let passage = try desk.send(DeviceEvent.passageType, DeviceEvent(device: "mj-g12-0301", card: "card-1"))
            #expect(passage.outcome == .recorded && passage.caseID == nil)
            desk.clock.advance(by: 119)
            _ = try desk.fire()
            #expect(try desk.published().filter { $0.data["category"] == .string("dlgh") }.isEmpty, "the passage reset the absence to 220 s")
            desk.clock.advance(by: 10)
            clock = desk.clock
        }
        // "Restart": a new store on the same file, the watch fell due while nothing was running.
        let desk = try Desk(city: try Self.city(), store: try IntakeStore(.file(path), name: "intake-1", logger: Logger(label: "t")))
        desk.clock.set(clock.now())
        #expect(try desk.fire() >= 1)
        let welfare = try desk.published().filter { $0.data["category"] == .string("dlgh") }
        #expect(welfare.count == 1)
        #expect(welfare.first?.data["grid"] == .string("g12") && welfare.first?.data["level"] == .string("grid"))
        #expect(welfare.first?.data["description"]?.stringValue?.contains("李阿姨") == true)
        desk.clock.advance(by: 1000)
        _ = try desk.fire()
        #expect(try desk.published().filter { $0.data["category"] == .string("dlgh") }.count == 1, "one case per absence")
    }

    @Test("a blacklisted card at a gate is an access-control anomaly; a held-open gate only past its threshold")
    func gates() throws {
        let desk = try Desk()
        let blacklisted = try desk.send(DeviceEvent.passageType, DeviceEvent(device: "mj-g01-0001", card: "card-66001"))
        #expect(blacklisted.outcome == .opened && blacklisted.category == "mjyc" && blacklisted.grid == "g01")
        let short = try desk.send("whistle.gate.held-open", DeviceEvent(device: "mj-g12-0301", reading: 45))
        #expect(short.outcome == .recorded)
        let long = try desk.send("whistle.gate.held-open", DeviceEvent(device: "mj-g12-0301", reading: 300))
        #expect(long.outcome == .opened && long.grid == "g12")
    }
}
