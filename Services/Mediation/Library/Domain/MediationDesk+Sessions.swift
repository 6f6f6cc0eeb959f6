public import Contracts
public import Foundation
import CityModel
import Envelope

extension MediationDesk {
    /// 回避: a party objects to the mediator; the next of the tier's mediators nobody objected to takes the dispute,
    /// with the record, and is told on their task topic.
    func recuse(_ command: MediatorCommand, _ file: MediationFile, now: Date) throws(Refused) -> MediationDecision {
        try Self.mustBeOpen(file, to: "handed to another mediator")
        let index = try Self.party(command.party, of: file)
        let objected = file.recused + [file.mediator.id]
        guard let next = city.mediators(at: file.level, location: file.location).first(where: { !objected.contains($0.id) }) else {
            throw Refused(.noMediator, "no other mediator serves the \(file.level.rawValue) tier here: conclude it failed to pass it up, or refer it")
        }
        var handed = file
        handed.recused = objected
        handed.mediator = PersonRef(id: next.id, name: next.name)
        if let last = handed.trail.indices.last { handed.trail[last].mediator = handed.mediator }
        let note = "\(file.parties[index].id) (\(file.parties[index].reference.name)) objected to \(file.mediator.name)"
            + (command.reason.map { ": \($0)" } ?? "")
        let step = progressed(handed, .recused, note: note, previous: file.mediator)
        let assigned = MediationOpened(mediation: file.mediation, caseID: file.caseID, category: file.category, level: file.level,
                                       location: file.location, mediator: handed.mediator, reporter: file.reporter, description: file.description)
        let told = Emission(id: "\(file.mediation)-assigned-recusal-\(objected.count)", event: MediationAssigned(assigned))
        return MediationDecision(file: step.file, emissions: step.emissions + [told])
    }

    /// A session (调解会) scheduled: public only when every party agrees (no party objects).
    func schedule(_ command: MediatorCommand, _ file: MediationFile, now: Date) throws(Refused) -> MediationDecision {
        try Self.mustBeOpen(file, to: "given a session")
        guard file.acceptedAt != nil else { throw Refused(.invalidTransition, "accept the dispute with its parties before scheduling a session") }
        guard var plan = command.plan else { throw Refused(.missingDetail, "scheduling needs a 'plan': at, place, optional participants and public") }
        plan.place = plan.place.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !plan.place.isEmpty, plan.place.count <= 200 else { throw Refused(.malformedCommand, "a session's place needs 1 to 200 characters") }
        guard plan.at > now else { throw Refused(.malformedCommand, "a session is scheduled after now") }
        if plan.public == true {
            let consents = command.consents ?? []
            let missing = file.activeParties.filter { !consents.contains($0.id) }
            guard missing.isEmpty else {
                throw Refused(.consentMissing, "a session is public only when no party objects: \(missing.map(\.id).joined(separator: ", ")) did not agree")
            }
        }
        var scheduled = file
        let session = MediationSession(id: "s\(file.sessions.count + 1)", plan: plan)
        scheduled.sessions.append(session)
        return progressed(scheduled, .scheduled, note: command.note, session: session.reference)
    }

    /// The minutes (笔录) of a session; recording them again replaces them and clears the parties' signatures.
    func minutes(_ command: MediatorCommand, _ file: MediationFile, now: Date) throws(Refused) -> MediationDecision {
        try Self.mustBeOpen(file, to: "minuted")
        let index = try Self.session(command.session, of: file)
        let text = try Self.required(command.note, "note")
        guard text.count <= 20_000 else { throw Refused(.malformedCommand, "minutes take at most 20000 characters") }
        var minuted = file
        (minuted.sessions[index].minutes, minuted.sessions[index].minutedAt, minuted.sessions[index].signatures) = (text, now, [:])
        return progressed(minuted, .minuted, session: minuted.sessions[index].reference)
    }

    /// A party confirms a session's minutes by signing them.
    func signMinutes(_ command: MediatorCommand, _ file: MediationFile, now: Date) throws(Refused) -> MediationDecision {
        let index = try Self.session(command.session, of: file)
        guard file.sessions[index].minutes != nil else { throw Refused(.invalidTransition, "session \(file.sessions[index].id) has no minutes to sign") }
        let party = try Self.party(command.party, of: file)
        let id = file.parties[party].id
        if file.sessions[index].signatures[id] != nil { throw Refused(.invalidTransition, "\(id) signed the minutes of \(file.sessions[index].id) already") }
        var signed = file
        signed.sessions[index].signatures[id] = now
        return progressed(signed, .signed, parties: [file.parties[party].reference], session: signed.sessions[index].reference)
    }

    static func session(_ id: String?, of file: MediationFile) throws(Refused) -> Int {
        let id = try required(id, "session")
        guard let index = file.sessions.firstIndex(where: { $0.id == id }) else {
            throw Refused(.unknownSession, "no session '\(id.prefix(40))' in \(file.mediation)")
        }
        return index
    }
}
