public import Contracts
public import Foundation

/// A case follows what other services report about it: dispatch owns every status a resident can see, so
/// what the mediation service does to a dispute, and a device's return to normal, become steps of the case here.
public enum CaseFollowing {
    /// A mediator took the dispute.
    public static func opened(_ event: MediationOpened, file: CaseFile, rules: Governance, now: Date) -> DispatchDecision? {
        guard file.status == .referredToMediation else { return nil }
        var decision = DispatchDecision(file, rules: rules, at: now)
        decision.step(.mediating, Mediating(mediation: event.mediation, mediator: event.mediator, level: event.level),
                      note: "mediator \(event.mediator.name)", by: event.mediator.id)
        return decision
    }

    /// A mediation tier could not settle the dispute and it climbed to the next tier's mediator, who takes
    /// it (the step is by them, as when mediation opened it).
    public static func escalated(_ event: MediationEscalated, file: CaseFile, rules: Governance, now: Date) -> DispatchDecision? {
        guard file.status == .mediating else { return nil }
        var decision = DispatchDecision(file, rules: rules, at: now)
        decision.step(.mediating, Mediating(mediation: event.mediation, mediator: event.mediator, level: event.level, from: event.from),
                      note: event.note ?? "\(event.from.rawValue) mediation could not settle it: \(event.mediator.name)", by: event.mediator.id)
        return decision
    }

    /// A step of the mediation between its opening and end, or after its agreement: a note on the case,
    /// except that another mediator taking it after a party's objection is a `mediating` step by them, a broken
    /// agreement reopened takes a mediated case back to mediating, and a follow-up visit that finds the agreement
    /// performed closes it (`mediated`).
    public static func progressed(_ event: MediationProgressed, file: CaseFile, rules: Governance, now: Date) -> DispatchDecision? {
        let reopens = event.step == .reopened
        guard reopens ? file.status == .mediated : [.mediating, .mediated].contains(file.status) else { return nil }
        var decision = DispatchDecision(file, rules: rules, at: now)
        if event.step == .recused {     // another mediator took it: they read the case as the one who took it first did
            decision.step(.mediating, Mediating(mediation: event.mediation, mediator: event.mediator, level: event.level),
                          note: event.note ?? "another mediator: \(event.mediator.name)", by: event.mediator.id)
            return decision
        }
        decision.step(reopens ? .mediating : file.status,
                      MediationProgress(mediation: event.mediation, step: event.step, performance: event.performance, note: event.note,
                                        session: event.session, dueAt: event.dueAt, residents: event.residents),
                      note: event.note ?? "mediation \(event.step.rawValue)", by: event.mediator.id)
        if event.step == .followedUp, event.performance == .performed, file.status == .mediated {
            decision.close(.mediated, by: event.mediator.id, reason: "the mediation agreement was performed")
        }
        return decision
    }

    /// The device that raised the case reported normal again: a note on the case, which moves nothing.
    /// A closed case takes no more notes.
    public static func deviceCleared(_ event: DeviceCleared, file: CaseFile, rules: Governance, now: Date) -> DispatchDecision? {
        guard file.status != .closed else { return nil }
        var decision = DispatchDecision(file, rules: rules, at: now)
        decision.step(file.status, Annotated(device: event.device, reading: event.reading, note: event.note), note: event.note, by: event.device)
        return decision
    }

    /// The mediation ended: with an agreement the case is mediated; without one it ended unresolved here,
    /// with where the parties may turn.
    public static func concluded(_ event: MediationConcluded, file: CaseFile, rules: Governance, now: Date) -> DispatchDecision? {
        guard [.referredToMediation, .mediating].contains(file.status) else { return nil }
        var decision = DispatchDecision(file, rules: rules, at: now)
        let detail = MediationEnded(mediation: event.mediation, outcome: event.outcome, note: event.note, referral: event.referral)
        decision.step(event.outcome == .agreed ? .mediated : .mediationFailed, detail, note: event.note, by: event.mediator.id)
        return decision
    }
}
