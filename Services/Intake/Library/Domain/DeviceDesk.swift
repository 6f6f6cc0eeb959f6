import Timekeeping
public import CityModel
public import Contracts
public import Foundation
import Envelope

/// What a device said before, as intake remembers it.
public struct DeviceMemory: Sendable, Equatable, Codable {
    /// Its last state.
    public var state: DeviceState?
    /// When it changed state lately (within its flapping window).
    public var changes: [Date]

    public init(state: DeviceState? = nil, changes: [Date] = []) { (self.state, self.changes) = (state, changes) }
}

/// A device alarm's rules: a reading under its threshold is normal; repeated alarms join the device's
/// open case; a return to normal annotates it once; a device flapping between the two opens nothing until it settles.
public enum DeviceDesk {
    public static func decide(_ reading: DeviceReading, rule: City.SensorRule?, openCase: String?, memory: DeviceMemory,
                              now: Date) -> (IntakeDesk.Decision, DeviceMemory) {
        let state = effectiveState(reading, rule: rule)
        var next = memory
        if let window = rule?.flapping?.within.calendarSeconds {
            next.changes.removeAll { now.timeIntervalSince($0) > window }
        } else {
            next.changes = []
        }
        if memory.state != state { next.changes.append(now) }
        next.state = state
        if let flapping = rule?.flapping, next.changes.count >= flapping.changes { return (.suppress, next) }
        switch (state, openCase) {
        case (.alarm, let open?): return (.join(caseID: open), next)
        case (.alarm, nil): return (.openCase, next)
        case (.cleared, let open?) where memory.state != .cleared: return (.annotate(caseID: open), next)
        case (.cleared, _): return (.record, next)
        }
    }

    /// `cleared` when the device says so, or when its reading is under its type's threshold; else `alarm`.
    public static func effectiveState(_ reading: DeviceReading, rule: City.SensorRule?) -> DeviceState {
        if reading.state == .cleared { return .cleared }
        if let threshold = rule?.threshold, let value = reading.value, value < threshold { return .cleared }
        return .alarm
    }

    /// The note dispatch records when a device clears.
    public static func clearedNote(_ reading: DeviceReading, device: String, rule: City.SensorRule?) -> String {
        let value = reading.value.map { " (\(Self.format($0))\(rule?.unit.map { " " + $0 } ?? ""))" } ?? ""
        return "设备 \(device) 报告恢复正常\(value)"
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
