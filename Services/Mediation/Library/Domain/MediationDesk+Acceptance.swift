public import Contracts
public import Foundation
import CityModel
import Envelope
import Timekeeping

extension MediationDesk {
    /// A mediator acts on the case they hold (`file`, nil when there is no such case): the one entry of every
    /// `mediator-command`, which says what each action needs.
    public func act(_ command: MediatorCommand, file: MediationFile?, now: Date) throws(Refused) -> MediationDecision {
        guard let file else { throw Refused(.unknownMediation, "no mediation case '\(command.mediation.prefix(80))'") }
        guard file.mediator.id == command.mediator else {
            if file.recused.contains(command.mediator) {
                throw Refused(.mediatorRecused, "a party objected to \(command.mediator): this mediation case is with \(file.mediator.id) now")
            }
            throw Refused(.notYourMediation, "this mediation case is with \(file.mediator.id) at the \(file.level.rawValue) tier")
        }
        switch command.action {
        case .conclude: return try conclude(command, file: file, now: now)
        case .accept: return try accept(command, file, now: now)
        case .decline: return try decline(command, file, now: now)
        case .refuse: return try refuse(command, file, now: now)
        case .recuse: return try recuse(command, file, now: now)
        case .schedule: return try schedule(command, file, now: now)
        case .minutes: return try minutes(command, file, now: now)
        case .extend: return try extend(command, file, now: now)
        case .draft: return try draft(command, file, now: now)
        case .sign: return try command.session == nil ? sign(command, file, now: now) : signMinutes(command, file, now: now)
        case .seal: return try seal(file, now: now)
        case .confirm: return try confirm(command, file, now: now)
        case .followUp: return try followUp(command, file, now: now)
        }
    }

    /// 受理: the mediator takes the dispute with its parties, having told them their rights and duties.
    func accept(_ command: MediatorCommand, _ file: MediationFile, now: Date) throws(Refused) -> MediationDecision {
        try Self.mustBeOpen(file, to: "accepted")
        if let accepted = file.acceptedAt { throw Refused(.invalidTransition, "this dispute was accepted already (\(city.calendar.localTime(accepted)))") }
        guard command.rightsTold == true else {
            throw Refused(.missingDetail, "accepting needs rightsTold: true — the parties are told their rights and duties before mediation")
        }
        guard let entries = command.parties, entries.count >= 2 else { throw Refused(.missingDetail, "accepting needs the parties: two or more") }
        guard entries.count <= 20 else { throw Refused(.malformedCommand, "a dispute takes at most 20 parties") }
        for (index, entry) in entries.enumerated() {
            let name = entry.name.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !name.isEmpty, name.count <= 100 else { throw Refused(.malformedCommand, "party \(index + 1) needs a name of 1 to 100 characters") }
            guard (entry.contact?.count ?? 0) <= 200, (entry.address?.count ?? 0) <= 200 else {
                throw Refused(.malformedCommand, "party \(index + 1)'s contact and address take at most 200 characters")
            }
            if let resident = entry.resident, !Self.isResidentID(resident) {
                throw Refused(.malformedCommand, "party \(index + 1)'s resident must be a resident-app id of a-z, 0-9, - and _ (1 to 64)")
            }
        }
        guard entries.contains(where: { $0.side == .applicant }), entries.contains(where: { $0.side == .respondent }) else {
            throw Refused(.malformedCommand, "a dispute has an applicant and a respondent")
        }
        var accepted = file
        accepted.parties = entries.enumerated().map { MediationParty(id: "p\($0.offset + 1)", entry: $0.element) }
        accepted.acceptedAt = now
        return progressed(accepted, .accepted, parties: accepted.parties.map(\.reference), note: command.note)
    }

    /// The committee does not take the dispute (before accepting it): it leaves mediation with the reason.
    func decline(_ command: MediatorCommand, _ file: MediationFile, now: Date) throws(Refused) -> MediationDecision {
        try Self.mustBeOpen(file, to: "declined")
        guard file.acceptedAt == nil else {
            throw Refused(.invalidTransition, "an accepted dispute is not declined: conclude it failed, or let a party refuse")
        }
        let reason = try Self.required(command.reason, "reason", refusal: .reasonRequired)
        return end(file, .failed, referral: nil, note: reason, cause: .declined, now: now)
    }

    /// Mediation is voluntary: a party refuses it, and the dispute leaves mediation with that reason.
    func refuse(_ command: MediatorCommand, _ file: MediationFile, now: Date) throws(Refused) -> MediationDecision {
        try Self.mustBeOpen(file, to: "refused")
        let index = try Self.party(command.party, of: file)
        var refused = file
        refused.parties[index].refusedAt = now
        let who = "\(file.parties[index].id) (\(file.parties[index].reference.name))"
        let note = command.reason.map { "\(who) refused mediation: \($0)" } ?? "\(who) refused mediation"
        return end(refused, .failed, referral: nil, note: note, cause: .refused, now: now)
    }

    /// More time at this tier (the month is "longer only if both parties agree"): every party's consent, the
    /// time added to the current limit on the work calendar.
    func extend(_ command: MediatorCommand, _ file: MediationFile, now: Date) throws(Refused) -> MediationDecision {
        try Self.mustBeOpen(file, to: "extended")
        guard !file.parties.isEmpty else { throw Refused(.invalidTransition, "accept the dispute with its parties first: an extension needs their consent") }
        let text = try Self.required(command.within, "within")
        guard let limit = TimeLimit(text: text), limit.amount > 0 else {
            throw Refused(.malformedCommand, "'within' must be a time limit such as 10wd or 15d")
        }
        let consents = command.consents ?? []
        if let stranger = consents.first(where: { id in !file.parties.contains { $0.id == id } }) {
            throw Refused(.notAParty, "'\(stranger.prefix(40))' is not a party to this dispute")
        }
        let missing = file.activeParties.filter { !consents.contains($0.id) }
        guard missing.isEmpty else {
            throw Refused(.consentMissing, "an extension needs every party's consent: \(missing.map(\.id).joined(separator: ", ")) did not consent")
        }
        var extended = file
        extended.dueAt = city.calendar.deadline(from: max(file.dueAt ?? now, now), adding: limit)
        return progressed(extended, .extended, dueAt: extended.dueAt, note: command.note ?? "extended by \(limit)")
    }
}

extension MediationDesk {
    static func mustBeOpen(_ file: MediationFile, to verb: String) throws(Refused) {
        guard file.isOpen else { throw Refused(.invalidTransition, "a mediation that is \(file.status.rawValue) cannot be \(verb)") }
    }

    static func required(_ value: String?, _ name: String, refusal: Refusal = .missingDetail) throws(Refused) -> String {
        guard let value = value?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else {
            throw Refused(refusal, "this action needs '\(name)'")
        }
        return value
    }

    /// The index of the party `id` names among the case's parties.
    static func party(_ id: String?, of file: MediationFile) throws(Refused) -> Int {
        let id = try required(id, "party")
        guard let index = file.parties.firstIndex(where: { $0.id == id }) else {
            let known = file.parties.isEmpty ? "it has none yet" : "its parties are \(file.parties.map(\.id).joined(separator: ", "))"
            throw Refused(.notAParty, "'\(id.prefix(40))' is not a party to this dispute: \(known)")
        }
        return index
    }

    /// The case after a step, announced on `mediation.progressed.`; each step's event id is the case's step count.
    func progressed(_ file: MediationFile, _ step: MediationStep, parties: [PartyRef]? = nil, dueAt: Date? = nil,
                    performance: Performance? = nil, court: String? = nil, note: String? = nil, session: SessionRef? = nil,
                    previous: PersonRef? = nil) -> MediationDecision {
        var stepped = file
        stepped.steps += 1
        let event = MediationProgressed(mediation: file.mediation, caseID: file.caseID, step: step, level: file.level, location: file.location,
                                        mediator: file.mediator, parties: parties, dueAt: dueAt, performance: performance, court: court, note: note,
                                        session: session, previous: previous, residents: Self.residents(of: file))
        return MediationDecision(file: stepped, emissions: [Emission(id: "\(file.mediation)-p\(stepped.steps)", event: event)])
    }

    /// The resident-app ids of the parties who gave one and have not refused mediation, each once, sorted; nil when none.
    public static func residents(of file: MediationFile) -> [String]? {
        file.parties.filter { $0.refusedAt == nil }.compactMap(\.entry.resident).recipients
    }

    static func isResidentID(_ id: String) -> Bool {
        (1...64).contains(id.count) && id.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" }
    }
}
