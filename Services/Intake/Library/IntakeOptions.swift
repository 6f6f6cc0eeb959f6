public import ServiceKit

/// Intake's own section, `intake:`.
public struct IntakeOptions: ServiceOptions {
    public static let section = "intake"
    /// Where the acknowledged ingest ROUTER binds.
    public var ingest = "tcp://127.0.0.1:7200"
    /// Repeated alarms from one device within this many seconds of its case's opening join that case.
    public var alarmWindowSeconds: Double = 600

    public init() {}

    public func validate() throws(ConfigurationError) {
        try ServiceSettings<Self>.check(address: ingest, key: "intake.ingest")
        guard alarmWindowSeconds >= 0 else { throw .invalid(key: "intake.alarmWindowSeconds", reason: "must not be negative") }
    }
}
