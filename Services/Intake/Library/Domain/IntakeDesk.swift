import CityModel
public import Contracts
public import Foundation

/// Intake's decisions, as plain functions of what arrived, what intake already holds and the time.
public enum IntakeDesk {
    /// What to do with an understood event.
    public enum Decision: Sendable, Equatable {
        /// Open a new case and publish `case.reported`.
        case openCase
        /// A repeated alarm: join this open case; nothing is published.
        case join(caseID: String)
    }

    /// The newest case one device raised in a category, as the store knows it.
    public struct EarlierAlarm: Sendable, Equatable {
        public var caseID: String
        public var openedAt: Date

        public init(caseID: String, openedAt: Date) {
            self.caseID = caseID
            self.openedAt = openedAt
        }
    }

    /// Repeated alarms from one device within `alarmWindow` seconds of its case's opening join that case,
    /// instead of flooding departments with one case per alarm.
    public static func decide(_ triage: Triage, earlier: EarlierAlarm?, alarmWindow: TimeInterval, now: Date) -> Decision {
        guard triage.device != nil, alarmWindow > 0, let earlier, now.timeIntervalSince(earlier.openedAt) <= alarmWindow else {
            return .openCase
        }
        return .join(caseID: earlier.caseID)
    }

    /// The answer for an accepted event.
    public static func accepted(_ triage: Triage, caseID: String, joined: Bool) -> IngestReply {
        IngestReply(status: .accepted, caseID: caseID, joined: joined, category: triage.category.code, grid: triage.location.grid,
                    level: triage.category.level, priority: triage.category.priority)
    }
}
