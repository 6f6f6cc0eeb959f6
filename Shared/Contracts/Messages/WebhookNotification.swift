public import Envelope

/// What notification POSTs to a recipient's webhook:
/// `{"case":"intake-1-7","delivery":"42","kind":"acknowledged","recipient":"r-001","text":"城管已报到，…"}`, or, about a
/// community's proposal, `{"delivery":"43","kind":"vote-opened","proposal":"c01-lift-3","recipient":"r-001","text":"…"}`.
/// At most one of `case` and `proposal` is present — neither in a `digest`, which lists the recipient's open items.
/// `delivery` is stable across retries: a receiver uses it to ignore a repeat.
public struct WebhookNotification: MessageContract, Equatable {
    public static let messageName = "webhook-notification"
    public static let summary = "A notification POSTed to a recipient's webhook, about a case or a proposal; retried with back-off until a 2xx."

    public var caseID, proposal: String?
    public var delivery: String
    public var kind: NotificationKind
    public var recipient, text: String
    /// The case is an emergency: show it as critical (these are sent before anything else that is due).
    public var critical: Bool?

    enum CodingKeys: String, CodingKey { case caseID = "case", proposal, delivery, kind, recipient, text, critical }

    public init(caseID: String?, proposal: String? = nil, delivery: String, kind: NotificationKind, recipient: String, text: String,
                critical: Bool? = nil) {
        (self.caseID, self.proposal, self.delivery, self.kind, self.recipient, self.text) = (caseID, proposal, delivery, kind, recipient, text)
        self.critical = critical
    }
}

/// What a resident is told about.
public enum NotificationKind: String, ContractEnum {
    /// Intake stored the report.
    case received
    /// The report was linked to an open case near it (named in the text): the resident follows that case.
    case linked
    /// The case went to departments (named in the text).
    case dispatched
    /// The lead department reported for duty.
    case acknowledged
    /// The case is with the grid's worker or the community office (named in the text).
    case assigned
    /// The case went up the ladder, to the office named in the text.
    case escalated
    /// The lead task went to another department (named in the text).
    case reassigned
    /// Every department completed its task; the rung that whistled checks the work (核查).
    case completed
    /// The grid's worker or the community office settled the case; the resident is asked to rate it.
    case resolved
    /// The work was checked and found done; the resident is asked to rate it.
    case verified
    /// The rating reopened the case: the same lead works it again (返工).
    case reopened
    /// The case is closed: rated, unrated when the rating window passed, unfixable for now (挂账) or invalid (作废).
    case closed
    /// The lead department returned the case as misrouted; it will be dispatched again.
    case returned
    /// A dispute went to mediation.
    case referred
    /// A mediator (named in the text) took the dispute.
    case mediation
    /// The mediation reached an agreement.
    case mediated
    /// The mediation ended without an agreement.
    case mediationFailed = "mediation-failed"
    /// The mediator accepted the dispute: the resident's rights (free of charge; they may ask for another mediator
    /// or refuse mediation).
    case mediationAccepted = "mediation-accepted"
    /// A mediation session is scheduled: when (the city's time) and where.
    case mediationSession = "mediation-session"
    /// The mediation agreement took effect: until when the parties may apply for judicial confirmation.
    case agreementInEffect = "agreement-in-effect"
    /// A follow-up visit found the agreement not performed: mediation resumed.
    case mediationReopened = "mediation-reopened"
    /// The judicial-confirmation window closes within a week (until when, in the text) and nobody applied yet.
    case confirmationWindowClosing = "confirmation-window-closing"
    /// A household's representative is asked to vote on a proposal: the question, the rule, until when (the city's time).
    case voteOpened = "vote-opened"
    /// The vote closed and was counted: passed or not, with the tally by household and by area.
    case voteDecided = "vote-decided"
    /// The passed proposal was carried out: the households are asked to rate the result (评).
    case proposalCompleted = "proposal-completed"
    /// 两公开: the resolution, or the result of carrying it out, was published.
    case proposalPublished = "proposal-published"
    /// To a task's holder (a department, a grid worker, an office): a new task — the case, where, lead or assist, the deadlines.
    case taskAssigned = "task-assigned"
    /// 催办: a stage of the holder's task is due soon (when, in the text).
    case taskReminded = "task-reminded"
    /// A stage of the holder's task ran out of time.
    case taskOverdue = "task-overdue"
    /// 督办: a supervision order the holder must answer (the order, the opinion, by when).
    case supervisionOrdered = "supervision-ordered"
    /// The task is no longer the holder's (the reason in the text).
    case taskWithdrawn = "task-withdrawn"
    /// A task the holder returned was sent back to it, with the opinion.
    case taskSentBack = "task-sent-back"
    /// 返工: the reporter was not satisfied; the holder's task is open again.
    case taskReopened = "task-reopened"
    /// To a mediator: a dispute was given to them.
    case disputeAssigned = "dispute-assigned"
    /// To a mediator: the judicial-confirmation window closes soon (tell the parties), or a follow-up visit is due.
    case mediationReminded = "mediation-reminded"
    /// To the office supervising a case: 催办 went to a task's holder (who, which stage, due when).
    case caseReminded = "case-reminded"
    /// To the office supervising a case: a task's stage ran out of time (a rung's task climbs; a department's is for 督办).
    case caseOverdue = "case-overdue"
    /// To a grid worker or a department's duty officer who chose a digest: the holder's open items at the period's end —
    /// how many, how many yellow (催办 sent) and red (overdue), each red and yellow one by task, case and deadline.
    case digest
}

extension Heartbeat: MessageContract {
    public static let messageName = "heartbeat"
    public static let summary = "Frame 4 of `heartbeat.<producer>`: where to ask the producer for replays, the oldest sequence it keeps, the areas the instance owns (claims, a lease held while it beats), where clients reach it (`addresses`: `commands`, `http` …), and how far it applied each producer (`applied`)."
}
