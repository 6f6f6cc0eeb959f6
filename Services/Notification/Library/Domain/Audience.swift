public import CityModel
public import Contracts
public import Envelope
public import Foundation

/// Who hears an event: the one table of who hears what, for every event the suite publishes (a test holds it to the
/// contracts' catalogue and to the handlers notification registers).
public enum Audience: String, Sendable, Equatable {
    /// The case's reporter and everyone following it — for a mediation's steps also each party who uses the resident app.
    /// Not every step of these says something (an assistant's step, a case going down the ladder): the `Announcer` decides.
    case reporter
    /// The task's holder, by its id: a department (`cg`), a grid worker (`gw-g01`), an office (`co-c01`), a mediator
    /// (`med-g03`) — whoever the event's task topic is for; and a department's duty officers on duty (`dutyOfficers`).
    case holder
    /// The office supervising the case, named in the step (`supervisor`): the rung above the holder, or the level that
    /// whistled — told of a task's 催办 and of its time running out.
    case supervisor
    /// The representatives of the households a proposal's vote asked.
    case households
    /// Nobody is told: the step is the offices' business on their topics, or another event already tells the same people.
    case nobody

    /// Each event contract and who hears it.
    public static let rows: [(event: any EventContract.Type, audience: Audience)] = [
        // A case's life, as the reporter lives it.
        (CaseReported.self, .reporter), (CaseFollowed.self, .reporter), (CaseAssigned.self, .reporter), (CaseEscalated.self, .reporter),
        (CaseDispatched.self, .reporter), (CaseReassigned.self, .reporter), (CaseTaskStepped.self, .reporter), (CaseResolved.self, .reporter),
        (CaseVerified.self, .reporter), (CaseReopened.self, .reporter), (CaseClosed.self, .reporter), (CaseReferred.self, .reporter),
        (CaseMediating.self, .reporter), (CaseMediationEnded.self, .reporter), (CaseMediationProgressed.self, .reporter),
        // The ladder's supervision: the supervising office hears 催办 and overdue; the rest it reads on its topics.
        (CaseReminded.self, .supervisor), (CaseOverdue.self, .supervisor),
        (CaseUnrouted.self, .nobody), (CaseSupervised.self, .nobody),
        (CaseSupervisionAnswered.self, .nobody), (CaseSupervisionOverdue.self, .nobody), (CaseSummoned.self, .nobody),
        (CaseSentBack.self, .nobody), (CaseRated.self, .nobody), (CaseAnnotated.self, .nobody), (DeviceCleared.self, .nobody),
        // A task's holder: new tasks, 催办, overdue, 督办, withdrawals, send-backs, rework; a mediator's disputes and reminders.
        (TaskAssigned.self, .holder), (TaskReminded.self, .holder), (TaskOverdue.self, .holder), (TaskSupervisionOrdered.self, .holder),
        (TaskWithdrawn.self, .holder), (TaskSentBack.self, .holder), (TaskReopened.self, .holder), (MediationAssigned.self, .holder),
        (MediationReminder.self, .holder),
        // Mediation's own events: the disputants hear them through the case's copies above.
        (MediationOpened.self, .nobody), (MediationEscalated.self, .nobody), (MediationProgressed.self, .nobody), (MediationConcluded.self, .nobody),
        // A proposal's households.
        (DeliberationOpened.self, .households), (DeliberationDecided.self, .households), (DeliberationProgressed.self, .households),
    ]

    /// Who hears a holder's notice besides the holder: a department's duty officers on duty at `now` (all of them when
    /// none is, so that someone does); nobody else for staff.
    public static func dutyOfficers(of holder: String, city: City, at now: Date) -> [String] {
        city.dutyOfficers(of: holder, at: now)
    }

    /// Every event type → who hears it.
    public static var table: [String: Audience] {
        Dictionary(uniqueKeysWithValues: rows.flatMap { row in row.event.eventTypes.map { ($0, row.audience) } })
    }
}
