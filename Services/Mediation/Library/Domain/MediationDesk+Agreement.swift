public import Contracts
public import Foundation
import CityModel
import Envelope
import Timekeeping

extension MediationDesk {
    /// The judicial-confirmation window: the parties may apply within 30 days of the agreement taking effect.
    static let confirmationWindow: TimeInterval = 30 * 86_400
    /// The mediator is reminded this long before the window closes.
    static let confirmationReminder: TimeInterval = 7 * 86_400
    /// When a visit finds an agreement partly performed, the next visit is due this much later.
    static let followUpInterval = TimeLimit(10, .workingDays)

    /// The mediator drafts the agreement (人民调解协议书) of an accepted dispute; a new draft replaces the old
    /// and clears its signatures.
    func draft(_ command: MediatorCommand, _ file: MediationFile, now: Date) throws(Refused) -> MediationDecision {
        try Self.mustBeOpen(file, to: "drafted")
        guard file.acceptedAt != nil else { throw Refused(.invalidTransition, "accept the dispute with its parties before drafting an agreement") }
        guard let terms = command.agreement else { throw Refused(.missingDetail, "drafting needs the agreement") }
        let fields = [("facts", terms.facts), ("matters", terms.matters), ("responsibilities", terms.responsibilities), ("terms", terms.terms),
                      ("performanceWay", terms.performanceWay), ("performancePlace", terms.performancePlace)]
        for (name, text) in fields {
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty, trimmed.count <= 4_000 else { throw Refused(.malformedCommand, "the agreement's \(name) needs 1 to 4000 characters") }
        }
        guard let deadline = city.calendar.midnight(of: terms.performanceBy) else {
            throw Refused(.malformedCommand, "the agreement's performanceBy must be a date such as 2027-01-15")
        }
        guard deadline.addingTimeInterval(86_400) > now else {
            throw Refused(.malformedCommand, "the agreement's performanceBy (\(terms.performanceBy)) has passed")
        }
        var drafted = file
        drafted.agreement = MediationAgreement(terms: terms, draftedAt: now)
        for index in drafted.parties.indices { drafted.parties[index].signedAt = nil }
        return progressed(drafted, .drafted, note: command.note)
    }

    /// A party signs (or fingerprints) the draft before the mediator, who records it.
    func sign(_ command: MediatorCommand, _ file: MediationFile, now: Date) throws(Refused) -> MediationDecision {
        try Self.mustBeOpen(file, to: "signed")
        guard file.agreement != nil else { throw Refused(.invalidTransition, "there is no agreement to sign: draft it first") }
        let index = try Self.party(command.party, of: file)
        if let signed = file.parties[index].signedAt {
            throw Refused(.invalidTransition, "\(file.parties[index].id) signed this draft already (\(city.calendar.localTime(signed)))")
        }
        var signed = file
        signed.parties[index].signedAt = now
        return progressed(signed, .signed, parties: [file.parties[index].reference], note: command.note)
    }

    /// The mediator signs and the committee seals an agreement every party signed: it takes effect, the
    /// dispute ends agreed at this tier, the judicial-confirmation window opens (with a reminder a week
    /// before it closes), and a follow-up visit falls due the morning after the performance deadline.
    func seal(_ file: MediationFile, now: Date) throws(Refused) -> MediationDecision {
        try Self.mustBeOpen(file, to: "sealed")
        guard var agreement = file.agreement else { throw Refused(.invalidTransition, "there is no agreement to seal: draft it first") }
        if let sealedAt = agreement.sealedAt {      // a broken agreement reopened: a new one is drafted and signed anew
            throw Refused(.invalidTransition, "this agreement was sealed already (\(city.calendar.localTime(sealedAt))): draft a new one")
        }
        let unsigned = file.activeParties.filter { $0.signedAt == nil }
        guard unsigned.isEmpty else {
            throw Refused(.notSigned, "every party signs before the seal: \(unsigned.map { "\($0.id) (\($0.reference.name))" }.joined(separator: ", ")) has not")
        }
        let closes = now.addingTimeInterval(Self.confirmationWindow)
        (agreement.sealedAt, agreement.windowClosesAt) = (now, closes)
        var sealed = file
        sealed.agreement = agreement
        sealed.confirmationReminderAt = closes.addingTimeInterval(-Self.confirmationReminder)
        let deadline = city.calendar.midnight(of: agreement.terms.performanceBy) ?? now
        sealed.followUpAt = max(now, deadline.addingTimeInterval(86_400 + 9 * 3_600))
        let step = progressed(sealed, .sealed, dueAt: closes, note: "the agreement took effect")
        let concluded = end(step.file, .agreed, referral: nil, note: "agreement sealed", now: now)
        return MediationDecision(file: concluded.file, emissions: step.emissions + concluded.emissions)
    }

    /// The parties applied for judicial confirmation (司法确认) within the window, and the court decided.
    func confirm(_ command: MediatorCommand, _ file: MediationFile, now: Date) throws(Refused) -> MediationDecision {
        guard file.status == .agreed, var agreement = file.agreement, agreement.sealedAt != nil, let closes = agreement.windowClosesAt else {
            throw Refused(.invalidTransition, "only a sealed written agreement goes to the court for confirmation")
        }
        guard let step = command.application else { throw Refused(.missingDetail, "this action needs 'application': applied, confirmed or rejected") }
        var confirmed = file
        switch step {
        case .applied:
            guard agreement.confirmation == nil else { throw Refused(.invalidTransition, "the parties applied already (\(agreement.court ?? ""))") }
            guard now <= closes else {
                throw Refused(.confirmationWindowClosed, "judicial confirmation is applied for within 30 days: the window closed \(city.calendar.localTime(closes))")
            }
            agreement.court = try Self.required(command.court, "court")
            confirmed.confirmationReminderAt = nil
        case .confirmed, .rejected:
            guard agreement.confirmation == .applied else { throw Refused(.invalidTransition, "the court decides only after the parties applied") }
        }
        (agreement.confirmation, agreement.confirmationAt) = (step, now)
        confirmed.agreement = agreement
        let kind: MediationStep = step == .applied ? .confirmationApplied : step == .confirmed ? .confirmed : .rejected
        return progressed(confirmed, kind, court: agreement.court, note: command.note)
    }
}
