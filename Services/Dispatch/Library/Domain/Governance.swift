public import CityModel
public import Contracts
public import Foundation
public import Timekeeping

/// The rules dispatch governs by, read from the city: the ladder, the time limits per category, rung and
/// stage counted on the work calendar, when reminders (催办) and overdue timers fall, and the traffic lights.
public struct Governance: Sendable {
    public let city: City
    /// The share of a limit after which a reminder goes out.
    public static let reminderShare = 0.8

    public init(city: City) { self.city = city }

    public var calendar: WorkCalendar { city.calendar }

    /// The limit for a stage; a rung without its own acknowledgement limit (the community, when its office
    /// blows the whistle) uses the whistle rung's (the street's when departments are summoned only by hand).
    public func limit(_ category: String, at level: HandlingLevel, _ stage: Stage) -> TimeLimit {
        city.limit(for: category, at: level, stage) ?? city.limit(for: category, at: city.whistleLevel ?? .street, stage)
            ?? TimeLimit(1, .workingDays)
    }

    public func deadline(_ category: String, at level: HandlingLevel, _ stage: Stage, from start: Date) -> Date {
        calendar.deadline(from: start, adding: limit(category, at: level, stage))
    }

    /// A reminder at 80 % of the stage's limit and an overdue timer at its end.
    public func stageTimers(task: String, stage: Stage, category: String, level: HandlingLevel, from start: Date) -> [TimerPlan] {
        let limit = limit(category, at: level, stage)
        return [
            TimerPlan(kind: .remind, task: task, stage: stage, dueAt: calendar.deadline(from: start, adding: limit.scaled(Governance.reminderShare))),
            TimerPlan(kind: .overdue, task: task, stage: stage, dueAt: calendar.deadline(from: start, adding: limit)),
        ]
    }

    /// The light of something that started at `start`, is due at `deadline` under a limit counted in working
    /// time or not, seen at `now`.
    public func light(from start: Date, due deadline: Date, working: Bool, at now: Date) -> TrafficLight {
        if now >= deadline { return .red }
        let used: Double, total: Double
        if working {
            (used, total) = (calendar.workingTime(from: start, to: now), calendar.workingTime(from: start, to: deadline))
        } else {
            (used, total) = (now.timeIntervalSince(start), deadline.timeIntervalSince(start))
        }
        return TrafficLight(used: total > 0 ? used / total : 1)
    }

    /// A task's light at `now`: its current stage against that stage's deadline; nil once it is no longer open.
    public func light(of task: CaseTask, category: String, at now: Date) -> TrafficLight? {
        guard task.isOpen else { return nil }
        let acknowledging = task.kind == .department && task.state == .dispatched
        let stage: Stage = acknowledging ? .acknowledge : .handle
        let deadline = (acknowledging ? task.acknowledgeBy : nil) ?? task.handleBy
        return light(from: task.startedAt, due: deadline, working: limit(category, at: task.level, stage).isWorking, at: now)
    }

    /// A supervision order's light: red once overdue, else how much of its time is gone; nil once answered.
    public func light(of order: Supervision, at now: Date) -> TrafficLight? {
        guard order.answeredAt == nil else { return nil }
        if order.overdue { return .red }
        return light(from: order.createdAt, due: order.answerBy, working: city.limits.supervision.isWorking, at: now)
    }
}

/// A timer a decision asks for: it fires once, at `dueAt`, for one case.
public struct TimerPlan: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable {
        /// 催办 at 80 % of a stage.
        case remind
        /// The end of a stage.
        case overdue
        /// The deadline of a supervision order.
        case supervision
        /// The end of the rating window.
        case rating
    }

    public var kind: Kind
    public var task: String?
    public var stage: Stage?
    public var order: String?
    public var dueAt: Date

    public init(kind: Kind, task: String? = nil, stage: Stage? = nil, order: String? = nil, dueAt: Date) {
        (self.kind, self.task, self.stage, self.order, self.dueAt) = (kind, task, stage, order, dueAt)
    }
}

/// Timers a decision makes moot.
public enum TimerCancellation: Sendable, Equatable {
    /// A task's timers for a stage, or for every stage.
    case task(String, Stage?)
    case order(String)
    case rating
    /// Every timer of the case.
    case all

    /// Whether this cancellation makes `plan` moot.
    public func covers(_ plan: TimerPlan) -> Bool {
        switch self {
        case .all: true
        case .rating: plan.kind == .rating
        case .order(let order): plan.order == order
        case .task(let task, let stage): plan.task == task && (stage == nil || plan.stage == stage)
        }
    }
}
