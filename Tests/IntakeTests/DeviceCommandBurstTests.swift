import CityModel
import Contracts
import Envelope
import Foundation
import GRDB
import Logging
import Messaging
import ServiceKit
import StoreKit
import Testing
import Timekeeping
@testable import WhistleIntake

@Suite("Intake's device commands under a burst: one transaction, each answer its own, a refusal changes nothing")
struct DeviceCommandBurstTests {
    @Test("registrations, a bad type, an unknown device and a repeat in one burst; the live registry changes only for what committed")
    func burst() throws {
        let city = try City.demo()
        let store = try IntakeStore(.inMemory, name: "intake-1", logger: Logger(label: "test"))
        let clock = ManualClock()
        let registry = try IntakeWatches.prepare(store, city: city, now: clock.now())     // the city file's devices, as at start
        let desk = RequestDesk(DeviceCommands(store: store, city: city, registry: registry).endpoint, database: store.database, clock: clock,
                               logger: Logger(label: "test"), stats: DeliveryStats(role: "desk", name: "test"))
        func frame(_ command: DeviceCommand) throws -> ReplyServer.Request {
            ReplyServer.Request(payload: try JSONValueEncoder().encode(command).jsonData(), sender: nil)
        }
        let smoke = "whistle.sensor.smoke"
        let frames = [
            try frame(DeviceCommand(command: "d-1", device: "yg-g03-0301", action: .register, type: smoke, grid: "g03", owner: "sensor-gateway")),
            try frame(DeviceCommand(command: "d-2", device: "xx-g03-0302", action: .register, type: "whistle.sensor.ufo", grid: "g03", owner: "sensor-gateway")),
            try frame(DeviceCommand(command: "d-3", device: "nosuch", action: .retire, owner: "sensor-gateway")),
            try frame(DeviceCommand(command: "d-4", device: "yg-g01-0101", action: .retire, owner: "sensor-gateway")),
            try frame(DeviceCommand(command: "d-1", device: "yg-g03-0301", action: .register, type: smoke, grid: "g03", owner: "sensor-gateway")),
            try frame(DeviceCommand(command: "d-5", device: "yg-g04-0401", action: .register, type: smoke, grid: "g99", owner: "sensor-gateway")),
        ]
        let bytes = desk.answer(batch: frames)
        let replies = try bytes.map { try JSONValueDecoder().decode(CommandReply.self, from: JSONValue.parse($0)) }
        #expect(replies.map(\.command) == ["d-1", "d-2", "d-3", "d-4", "d-1", "d-5"])
        #expect(replies.map(\.error) == [nil, .invalidDevice, .unknownDevice, nil, nil, .invalidDevice])
        #expect(bytes[4] == bytes[0])
        #expect(registry.device("yg-g03-0301")?.grid == "g03" && registry.device("yg-g01-0101") == nil)
        #expect(registry.device("xx-g03-0302") == nil && registry.device("yg-g04-0401") == nil)
        let rows = try store.database.read { db in try String.fetchAll(db, sql: "SELECT id FROM intake_device WHERE id IN ('xx-g03-0302', 'yg-g04-0401', 'nosuch')") }
        #expect(rows.isEmpty, "refused commands stored no device")
    }
}
