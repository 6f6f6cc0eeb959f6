public import CityModel
public import Contracts
public import Foundation

/// A case as the public follows it (Open311's `status`, `status_notes`, `agency_responsible`,
/// `expected_datetime`, `updated_datetime`): intake's view, moved by dispatch's case steps. Internal
/// supervision (催办, 督办, overdue) moves the time and the expected date, never the notes.
public struct PublicStatus: Sendable, Equatable {
    public var isOpen: Bool
    public var notes: String
    public var agency: String?
    public var expected: Date?
    public var updated: Date
    /// The lead department's code once departments are summoned (not public: it decides who may read the
    /// reporters' contact).
    public var lead: String?

    public init(isOpen: Bool, notes: String, agency: String?, expected: Date?, updated: Date, lead: String? = nil) {
        (self.isOpen, self.notes, self.agency, self.expected, self.updated, self.lead) = (isOpen, notes, agency, expected, updated, lead)
    }

    /// A case just reported: open and received.
    public static func received(at time: Date) -> PublicStatus {
        PublicStatus(isOpen: true, notes: "received", agency: nil, expected: nil, updated: time)
    }

    /// Case statuses after which the work is done, as the public sees it.
    static let doneStatuses: Set<CaseStatus> = [.completed, .resolved, .verified, .closed, .mediated, .mediationFailed]

    /// The view after one of dispatch's case steps, published at `time`.
    public func after<Detail>(_ step: CaseStep<Detail>, in city: City, at time: Date) -> PublicStatus {
        var next = self
        next.isOpen = !Self.doneStatuses.contains(step.status)
        next.updated = max(updated, time)
        let department = { (code: String) in city.departments.first { $0.code == code }?.name ?? code }
        switch step.detail {
        case let detail as Assigned:
            (next.notes, next.agency, next.expected) = ("with \(detail.holder.name) at the \(detail.level.rawValue) rung", detail.holder.name,
                                                        detail.handleBy)
        case let detail as Escalated:
            next.notes = detail.to > detail.from ? "moved up to the \(detail.to.rawValue) rung" : "moved down to the \(detail.to.rawValue) rung"
        case let detail as Dispatched:
            (next.notes, next.agency, next.expected) = ("dispatched to \(detail.departments.map(department).joined(separator: ", "))",
                                                        department(detail.department), nil)
            next.lead = detail.department
        case let detail as TaskStepped:
            next.notes = Self.notes(for: detail, department(detail.department))
        case let detail as Reassigned where detail.role == .lead:
            (next.notes, next.agency, next.lead) = ("passed to \(department(detail.department))", department(detail.department), detail.department)
        case let detail as Reminded:
            next.expected = detail.dueAt
        case is Referred:
            next.notes = "in mediation"
        case let detail as Mediating:
            (next.notes, next.agency) = ("in mediation", detail.mediator.name)
        case let detail as MediationEnded:
            next.notes = detail.outcome == .agreed ? "settled by mediation" : "mediation ended without agreement"
        case let detail as Resolved:
            next.notes = "resolved at the \(detail.level.rawValue) rung" + (detail.note.map { ": \($0)" } ?? "")
        case is Verified:
            next.notes = "the work was checked and found done"
        case is Reopened:
            next.notes = "reopened for rework"
        case let detail as Closed:
            next.notes = Self.notes(for: detail)
        case is Unrouted:
            next.notes = "being routed by hand"
        default:
            break
        }
        return next
    }

    private static func notes(for step: TaskStepped, _ department: String) -> String {
        switch step.step {
        case .acknowledged: "\(department) reported for duty"
        case .progress: "\(department): \(step.note ?? "work in progress")"
        case .completed: "\(department) completed the work" + (step.note.map { ": \($0)" } ?? "")
        case .returned: "\(department) returned it; it is being rerouted"
        }
    }

    private static func notes(for step: Closed) -> String {
        switch step.outcome {
        case .rated, .unrated: "closed"
        case .unfixable: "closed as not fixable now" + (step.reason.map { ": \($0)" } ?? "")
        case .invalid: "closed as invalid" + (step.reason.map { ": \($0)" } ?? "")
        case .mediated: "closed: the mediation agreement was performed"
        }
    }
}
