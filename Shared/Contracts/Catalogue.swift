public import Envelope

/// Every message of the suite in one place: what `docs/schemas/` is generated from (`whistle schemas`),
/// and what the protocol document must name.
public enum Catalogue {
    public static let events: [any EventContract.Type] = [
        CaseReported.self, TaskAssigned.self, CaseDispatched.self, CaseReferred.self, CaseUnrouted.self,
        CaseTaskStepped.self, CaseMediating.self, CaseMediationEnded.self, MediationOpened.self, MediationAssigned.self, MediationConcluded.self,
        MediationEscalated.self, MediationProgressed.self, MediationReminder.self, CaseMediationProgressed.self, DeliberationOpened.self, DeliberationDecided.self, DeliberationProgressed.self,
        CaseAssigned.self, CaseEscalated.self, CaseReminded.self, CaseOverdue.self, CaseSupervised.self, CaseSupervisionAnswered.self,
        CaseSupervisionOverdue.self, CaseSummoned.self, CaseReassigned.self, CaseSentBack.self, CaseResolved.self, CaseVerified.self,
        CaseRated.self, CaseReopened.self, CaseClosed.self,
        TaskReminded.self, TaskOverdue.self, TaskSupervisionOrdered.self, TaskWithdrawn.self, TaskSentBack.self, TaskReopened.self,
        DeviceCleared.self, CaseAnnotated.self, CaseFollowed.self,
    ]

    public static let commands: [any CommandContract.Type] = [
        DepartmentCommand.self, StaffCommand.self, RatingCommand.self, MediatorCommand.self, DeviceCommand.self, NotificationCommand.self, ProposalCommand.self, VoteCommand.self, HouseholdCommand.self, ProposalRatingCommand.self,
    ]

    public static let messages: [any MessageContract.Type] = [
        CommandReply.self, ResidentReport.self, DeviceEvent.self, IngestReply.self, CaseView.self, StatsReport.self, MediationStatsReport.self, ProposalView.self,
        WebhookNotification.self, Heartbeat.self, ReporterContacts.self, DeliveryList.self, DeliveryView.self, InboxPage.self, RecipientPreferences.self, RequesterAddress.self,
        ConsoleAccount.self, ConsoleAccountRequest.self, ConsoleAccountList.self, DeviceList.self,
    ]

    /// Every CloudEvent type the suite publishes.
    public static var eventTypes: [String] { events.flatMap { $0.eventTypes } }

    /// Every schema file under `docs/schemas/`: its path there and its content. Events are open (a later
    /// version may add members; ignore what you do not know); commands are closed (a misspelt member is an error).
    public static func schemaFiles() -> [(path: String, document: JSONValue)] {
        var files: [(String, JSONValue)] = []
        for event in events {
            for type in event.eventTypes { files.append(("events/\(type).json", eventSchema(event, type: type))) }
        }
        for command in commands {
            files.append(("commands/\(command.commandName).json", document(command, "commands/\(command.commandName)", command.summary, closed: true)))
        }
        for message in messages {
            files.append(("messages/\(message.messageName).json", document(message, "messages/\(message.messageName)", message.summary, closed: false)))
        }
        return files
    }

    private static func eventSchema<E: EventContract>(_ event: E.Type, type: String) -> JSONValue {
        JSONSchema.document(E.self, id: "urn:whistle:schema:events/\(type)", title: type,
                            description: "The `data` of `\(type)`. " + E.summary, closed: false)
    }

    private static func document<M: Decodable>(_ message: M.Type, _ name: String, _ summary: String, closed: Bool) -> JSONValue {
        JSONSchema.document(M.self, id: "urn:whistle:schema:\(name)", title: name.split(separator: "/").last.map(String.init) ?? name,
                            description: summary, closed: closed)
    }
}
