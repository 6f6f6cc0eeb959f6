import ArgumentParser

/// A small producer, consumer and checker built on the shared modules, for the delivery tests:
/// the tests start them as real processes, kill them, and ask `check` whether anything was lost,
/// doubled or reordered.
@main
struct DeliveryProbe: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delivery-probe",
        abstract: "Test producer, consumer and checker for Whistle's delivery guarantees.",
        subcommands: [ProduceCommand.self, ConsumeCommand.self, CheckCommand.self])
}

/// Where a probe keeps its store and which bus address it uses.
struct ProbePlace: ParsableArguments {
    @Option(help: "SQLite file of this producer or consumer.") var db: String
    @Option(help: "The bus's publish (XSUB) address to produce, its subscribe (XPUB) address to consume; repeat for redundant buses.")
    var bus: [String]
}
