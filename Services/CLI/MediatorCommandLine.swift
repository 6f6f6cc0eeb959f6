public import ArgumentParser
public import Contracts
import Foundation

/// `whistle mediator <id> <verb>`: a mediator's whole dispute, from acceptance to the follow-up visit.
struct MediatorCommandLine: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mediator",
        abstract: "Act as a mediator: listen for your disputes, accept or decline one, take it to a sealed agreement, judicial confirmation and follow-up visits, or end your tier with it (failed: it climbs a tier; referred).",
        discussion: """
            A dispute goes 受理 → 调解 → 签协议 → 司法确认 → 回访. Accept it with its parties, having told them their
            rights and duties (--rights-told); hold sessions (public only if no party objects) and record their minutes
            (笔录), which each party signs; a party who objects to you (回避) gets another of the tier's mediators; draft the agreement (人民调解协议书), record each party's signature,
            and seal it: it takes effect, the dispute ends agreed, the parties have 30 days to apply for judicial
            confirmation (you are reminded a week before), and a follow-up visit falls due the morning after the
            performance deadline (you are reminded on your task topic). A visit that finds it not performed
            reopens the dispute with you, or with --referral ends it referred. A party may refuse mediation; more
            time needs every party's consent. `agreement` prints the document (HTML, one A4 page per copy).
            Mediation has four tiers ("4321"): grid, community 调委会, street, district 联调. A failure without
            --referral climbs to the next tier with the record so far; at the top tier it ends failed.
            Examples:
              whistle mediator med-g03 listen                             # the disputes med-g03 is given (task.med-g03.…)
              whistle mediator med-g03 accept m-intake-1-5 --rights-told --applicant "张三,13800000001,3栋101" --respondent "李四,13800000002,3栋201" \\
                  --resident p2=r-002      # 李四 uses the resident app: they hear the steps that concern them
              whistle mediator med-g03 draft m-intake-1-5 --facts "楼上漏水" --matters "维修费用" --responsibilities "李四负主要责任" \\
                  --terms "李四赔偿张三维修费800元" --way "微信转账" --place "社区调解室" --by 2027-01-15
              whistle mediator med-g03 schedule m-intake-1-5 --at 2026-12-10T15:00:00+08:00 --place "中山社区调解室" --participant p1 --participant p2
              whistle mediator med-g03 minutes m-intake-1-5 --session s1 --note "双方陈述……同意由李四赔偿"
              whistle mediator med-g03 sign m-intake-1-5 --session s1 --party p1      # p1 confirms the minutes (笔录)
              whistle mediator med-g03 recuse m-intake-1-5 --party p2 --reason "调解员系张三亲属"   # 回避: another mediator takes it
              whistle mediator med-g03 sign m-intake-1-5 --party p1
              whistle mediator med-g03 sign m-intake-1-5 --party p2
              whistle mediator med-g03 seal m-intake-1-5
              whistle mediator med-g03 agreement m-intake-1-5 --out 协议书.html
              whistle mediator med-g03 confirm m-intake-1-5 --application applied --court "某区人民法院"
              whistle mediator med-g03 follow-up m-intake-1-5 --performance performed --note "已付款"
              whistle mediator med-g03 extend m-intake-1-6 --within 10wd --consent p1 --consent p2
              whistle mediator med-g03 refuse m-intake-1-7 --party p2 --reason "不愿调解"
              whistle mediator med-g03 decline m-intake-1-8 --reason "已起诉至法院"
              whistle mediator med-g03 conclude m-intake-1-6 --outcome failed --note "双方分歧大"   # to med-c01
              whistle mediator med-c01 conclude m-intake-1-6 --outcome failed --referral court
            """)

    enum Verb: String, ExpressibleByArgument, CaseIterable {
        case listen, accept, decline, refuse, recuse, schedule, minutes, extend, draft, sign, seal, confirm
        case followUp = "follow-up"
        case conclude, agreement
    }

    @OptionGroup var suite: SuiteAddresses
    @Argument(help: "Mediator id (med-g03, med-c01 …).") var mediator: String
    @Argument(help: "listen | accept | decline | refuse | recuse | schedule | minutes | extend | draft | sign | seal | confirm | follow-up | conclude | agreement") var verb: Verb
    @Argument(help: "Mediation case id (m-<case>; not for listen).") var mediation: String?
    @Option(help: "accept: an applicant as \"name,contact,address\" (contact and address may be left out); repeat for more.") var applicant: [String] = []
    @Option(help: "accept: a respondent as \"name,contact,address\"; repeat for more.") var respondent: [String] = []
    @Option(name: .customLong("resident"), help: "accept: PARTY=RESIDENT — party p1, p2 … (applicants first, then respondents) uses the resident app as RESIDENT and hears the mediation's steps; repeat for more.")
    var residents: [String] = []
    @Flag(help: "accept: the parties were told their rights and duties.") var rightsTold = false
    @Option(help: "refuse, recuse, sign: the party (p1, p2 …).") var party: String?
    @Option(help: "decline, refuse, recuse: why.") var reason: String?
    @Option(help: "schedule: when (RFC 3339, or +<seconds> from now).") var at: String?
    @Option(help: "schedule: who takes part (a party id or a name); repeat for more.") var participant: [String] = []
    @Flag(help: "schedule: a public session (needs every party's --consent).") var `public` = false
    @Option(help: "minutes, sign: the session (s1, s2 …); sign with --session signs its minutes.") var session: String?
    @Option(help: "extend: the time added (10wd, 15d).") var within: String?
    @Option(help: "extend, schedule --public: a party who consents; repeat for every party.") var consent: [String] = []
    @Option(help: "draft: the main facts of the dispute.") var facts: String?
    @Option(help: "draft: the disputed matters.") var matters: String?
    @Option(help: "draft: each side's responsibility.") var responsibilities: String?
    @Option(help: "draft: what was agreed.") var terms: String?
    @Option(help: "draft: the way of performance.") var way: String?
    @Option(help: "draft: the place of performance; schedule: where the session is held.") var place: String?
    @Option(help: "draft: the performance deadline, a local date (2027-01-15).") var by: String?
    @Option(help: "confirm: applied | confirmed | rejected") var application: ConfirmationStep?
    @Option(help: "confirm applied: the court applied to.") var court: String?
    @Option(help: "follow-up: performed | partly | not-performed") var performance: Performance?
    @Option(help: "conclude: agreed | failed") var outcome: MediationOutcome?
    @Option(help: "A note for the record.") var note: String?
    @Option(help: "conclude failed, follow-up not-performed: refer the parties outward and end it (court | arbitration | petition | police).") var referral: Referral?
    @Option(help: "agreement: write the document to this file instead of standard output.") var out: String?
    @Option(help: "Command id (default: a new one); retrying with the same id gets the identical answer.") var id: String?
    @Option(help: "listen: stop after this many events.") var count: Int?

    func run() async throws {
        if verb == .listen {
            return try await TailCommand.tail(buses: suite.busSubscribe, prefix: Topics.tasks(of: mediator), count: count,
                                              security: try suite.security(actingAs: mediator))
        }
        guard let mediation else { throw ValidationError("'\(verb.rawValue)' needs a mediation case id") }
        if verb == .agreement { return try await printAgreement(mediation) }
        let command = try self.command(mediation)
        try await Requests.send(command, to: suite.mediatorCommands, security: try suite.security(actingAs: mediator), server: "mediation-1")
    }

    func command(_ mediation: String) throws -> Contracts.MediatorCommand {
        // Every verb but listen and agreement is the command's action of the same name.
        guard let action = MediatorAction(rawValue: verb.rawValue) else { preconditionFailure("'\(verb.rawValue)' is not a command") }
        var command = Contracts.MediatorCommand(command: id ?? Requests.newCommandID(), mediator: mediator, mediation: mediation, action: action,
                                                note: note, referral: referral)
        switch verb {
        case .listen, .agreement: preconditionFailure("not a command")
        case .conclude:
            guard let outcome else { throw ValidationError("'conclude' needs --outcome agreed or failed") }
            command.outcome = outcome
        case .accept:
            command.parties = try Self.withResidents(residents, applicant.map { try Self.party($0, .applicant) } + respondent.map { try Self.party($0, .respondent) })
            command.rightsTold = rightsTold
        case .decline: command.reason = reason
        case .refuse, .recuse: (command.party, command.reason) = (party, reason)
        case .schedule:
            guard let at, let place else { throw ValidationError("'schedule' needs --at and --place") }
            command.plan = SessionPlan(at: try CommandTime.parse(at, option: "at"), place: place, participants: participant.isEmpty ? nil : participant,
                                       public: `public` ? true : nil)
            command.consents = consent.isEmpty ? nil : consent
        case .minutes: command.session = session
        case .extend: (command.within, command.consents) = (within, consent)
        case .draft:
            guard let facts, let matters, let responsibilities, let terms, let way, let place, let by else {
                throw ValidationError("'draft' needs --facts, --matters, --responsibilities, --terms, --way, --place and --by")
            }
            command.agreement = AgreementTerms(facts: facts, matters: matters, responsibilities: responsibilities, terms: terms,
                                               performanceWay: way, performancePlace: place, performanceBy: by)
        case .sign: (command.party, command.session) = (party, session)
        case .seal: break
        case .confirm: (command.application, command.court) = (application, court)
        case .followUp: command.performance = performance
        }
        return command
    }

    /// "name,contact,address" → a party on `side`.
    static func party(_ text: String, _ side: PartySide) throws -> PartyEntry {
        let parts = text.split(separator: ",", maxSplits: 2, omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard let name = parts.first, !name.isEmpty else { throw ValidationError("a party is \"name,contact,address\": '\(text)' has no name") }
        func part(_ index: Int) -> String? { parts.count > index && !parts[index].isEmpty ? parts[index] : nil }
        return PartyEntry(name: name, side: side, contact: part(1), address: part(2))
    }

    /// "p2=r-002" → party p2 (the second listed) is resident r-002 of the resident app.
    static func withResidents(_ pairs: [String], _ parties: [PartyEntry]) throws -> [PartyEntry] {
        var parties = parties
        for pair in pairs {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, parts[0].hasPrefix("p"), let number = Int(parts[0].dropFirst()), parties.indices.contains(number - 1) else {
                throw ValidationError("--resident takes PARTY=RESIDENT with PARTY one of p1…p\(parties.count), got '\(pair)'")
            }
            parties[number - 1].resident = parts[1]
        }
        return parties
    }

    func printAgreement(_ mediation: String) async throws {
        let encoded = mediation.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? mediation
        let body = try await Requests.get("http://\(suite.http("mediation"))/agreements/\(encoded)", what: "agreement",
                                          apiKey: try suite.apiKey(actingAs: mediator))
        if let out {
            try body.write(to: URL(fileURLWithPath: out))
            print("wrote \(out) (\(body.count) bytes): open it in a browser and print it (A4, one page per copy)")
        } else {
            FileHandle.standardOutput.write(body)
        }
    }
}

extension ConfirmationStep: ExpressibleByArgument {}
extension Performance: ExpressibleByArgument {}
