public import Envelope

/// How a mediation ended: an agreement (调解协议), or none.
public enum MediationOutcome: String, ContractEnum {
    case agreed, failed
}

/// Where a mediation that settles nothing refers the parties outward: the people's court, labour
/// arbitration, the petition office (信访), the police.
public enum Referral: String, ContractEnum {
    case court, arbitration, petition, police
}

/// Why a dispute climbed a mediation tier.
public enum EscalationReason: String, ContractEnum {
    /// The tier's mediator concluded it failed, without a referral.
    case failed
    /// The tier's time limit passed before it ended.
    case timeLimit = "time-limit"
}

/// What a mediator may ask of a mediation case.
public enum MediatorAction: String, ContractEnum {
    case conclude
}

/// A person named in an event: a mediator, a grid worker.
public struct PersonRef: Codable, Sendable, Hashable {
    public var id, name: String

    public init(id: String, name: String) { (self.id, self.name) = (id, name) }
}
