import CityModel
import Contracts
import Envelope
import Foundation

/// What the people and devices of a city send in its busiest hour, drawn from the city file: residents report
/// the everyday categories from their own grid, grid workers report what they find on patrol, gates see passages,
/// sensors raise an alarm and clear it. Every draw comes from one seeded generator, so a run can be repeated.
struct SimulatedCity {
    /// One thing to send to intake: who sends it (whose key), the CloudEvent type and its data.
    struct Event {
        enum Kind: String, CaseIterable { case report, patrol, passage, alarm, cleared }
        let kind: Kind
        let sender: String
        let type: String
        let data: JSONValue
        /// Who or what it is about, for its CloudEvent source: the reporter, the device.
        let subject: String
    }

    /// The share of each kind in the busiest hour (alarms bring their clearing with them).
    static let mix: [(Event.Kind, Int)] = [(.report, 50), (.patrol, 20), (.passage, 25), (.alarm, 5)]

    private let grids: [City.Grid]
    private let residents: [City.Resident]
    private let categories: [City.Category]
    private let gates: [City.Device]
    private let sensors: [(device: City.Device, reading: Double)]
    private var random: SeededRandom
    /// Sensors in alarm, to clear a little later.
    private var alarmed: [City.Device] = []

    init(city: City, seed: UInt64) throws {
        grids = city.streets.flatMap { $0.communities.flatMap(\.grids) }
        residents = Array(city.residents)
        // What a resident can report in a line: no emergency (those come from sensors), nothing that asks a required detail.
        categories = city.categories.filter { category in
            category.priority != .emergency && !(category.attributes ?? []).contains { $0.required ?? false }
        }
        let registry = city.devices?.registry ?? []
        gates = registry.filter { Self.isGate($0.type) }
        sensors = registry.compactMap { device in
            guard !Self.isGate(device.type), let threshold = city.devices?.rule(for: device.type)?.threshold else { return nil }
            return (device, threshold * 2)
        }
        guard !grids.isEmpty, !categories.isEmpty else { throw Requests.CommandFailure("the city has no grids or no category a resident can report") }
        random = SeededRandom(seed: seed)
    }

    /// The next thing sent in the city.
    mutating func next() -> Event {
        if !alarmed.isEmpty, random.below(4) == 0 { return clear(alarmed.removeFirst()) }
        switch drawKind() {
        case .passage where !gates.isEmpty:
            let gate = gates[random.below(gates.count)]
            return event(.passage, sender: gate.owner ?? "sensor-gateway", about: gate.id, type: DeviceEvent.passageType,
                         DeviceEvent(device: gate.id, card: "card-\(10_000 + random.below(90_000))"))
        case .alarm where !sensors.isEmpty:
            let (sensor, reading) = sensors[random.below(sensors.count)]
            alarmed.append(sensor)
            return event(.alarm, sender: sensor.owner ?? "sensor-gateway", about: sensor.id, type: sensor.type, DeviceEvent(device: sensor.id, reading: reading))
        case .patrol:
            let grid = grids[random.below(grids.count)]
            let category = categories[random.below(categories.count)]
            return event(.patrol, sender: grid.worker.id, about: grid.worker.id, type: ResidentReport.eventTypes[1],
                         ResidentReport(category: category.code, grid: grid.code, description: "巡查发现 (patrol)", reporter: grid.worker.id))
        default:
            let resident = residents.isEmpty ? nil : residents[random.below(residents.count)]
            let grid = resident?.grid ?? grids[random.below(grids.count)].code
            let category = categories[random.below(categories.count)]
            return event(.report, sender: "operator", about: resident?.id ?? "anonymous", type: ResidentReport.eventTypes[0],
                         ResidentReport(category: category.code, grid: grid, description: "模拟上报 (simulated)", reporter: resident?.id ?? "anonymous"))
        }
    }

    /// A gate's type (`whistle.gate.passage`) or the gate family a registry entry names (`whistle.gate`).
    static func isGate(_ type: String) -> Bool { type.hasPrefix(DeviceEvent.gateTypePrefix) || type + "." == DeviceEvent.gateTypePrefix }

    /// A kind drawn by its share of the mix.
    private mutating func drawKind() -> Event.Kind {
        var roll = random.below(Self.mix.map(\.1).reduce(0, +))
        for (kind, share) in Self.mix {
            if roll < share { return kind }
            roll -= share
        }
        return .report
    }

    private mutating func clear(_ sensor: City.Device) -> Event {
        event(.cleared, sender: sensor.owner ?? "sensor-gateway", about: sensor.id, type: sensor.type, DeviceEvent(device: sensor.id, reading: 0, state: .cleared))
    }

    private func event(_ kind: Event.Kind, sender: String, about subject: String, type: String, _ data: some Encodable) -> Event {
        Event(kind: kind, sender: sender, type: type, data: (try? JSONValueEncoder().encode(data)) ?? .null, subject: subject)
    }
}

/// A small seeded generator (SplitMix64): the same seed draws the same city hour.
struct SeededRandom {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func below(_ bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(max(1, bound)))
    }
}
