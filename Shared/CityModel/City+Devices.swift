public import Timekeeping

extension City {
    /// Whether a device of `type` makes sense here: a category's sensor type, a family of them
    /// (`whistle.gate` for `whistle.gate.forced-open` …), or a type the devices' rules name.
    public func knowsDeviceType(_ type: String) -> Bool {
        categories.contains { ($0.sensors ?? []).contains { $0 == type || $0.hasPrefix(type + ".") } } || devices?.rules?[type] != nil
    }

    /// Sensors and gates wired to the grid platform, and what intake does with their events.
    ///
    ///     devices:
    ///       unregistered: refuse            # or flag: accept, marked unregistered
    ///       maintenance: sbwh               # the category of a silent device's case
    ///       welfare: dlgh                   # the category of a care resident's welfare check
    ///       rules:
    ///         whistle.sensor.smoke: {threshold: 0.1, unit: dB/m, silentAfter: 24h, flapping: {changes: 4, within: 10m}}
    ///         whistle.gate: {silentAfter: 48h}
    ///         whistle.gate.held-open: {threshold: 120, unit: s}
    ///       registry:
    ///         - {id: yg-g05-0102, type: whistle.sensor.smoke, grid: g05, building: 5号楼, owner: sensor-gateway}
    ///       care:
    ///         - {resident: r-004, gate: mj-g12-0301, absence: 24h}
    ///       blacklist: [card-66001]
    public struct Devices: Sendable, Codable, Equatable {
        public var unregistered: UnregisteredDevices?
        public var maintenance: String?
        public var welfare: String?
        /// Rules by event type (`whistle.sensor.smoke`) or device family (`whistle.gate`).
        public var rules: [String: SensorRule]?
        public var registry: [Device]?
        public var care: [CareResident]?
        /// Cards refused at every gate: a passage with one raises `whistle.gate.blacklisted`.
        public var blacklist: [String]?

        public init(unregistered: UnregisteredDevices? = nil, maintenance: String? = nil, welfare: String? = nil,
                    rules: [String: SensorRule]? = nil, registry: [Device]? = nil, care: [CareResident]? = nil, blacklist: [String]? = nil) {
            (self.unregistered, self.maintenance, self.welfare, self.rules) = (unregistered, maintenance, welfare, rules)
            (self.registry, self.care, self.blacklist) = (registry, care, blacklist)
        }

        /// The rule for an event type, else for the family it belongs to (`whistle.gate.held-open` → `whistle.gate`).
        public func rule(for type: String) -> SensorRule? {
            if let rule = rules?[type] { return rule }
            return Device.family(of: type).flatMap { rules?[$0] }
        }
    }

    /// What intake does with an event from a device not in the registry.
    public enum UnregisteredDevices: String, Sendable, Codable {
        /// Refuse it (`unknown_device`).
        case refuse
        /// Accept it as before the registry — it must then say where it is — and mark its case unregistered.
        case flag
    }

    /// A device fixed in one place.
    public struct Device: Sendable, Codable, Equatable {
        public var id: String
        /// What it sends: one event type (`whistle.sensor.smoke`) or a family (`whistle.gate`: every `whistle.gate.*`).
        public var type: String
        public var grid: String
        public var building: String?
        /// The integrator that runs it.
        public var owner: String?
        public var longitude, latitude: Double?

        public init(id: String, type: String, grid: String, building: String? = nil, owner: String? = nil,
                    longitude: Double? = nil, latitude: Double? = nil) {
            (self.id, self.type, self.grid, self.building, self.owner) = (id, type, grid, building, owner)
            (self.longitude, self.latitude) = (longitude, latitude)
        }

        /// Whether this device may send events of `eventType` (every device may send a heartbeat).
        public func sends(_ eventType: String) -> Bool {
            eventType == type || eventType.hasPrefix(type + ".") || eventType == "whistle.device.heartbeat"
        }

        /// `whistle.gate` for `whistle.gate.held-open`; nil for a type of two segments or fewer.
        static func family(of type: String) -> String? {
            let segments = type.split(separator: ".")
            return segments.count > 2 ? segments.dropLast().joined(separator: ".") : nil
        }
    }

    /// What a type's readings mean.
    public struct SensorRule: Sendable, Codable, Equatable {
        /// A reading below this is normal: it opens no case (an event without a reading is an alarm).
        public var threshold: Double?
        public var unit: String?
        /// A device of this type not heard from (any event, heartbeats included) for this long gets one
        /// maintenance case.
        public var silentAfter: TimeLimit?
        /// A device changing between alarm and cleared this often within this time is flapping: its events
        /// open and annotate nothing until it settles.
        public var flapping: Flapping?

        public init(threshold: Double? = nil, unit: String? = nil, silentAfter: TimeLimit? = nil, flapping: Flapping? = nil) {
            (self.threshold, self.unit, self.silentAfter, self.flapping) = (threshold, unit, silentAfter, flapping)
        }
    }

    public struct Flapping: Sendable, Codable, Equatable {
        public var changes: Int
        public var within: TimeLimit

        public init(changes: Int, within: TimeLimit) { (self.changes, self.within) = (changes, within) }
    }

    /// A resident registered for care (独居老人, with their consent): no passage at their gate for
    /// `absence` raises a welfare-check case at grid level.
    public struct CareResident: Sendable, Codable, Equatable {
        public var resident: String
        /// The gate (a registered device) whose passages show they are about.
        public var gate: String
        public var absence: TimeLimit
        /// They (or their guardian) agreed to be watched; an entry without consent is refused at start.
        public var consent: Bool

        public init(resident: String, gate: String, absence: TimeLimit, consent: Bool) {
            (self.resident, self.gate, self.absence, self.consent) = (resident, gate, absence, consent)
        }
    }
}
