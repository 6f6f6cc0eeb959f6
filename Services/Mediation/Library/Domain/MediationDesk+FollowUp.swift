public import Contracts
public import Foundation
import CityModel
import Envelope
import Timekeeping

extension MediationDesk {
    /// A follow-up visit (回访) on an agreed dispute: performed ends the visits; partly sets the next one;
    /// not performed — a broken agreement — reopens mediation at the tier that agreed (a new stint, its time
    /// anew), or with a `referral` reopens and ends it referred.
    func followUp(_ command: MediatorCommand, _ file: MediationFile, now: Date) throws(Refused) -> MediationDecision {
        guard file.status == .agreed else { throw Refused(.invalidTransition, "only an agreed dispute is followed up: this one is \(file.status.rawValue)") }
        guard let performance = command.performance else {
            throw Refused(.missingDetail, "this action needs 'performance': performed, partly or not-performed")
        }
        var visited = file
        visited.followUps.append(FollowUpVisit(at: now, performance: performance, note: command.note, by: command.mediator))
        switch performance {
        case .performed, .partly:
            visited.followUpAt = performance == .partly ? city.calendar.deadline(from: now, adding: Self.followUpInterval) : nil
            return progressed(visited, .followedUp, dueAt: visited.followUpAt, performance: performance, note: command.note)
        case .notPerformed:
            visited.followUpAt = nil
            let visit = progressed(visited, .followedUp, performance: performance, note: command.note)
            var reopened = visit.file
            (reopened.outcome, reopened.concludedAt, reopened.note) = (nil, nil, nil)
            reopened.status = file.level == file.trail.first?.level ? .opened : .escalated
            reopened.dueAt = due(file.category, from: now)
            reopened.trail.append(MediationStint(level: file.level, mediator: file.mediator, from: now))
            let reopen = progressed(reopened, .reopened, dueAt: reopened.dueAt, note: "the agreement was not performed")
            guard let referral = command.referral else { return MediationDecision(file: reopen.file, emissions: visit.emissions + reopen.emissions) }
            let referred = end(reopen.file, .failed, referral: referral, note: command.note ?? "the agreement was not performed", now: now)
            return MediationDecision(file: referred.file, emissions: visit.emissions + reopen.emissions + referred.emissions)
        }
    }

    /// A reminder fell due (`file.confirmationReminderAt` or `file.followUpAt` at or before `now`): the
    /// mediator is told on their task topic, once each — and of the judicial-confirmation window the parties too, as a
    /// `confirmation-reminded` step. Nil when none is due.
    public func reminderDue(_ file: MediationFile, now: Date) -> MediationDecision? {
        var reminded = file
        var emissions: [Emission] = []
        let parties = file.activeParties.map(\.reference)
        if let at = file.confirmationReminderAt, at <= now {
            reminded.confirmationReminderAt = nil
            let event = MediationReminder(mediation: file.mediation, caseID: file.caseID, kind: .confirmationWindow, location: file.location,
                                          mediator: file.mediator, dueAt: file.agreement?.windowClosesAt ?? at, parties: parties)
            emissions.append(Emission(id: "\(file.mediation)-reminder-confirmation", event: event))
            let told = progressed(reminded, .confirmationReminded, dueAt: file.agreement?.windowClosesAt ?? at)
            reminded = told.file
            emissions += told.emissions
        }
        if let at = file.followUpAt, at <= now {
            reminded.followUpAt = nil
            let event = MediationReminder(mediation: file.mediation, caseID: file.caseID, kind: .followUp, location: file.location,
                                          mediator: file.mediator, dueAt: at, parties: parties)
            emissions.append(Emission(id: "\(file.mediation)-reminder-follow-up-\(file.followUps.count + 1)", event: event))
        }
        return emissions.isEmpty ? nil : MediationDecision(file: reminded, emissions: emissions)
    }

    /// Whatever of a case's timers fell due by `now`: its tier's time limit, its reminders. Nil when none did.
    public func timersDue(_ file: MediationFile, now: Date) -> MediationDecision? {
        let limit = timeLimitPassed(file, now: now)
        let reminder = reminderDue(limit?.file ?? file, now: now)
        guard let last = reminder ?? limit else { return nil }
        return MediationDecision(file: last.file, emissions: (limit?.emissions ?? []) + (reminder?.emissions ?? []))
    }
}
