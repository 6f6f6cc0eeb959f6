public import Envelope

/// How a mediation ended: an agreement (调解协议), or none.
public enum MediationOutcome: String, ContractEnum {
    case agreed, failed
}

/// Where a failed mediation sends the parties.
public enum Referral: String, ContractEnum {
    case court, arbitration, petition
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
