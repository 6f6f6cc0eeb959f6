public import Contracts
public import Foundation

/// The reporter judges a settled case (satisfied / basic / unsatisfied; solved / partly / not). A good
/// enough rating closes it; "unsatisfied" or "not solved" reopens it for rework (返工) by the same lead.
/// One rating per resolution: after rework the reporter rates the new result.
public enum RatingDesk {
    public static func apply(_ command: RatingCommand, to file: CaseFile?, rules: Governance, now: Date) throws(Refused) -> DispatchDecision {
        guard let file else { throw Refused(.unknownCase, "no case '\(command.caseID.prefix(80))'") }
        guard file.reporter == command.reporter else { throw Refused(.notYourCase, "only the reporter of case \(file.caseID) rates it") }
        if let rating = file.rating, rating.round == file.round {
            throw Refused(.alreadyRated, "this resolution of case \(file.caseID) was rated already (\(rating.satisfaction.rawValue))")
        }
        guard [.resolved, .verified].contains(file.status) else {
            throw Refused(.notResolved, "case \(file.caseID) is \(file.status.rawValue): it can be rated once it is settled")
        }
        var decision = DispatchDecision(file, rules: rules, at: now)
        let rating = CaseRating(satisfaction: command.satisfaction, solved: command.solved, comment: command.comment, round: file.round, at: now)
        decision.amend { $0.rating = rating }
        decision.cancel(.rating)
        decision.step(file.status, Rated(satisfaction: rating.satisfaction, solved: rating.solved, comment: rating.comment, round: rating.round),
                      note: rating.comment, by: command.reporter)
        if rating.accepts {
            decision.close(.rated, by: command.reporter, reason: nil)
        } else {
            decision.reopen(by: command.reporter)
        }
        return decision
    }
}

extension DispatchDecision {
    /// 返工: the same lead works the case again — the lead department, or the rung's own holder when the
    /// case was settled without the whistle.
    public mutating func reopen(by: String) {
        let round = file.round + 1
        amend {
            $0.round = round
            $0.resolvedLevel = nil
        }
        guard file.whistledLevel != nil, let lead = file.leadTask else {
            let holder = TaskKind(rung: file.level).rawValue
            step(.reopened, Reopened(round: round, task: newTaskID(for: holder), department: holder), department: holder, by: by)
            assignRungTask(file.level, by: by)
            return
        }
        let acknowledgeBy = rules.deadline(file.category, at: lead.level, .acknowledge, from: now)
        let (handleBy, now) = (rules.deadline(file.category, at: lead.level, .handle, from: now), now)
        update(task: lead.task) {
            ($0.state, $0.startedAt, $0.acknowledgeBy, $0.handleBy) = (.dispatched, now, acknowledgeBy, handleBy)
            ($0.acknowledgedAt, $0.completedAt, $0.rework) = (nil, nil, $0.rework + 1)
        }
        if let updated = file.task(lead.task) { scheduleStages(of: updated) }
        step(.reopened, Reopened(round: round, task: lead.task, department: lead.department), department: lead.department, task: lead.task, by: by)
        notify(lead, Reopening(round: round, acknowledgeBy: acknowledgeBy, handleBy: handleBy))
    }
}
