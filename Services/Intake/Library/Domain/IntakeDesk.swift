public import CityModel
public import Contracts
import Envelope
public import Foundation

/// Intake's decisions, as plain functions of what arrived, what intake already holds and the time.
public enum IntakeDesk {
    /// What to do with a triaged report or device alarm.
    public enum Decision: Sendable, Equatable {
        /// Open a new case and publish `case.reported`.
        case openCase
        /// A repeated alarm: join the device's still-open case; nothing is published.
        case join(caseID: String)
        /// A report of the same category near an open case: link it to that case; nothing is published.
        case link(caseID: String)
        /// The device that raised an open case is back to normal: publish `device.cleared` for it.
        case annotate(caseID: String)
        /// Keep the event; no case (a normal reading, a clear with nothing open).
        case record
        /// The device is flapping: keep the event; it opens and annotates nothing.
        case suppress

        public var outcome: IngestOutcome {
            switch self {
            case .openCase: .opened
            case .join: .joined
            case .link: .linked
            case .annotate: .annotated
            case .record: .recorded
            case .suppress: .suppressed
            }
        }

        /// The case the event belongs to, if any (a new case's id is not known yet).
        public var caseID: String? {
            switch self {
            case .join(let id), .link(let id), .annotate(let id): id
            case .openCase, .record, .suppress: nil
            }
        }
    }

    /// Everything an arrived event makes intake do: the case it opens (numbered from the context) or joins,
    /// the events it publishes with their ids, what the device said, the watches its sign of life re-arms,
    /// and the answer.
    public static func decide(_ arrival: Arrival, event: ReceivedEvent, context: IntakeContext, rules: IntakeRules, now: Date) -> IntakeDecision {
        switch arrival {
        case .signal(let signal):
            var decision = IntakeDecision(received: event, outcome: .recorded)
            decision.heard = HeardDevice(device: signal.device, memory: context.memory, at: now)
            decision.watches = rearmed(signal.registered, passage: signal.type == DeviceEvent.passageType, in: rules.city, now: now)
            decision.reply = recorded(signal)
            return decision
        case .triaged(let triage):
            let (choice, memory) = choose(triage, context: context, rules: rules, now: now)
            var decision = IntakeDecision(received: event, outcome: choice.outcome)
            decision.caseID = choice.caseID
            switch choice {
            case .openCase:
                decision.open(triage, source: event.reference, context: context, now: now)
            case .join(let open):
                decision.joined = open
            case .link(let open):
                decision.joined = open
                if let reporter = triage.reporter {
                    let followed = CaseFollowed(caseID: open, reporter: reporter, category: triage.category.code, location: triage.location,
                                                source: event.reference)
                    decision.emissions.append(Emission(id: "\(open)-followed-\(event.id)", event: followed))
                }
            case .annotate(let open):
                if let reading = triage.reading, let device = triage.device {
                    let note = DeviceDesk.clearedNote(reading, device: device, rule: rules.city.devices?.rule(for: reading.type))
                    let cleared = DeviceCleared(caseID: open, device: device, location: triage.location, reading: reading.value, note: note)
                    decision.emissions.append(Emission(id: "\(open)-cleared-\(event.id)", event: cleared))
                }
            case .record, .suppress:
                break
            }
            if let device = triage.device {
                decision.heard = HeardDevice(device: device, memory: memory ?? context.memory, at: now)
                decision.watches = rearmed(triage.reading?.registered, passage: false, in: rules.city, now: now)
            }
            decision.reply = accepted(triage, caseID: decision.caseID, decision: choice)
            return decision
        }
    }

    /// Opens a case or joins, links, annotates; and what the device's memory becomes (nil for reports).
    public static func choose(_ triage: Triage, context: IntakeContext, rules: IntakeRules, now: Date) -> (Decision, DeviceMemory?) {
        if let reading = triage.reading {
            return DeviceDesk.decide(reading, rule: rules.city.devices?.rule(for: reading.type), openCase: context.openCase,
                                     memory: context.memory, now: now)
        }
        guard triage.origin == .resident, !triage.insist, !triage.category.isDispute,
              let longitude = triage.longitude, let latitude = triage.latitude,
              let nearest = rules.nearest(context.nearby, longitude: longitude, latitude: latitude, now: now) else { return (.openCase, nil) }
        return (.link(caseID: nearest.caseID), nil)
    }

    /// A registered device's sign of life re-arms its silence watch; a passage at a cared-for resident's gate their absence watch.
    static func rearmed(_ device: City.Device?, passage: Bool, in city: City, now: Date) -> [WatchChange] {
        guard let device else { return [] }
        var changes: [WatchChange] = WatchDesk.silenceDue(device, in: city, heardAt: now).map { [.arm(.silence, subject: device.id, due: $0)] } ?? []
        if passage {
            changes += WatchDesk.absencesDue(atGate: device.id, in: city, passedAt: now).map { .arm(.absence, subject: $0.resident, due: $0.due) }
        }
        return changes
    }

    /// The answer for an accepted event.
    public static func accepted(_ triage: Triage, caseID: String?, decision: Decision) -> IngestReply {
        IngestReply(status: .accepted, caseID: caseID, joined: [.joined, .linked, .annotated].contains(decision.outcome), outcome: decision.outcome,
                    unregistered: triage.reading?.unregistered == true ? true : nil, category: triage.category.code,
                    grid: triage.location.grid, level: triage.category.level, priority: triage.category.priority)
    }

    /// The answer for a signal (heartbeat, passage).
    public static func recorded(_ signal: DeviceSignal) -> IngestReply {
        IngestReply(status: .accepted, joined: false, outcome: .recorded, unregistered: signal.registered == nil ? true : nil,
                    grid: signal.registered?.grid)
    }
}

extension IntakeDecision {
    /// Opens a case for `triage`: the context's next number gives its id; it is announced as `case.reported`
    /// (published under the case's id) and starts its public status.
    public mutating func open(_ triage: Triage, source: SourceEvent, context: IntakeContext, now: Date) {
        let caseID = "\(context.producer)-\(context.nextCaseNumber)"
        opened = OpenedCase(number: context.nextCaseNumber, caseID: caseID, triage: triage, status: .received(at: now))
        emissions.append(Emission(id: caseID, event: triage.report(caseID: caseID, source: source)))
        (self.caseID, outcome) = (caseID, .opened)
    }
}

/// An open case near a new report, as the store found it.
public struct NearbyCase: Sendable, Equatable {
    public var caseID: String
    public var longitude, latitude: Double
    public var openedAt: Date

    public init(caseID: String, longitude: Double, latitude: Double, openedAt: Date) {
        (self.caseID, self.longitude, self.latitude, self.openedAt) = (caseID, longitude, latitude, openedAt)
    }
}

/// The city and intake's own settings that its decisions read.
public struct IntakeRules: Sendable {
    public var city: City
    /// A resident's report within this many metres …
    public var duplicateRadius: Double
    /// … and this many seconds of an open case of its category is linked to it.
    public var duplicateWindow: TimeInterval

    public init(city: City, duplicateRadius: Double = 50, duplicateWindow: TimeInterval = 24 * 3600) {
        (self.city, self.duplicateRadius, self.duplicateWindow) = (city, duplicateRadius, duplicateWindow)
    }

    /// The nearest of `cases` within the radius and window, if any.
    public func nearest(_ cases: [NearbyCase], longitude: Double, latitude: Double, now: Date) -> NearbyCase? {
        guard duplicateRadius > 0 else { return nil }
        return cases
            .filter { now.timeIntervalSince($0.openedAt) <= duplicateWindow }
            .map { ($0, Self.metres(longitude, latitude, $0.longitude, $0.latitude)) }
            .filter { $0.1 <= duplicateRadius }
            .min { $0.1 < $1.1 }?.0
    }

    /// Great-circle distance in metres (haversine, mean Earth radius).
    public static func metres(_ longitude1: Double, _ latitude1: Double, _ longitude2: Double, _ latitude2: Double) -> Double {
        let radians = Double.pi / 180
        let dLatitude = (latitude2 - latitude1) * radians, dLongitude = (longitude2 - longitude1) * radians
        let a = sin(dLatitude / 2) * sin(dLatitude / 2)
            + cos(latitude1 * radians) * cos(latitude2 * radians) * sin(dLongitude / 2) * sin(dLongitude / 2)
        return 6_371_008.8 * 2 * atan2(a.squareRoot(), (1 - a).squareRoot())
    }

    /// Degrees of latitude and longitude that span the radius around `latitude` (for a bounding box).
    public func span(atLatitude latitude: Double) -> (longitude: Double, latitude: Double) {
        let degreesLatitude = duplicateRadius / 111_000
        return (degreesLatitude / max(cos(latitude * .pi / 180), 0.01), degreesLatitude)
    }
}
