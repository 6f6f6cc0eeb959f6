public import CityModel
public import Contracts
public import Foundation
import Timekeeping

/// What a recipient asked of notification: quiet hours on the city's clock, the kinds not pushed to them, a digest per
/// period instead of a message per step, and the language their messages are written in.
public struct Preferences: Sendable, Equatable {
    public var quietHours: QuietHours?
    public var mute: Set<NotificationKind>
    public var digest: DigestSchedule?
    public var language: Language
    /// Where they asked to be reached (`channels`, kept apart from the rest: `prefer` leaves it as it is).
    public var channels: RecipientChannels

    public init(quietHours: QuietHours? = nil, mute: Set<NotificationKind> = [], digest: DigestSchedule? = nil, language: Language = .zhCN,
                channels: RecipientChannels = RecipientChannels()) {
        (self.quietHours, self.mute, self.digest, self.language, self.channels) = (quietHours, mute, digest, language, channels)
    }

    /// The kinds no preference holds back: a stage run out of time and 督办 (and every notice about an emergency).
    public static let urgent: Set<NotificationKind> = [.taskOverdue, .caseOverdue, .supervisionOrdered]

    /// Whether a message of `kind` is pushed (webhook, e-mail, SMS) at all; the inbox has every message. Who chose a digest
    /// is pushed the digest and what is urgent only.
    public func pushes(_ kind: NotificationKind, critical: Bool) -> Bool {
        critical || Self.urgent.contains(kind) || kind == .digest || (!mute.contains(kind) && digest == nil)
    }

    /// Until when a message of `kind` made at `now` waits (the end of the quiet hours it falls in), nil: it goes at once.
    public func heldUntil(_ kind: NotificationKind, critical: Bool, now: Date, utcOffset: Int) -> Date? {
        guard !critical, !Self.urgent.contains(kind), let quietHours else { return nil }
        return quietHours.end(containing: now, utcOffset: utcOffset)
    }
}

extension QuietHours {
    /// The window, nil when `from` and `until` are not two different `HH:MM` times.
    var window: DailyWindow? { DailyWindow(from: from, until: until) }

    /// When the window `now` falls in ends (seconds east of UTC: `utcOffset`), nil when `now` is outside it.
    public func end(containing now: Date, utcOffset: Int) -> Date? { window?.end(containing: now, utcOffset: utcOffset) }
}

/// A recipient's new preferences, until when the messages already held for them now wait (nil: released), and when
/// their first digest is due (nil: none chosen).
public struct PreferenceDecision: Sendable, Equatable {
    public var recipient: String
    public var preferences: Preferences
    public var heldUntil: Date?
    public var nextDigestAt: Date?
    public var reply: CommandReply
}

/// Notification's decisions about recipients' preferences.
public enum PreferenceDesk {
    /// The command's recipient: 1–64 of a-z 0-9 - _.
    static func recipientID(_ command: NotificationCommand) throws(Refused) -> String {
        guard let recipient = command.recipient else { throw Refused(.missingDetail, "\(command.action.rawValue) needs 'recipient'") }
        guard (1...64).contains(recipient.count),
              recipient.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" }) else {
            throw Refused(.invalidPreferences, "'\(recipient.prefix(64))' is not a recipient id (1–64 of a-z 0-9 - _)")
        }
        return recipient
    }

    /// `prefer`: the recipient's preferences are replaced; what is held for them waits for the new quiet hours' end, or
    /// goes now when `now` is outside them; a digest is for those who answer for open items (grid workers, duty
    /// officers, staff, departments), its first due at the end of the period running.
    public static func prefer(_ command: NotificationCommand, city: City, now: Date) throws(Refused) -> PreferenceDecision {
        let utcOffset = city.calendar.utcOffset
        let recipient = try recipientID(command)
        if let quiet = command.quietHours, quiet.window == nil {
            throw Refused(.invalidPreferences, "quiet hours are HH:MM to another HH:MM on the city's clock, not '\(quiet.from.prefix(8))' to '\(quiet.until.prefix(8))'")
        }
        let mute = Set(command.mute ?? [])
        let unmutable = mute.intersection(Preferences.urgent)
        guard unmutable.isEmpty else {
            throw Refused(.invalidPreferences, "\(unmutable.map(\.rawValue).sorted().joined(separator: ", ")) cannot be muted: overdue stages and 督办 always reach their holder")
        }
        if let digest = command.digest {
            if let fault = digest.fault { throw Refused(.invalidPreferences, fault) }
            guard DigestDesk.holder(of: recipient, city: city) != nil else {
                throw Refused(.invalidPreferences, "'\(recipient)' holds no tasks: a digest is for grid workers, offices, departments and their duty officers")
            }
        }
        let preferences = Preferences(quietHours: command.quietHours, mute: mute, digest: command.digest, language: command.language ?? .zhCN)
        let held = command.quietHours?.end(containing: now, utcOffset: utcOffset)
        return PreferenceDecision(recipient: recipient, preferences: preferences, heldUntil: held,
                                  nextDigestAt: command.digest?.periodEnd(after: now, utcOffset: utcOffset),
                                  reply: .ok(command.command, caseID: nil, recipient: recipient, state: held == nil ? "set" : "quiet"))
    }
}
