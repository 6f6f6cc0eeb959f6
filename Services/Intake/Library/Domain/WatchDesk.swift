import Timekeeping
public import CityModel
import Contracts
public import Foundation

/// What intake watches for the absence of events.
public enum WatchKind: String, Sendable, Codable, CaseIterable {
    /// A device not heard from for its type's `silentAfter`: one maintenance case.
    case silence
    /// A cared-for resident's gate with no passage for their `absence`: one welfare check at grid level.
    case absence
}

/// Watches: when each falls due, and the case one opens when it does.
public enum WatchDesk {
    /// When a device heard at `time` is next due to be heard, if its type has a silence rule.
    public static func silenceDue(_ device: City.Device, in city: City, heardAt time: Date) -> Date? {
        guard let seconds = city.devices?.rule(for: device.type)?.silentAfter?.calendarSeconds else { return nil }
        return time.addingTimeInterval(seconds)
    }

    /// The residents under care whose gate is `device`, with when each is next due to pass it.
    public static func absencesDue(atGate device: String, in city: City, passedAt time: Date) -> [(resident: String, due: Date)] {
        (city.devices?.care ?? []).filter { $0.gate == device }.compactMap { care in
            care.absence.calendarSeconds.map { (care.resident, time.addingTimeInterval($0)) }
        }
    }

    /// Every watch the city and registry call for, each as if last heard at `time` (for arming the ones
    /// not armed yet at start).
    public static func watches(in city: City, devices: [City.Device], from time: Date) -> [(kind: WatchKind, subject: String, due: Date)] {
        let silences = devices.compactMap { device in silenceDue(device, in: city, heardAt: time).map { (WatchKind.silence, device.id, $0) } }
        let absences = (city.devices?.care ?? []).compactMap { care in
            care.absence.calendarSeconds.map { (WatchKind.absence, care.resident, time.addingTimeInterval($0)) }
        }
        return silences + absences
    }

    /// A watch that fell due at `dueAt`: disarmed until the next sign of life, and the case it opens, unless moot.
    public static func fire(_ kind: WatchKind, subject: String, dueAt: Date, in city: City, devices: some DeviceDirectory,
                            context: IntakeContext, now: Date) -> IntakeDecision {
        var decision = IntakeDecision(received: nil, outcome: .recorded)
        decision.watches = [.disarm(kind, subject: subject)]
        if let triage = fired(kind, subject: subject, in: city, devices: devices) {
            let source = SourceEvent(source: "/whistle/intake/watch", id: "\(kind.rawValue)/\(subject)/\(Int(dueAt.timeIntervalSince1970))",
                                     type: "whistle.watch.\(kind.rawValue)")
            decision.open(triage, source: source, context: context, now: now)
        }
        return decision
    }

    /// The case a watch opens when it falls due; nil when it is moot (the device retired, the resident no
    /// longer under care, no category configured).
    public static func fired(_ kind: WatchKind, subject: String, in city: City, devices: some DeviceDirectory) -> Triage? {
        switch kind {
        case .silence:
            guard let device = devices.device(subject), let code = city.devices?.maintenance, let category = city.category(code),
                  let location = city.location(ofGrid: device.grid),
                  let silence = city.devices?.rule(for: device.type)?.silentAfter else { return nil }
            let place = device.building.map { "（\($0)）" } ?? ""
            return Triage(category: category, location: location, description: "设备 \(device.id)\(place) 已 \(silence) 无任何信号，请检修",
                          device: device.id, origin: device.type.hasPrefix("whistle.gate") ? .gate : .sensor)
        case .absence:
            guard let care = city.devices?.care?.first(where: { $0.resident == subject }), let gate = devices.device(care.gate),
                  let code = city.devices?.welfare, let category = city.category(code), let location = city.location(ofGrid: gate.grid),
                  let resident = city.residents[id: subject] else { return nil }
            let place = gate.building ?? gate.id
            return Triage(category: category, location: location,
                          description: "独居老人 \(resident.name)（\(resident.id)）的门禁 \(place) 已 \(care.absence) 无人通行，请上门探视",
                          device: gate.id, origin: .gate)
        }
    }
}
