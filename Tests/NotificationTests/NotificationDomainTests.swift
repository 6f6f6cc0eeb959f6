import CityModel
import Contracts
import Foundation
import Messaging
import GRDB
import Logging
import StoreKit
import Testing
import Timekeeping
@testable import WhistleNotification
@testable import WhistleNotificationDomain

@Suite("Notification: what residents hear, and delivery bookkeeping on a manual clock")
struct NotificationDomainTests {
    let announcer = Announcer(city: try! City.demo(), book: try! TemplateBook())
    let place = GridLocation(street: "s01", community: "c01", grid: "g01")

    func step<D: CaseStepDetail>(_ detail: D, status: CaseStatus = .dispatched, reporter: String? = "r-001") -> CaseStep<D> {
        CaseStep(caseID: "intake-1-7", status: status, category: "gkpw", location: place, reporter: reporter, detail: detail)
    }

    @Test("each step the resident must hear becomes a message in their words")
    func residentMessages() throws {
        let report = CaseReported(caseID: "intake-1-7", category: "gkpw", categoryName: "高空抛物", priority: .high, level: .community,
                                  dispute: false, location: place, description: "d", origin: .resident,
                                  source: SourceEvent(source: "/t", id: "1", type: "whistle.report.resident"), reporter: "r-001")
        let received = try #require(announcer.notice(for: report))
        #expect(received.kind == .received && received.recipient == "r-001")
        #expect(received.text == "您报告的高空抛物问题已受理，案件编号 intake-1-7。")
        let dispatched = try #require(announcer.notice(for: step(Dispatched(department: "cg", departments: ["cg", "pcs"], note: "", level: .street))))
        #expect(dispatched.text == "您的案件 intake-1-7 已派发给城管、派出所处理。")
        let acknowledged = try #require(announcer.notice(for: step(TaskStepped(
            step: .acknowledged, task: "t", department: "cg", role: .lead, state: .acknowledged))))
        #expect(acknowledged.text == "城管已报到，正在处理您的案件 intake-1-7。")
        let mediation = try #require(announcer.notice(for: step(Mediating(mediation: "m", mediator: PersonRef(id: "m1", name: "王芳"), level: .grid))))
        #expect(mediation.text.contains("王芳") && mediation.kind == .mediation)
        let failed = try #require(announcer.notice(for: step(MediationEnded(mediation: "m", outcome: .failed, referral: .court))))
        #expect(failed.kind == .mediationFailed && failed.text.contains("人民法院"))
    }

    @Test("a disputant hears the mediation's steps that concern them — the reporter and each party using the resident app, once — times on the city's clock; the rest say nothing")
    func mediationSteps() throws {
        let session = SessionRef(id: "s1", at: Date(timeIntervalSince1970: 1_795_395_600), place: "中山社区调解室", public: true)
        func heard(_ progress: MediationProgress, reporter: String? = "r-001") -> [Notice] { announcer.notices(for: step(progress, reporter: reporter)) }
        #expect(heard(MediationProgress(mediation: "m", step: .accepted)).map(\.kind) == [.mediationAccepted])
        #expect(heard(MediationProgress(mediation: "m", step: .scheduled, session: session)).first?.text
                == "纠纷 intake-1-7 的调解定于 2026-11-23 09:00:00 +08:00 在中山社区调解室进行（公开调解），请按时参加。")
        let sealed = MediationProgress(mediation: "m", step: .sealed, dueAt: Date(timeIntervalSince1970: 1_795_395_600 + 30 * 86_400))
        #expect(heard(sealed).first?.text == "纠纷 intake-1-7 的调解协议已生效，请按约履行。双方可在 2026-12-23 09:00:00 +08:00 前共同向人民法院申请司法确认。")
        #expect(heard(MediationProgress(mediation: "m", step: .reopened)).map(\.kind) == [.mediationReopened])
        let closing = MediationProgress(mediation: "m", step: .confirmationReminded, dueAt: Date(timeIntervalSince1970: 1_795_395_600 + 30 * 86_400))
        #expect(heard(closing).first?.text == "纠纷 intake-1-7 的调解协议申请司法确认的期限将于 2026-12-23 09:00:00 +08:00 届满；如需申请，请双方在此之前共同向人民法院提出。")
        let parties = MediationProgress(mediation: "m", step: .accepted, residents: ["r-001", "r-002"])
        let told = heard(parties)
        #expect(told.map(\.recipient) == ["r-001", "r-002"] && Set(told.map(\.text)).count == 1, "the reporter once, the other party too, the same words")
        #expect(heard(parties, reporter: nil).map(\.recipient) == ["r-001", "r-002"], "a dispute nobody reported still reaches its parties")
        for quiet in [MediationStep.drafted, .signed, .minuted, .extended, .confirmationApplied, .followedUp, .recused] {
            #expect(heard(MediationProgress(mediation: "m", step: quiet, residents: ["r-002"])).isEmpty, "\(quiet)")
        }
    }

    @Test("the ladder in the resident's words: who has the case, where it went, the new department, settled, reopened, closed")
    func ladderMessages() throws {
        let at = Date(timeIntervalSince1970: 1_795_395_600)
        #expect(announcer.notice(for: step(Assigned(task: "t", kind: .grid, holder: PersonRef(id: "gw-g01", name: "王芳"), level: .grid, handleBy: at)))?.text
                == "您的案件 intake-1-7 已交由王芳处理。")
        #expect(announcer.notice(for: step(Escalated(from: .community, to: .street, reason: "r", by: "dispatch")))?.text
                == "您的案件 intake-1-7 已上报东关街道办事处处理。")
        #expect(announcer.notice(for: step(Escalated(from: .street, to: .community, reason: "r", by: "so-s01"))) == nil, "going down says nothing")
        let reassigned = Reassigned(task: "t2", department: "gd", role: .lead, fromTask: "t", fromDepartment: "xf", by: "so-s01", reason: nil)
        #expect(announcer.notice(for: step(reassigned))?.text == "您的案件 intake-1-7 已改派给供电处理。")
        var assisting = reassigned
        assisting.role = .assist
        #expect(announcer.notice(for: step(assisting)) == nil)
        let lastDone = TaskStepped(step: .completed, task: "t", department: "wy", role: .assist, state: .completed)
        #expect(announcer.notice(for: step(lastDone, status: .completed))?.text == "物业已办结您的案件 intake-1-7，正在核查处理结果。")
        #expect(announcer.notice(for: step(lastDone, status: .inProgress)) == nil, "others are still at work")
        #expect(announcer.notice(for: step(Resolved(level: .grid, task: "t", by: "gw-g01", note: nil)))?.kind == .resolved)
        #expect(announcer.notice(for: step(Resolved(level: .grid, task: "t", by: "gw-g01", note: nil)))?.text.contains("王芳") == true)
        #expect(announcer.notice(for: step(Verified(level: .street, by: "so-s01", note: nil)))?.text.contains("请评价") == true)
        #expect(announcer.notice(for: step(Reopened(round: 2, task: "t", department: "cg")))?.text == "您的案件 intake-1-7 已退回城管返工处理（第 2 轮）。")
        #expect(announcer.notice(for: step(Reopened(round: 2, task: "t", department: "grid")))?.text == "您的案件 intake-1-7 已退回王芳返工处理（第 2 轮）。")
        #expect(announcer.notice(for: step(Closed(outcome: .unfixable, level: .street, by: "so-s01", reason: "待旧改")))?.text
                == "您的案件 intake-1-7 已结案，暂时无法解决，已挂账：待旧改。")
        #expect(announcer.notice(for: step(Closed(outcome: .rated, level: .grid, by: "r-001", reason: nil)))?.text == "您的案件 intake-1-7 已结案，感谢您的评价。")
    }

    @Test("a resident whose report was linked to an open case is told which, in their words")
    func linked() throws {
        let followed = CaseFollowed(caseID: "intake-1-7", reporter: "r-002", category: "ljdf", location: place,
                                    source: SourceEvent(source: "/apps/resident/r-002", id: "9", type: "whistle.report.resident"))
        let notice = try #require(announcer.notice(for: followed))
        #expect(notice.kind == .linked && notice.recipient == "r-002" && notice.caseID == "intake-1-7")
        #expect(notice.text == "您报告的垃圾堆放问题附近已有相同案件 intake-1-7 正在处理，您的报告已并入该案件，后续进展会同步告知您。")
    }

    @Test("a proposal's households hear its vote open (rule in plain words, closing on the city's clock), its result with the tally, the call to rate and 两公开")
    func proposalNotices() throws {
        let closes = Date(timeIntervalSince1970: 1_795_395_600)
        let opened = DeliberationOpened(proposal: "lift-3", street: "s01", community: "c01", building: "3", question: "3号楼加装电梯", proposedBy: nil,
                                        rule: .doubleThreeQuarters, closesAt: closes, households: 30, area: 2_550.5, representatives: ["r-001", "r-h1"])
        let invited = announcer.notices(for: opened)
        #expect(invited.map(\.recipient) == ["r-001", "r-h1"] && invited.allSatisfy { $0.subject == .proposal("lift-3") && $0.kind == .voteOpened })
        #expect(invited.first?.text == "中山社区3号楼就“3号楼加装电梯”征求各户意见（lift-3），须专有部分面积和户数均三分之二以上参与表决，"
                + "并经参与表决的面积和户数均四分之三以上同意。请于 2026-11-23 09:00:00 +08:00 前代表本户投票：同意 / 反对 / 弃权。")
        var choosing = opened
        choosing.options = ["甲物业", "乙物业", "丙物业"]
        #expect(announcer.notices(for: choosing).first?.text.hasSuffix("前代表本户投票：甲物业 / 乙物业 / 丙物业，任选其一，或弃权。") == true)
        var noRepresentatives = opened
        noRepresentatives.representatives = nil
        #expect(announcer.notices(for: noRepresentatives).isEmpty, "nobody to tell")

        let tally = VoteTally(households: 30, participants: 24, agree: 18, disagree: 4, abstain: 2, area: 2_550.5, participatingArea: 2_040.25,
                              agreeArea: 1_530, disagreeArea: 340.25, abstainArea: 170, quorum: true)
        let decided = DeliberationDecided(proposal: "lift-3", street: "s01", community: "c01", building: "3", question: "3号楼加装电梯",
                                          rule: .doubleThreeQuarters, passed: true, tally: tally, closedAt: closes)
        #expect(announcer.notices(for: decided, audience: ["r-h1"]).map(\.text) == [
            "“3号楼加装电梯”（lift-3）投票已结束，表决通过：参与表决 24/30 户、专有面积 2040.25/2550.5 平方米；"
                + "同意 18 户（1530 平方米），反对 4 户（340.25 平方米），弃权 2 户（170 平方米）。",
        ])
        var chosen = decided
        chosen.chosen = "乙物业"
        chosen.tally.options = [OptionTally(option: "甲物业", households: 4, area: 340.25), OptionTally(option: "乙物业", households: 18, area: 1_530)]
        chosen.tally.agree = 0
        #expect(announcer.notices(for: chosen, audience: ["r-h1"]).first?.text.hasSuffix(
            "投票已结束，选定“乙物业”：参与表决 24/30 户、专有面积 2040.25/2550.5 平方米；甲物业 4 户（340.25 平方米），乙物业 18 户（1530 平方米），弃权 2 户（170 平方米）。") == true)
        (chosen.chosen, chosen.passed) = (nil, false)
        #expect(announcer.notices(for: chosen, audience: ["r-h1"]).first?.text.contains("没有选项达到规定的同意比例，未选定") == true)
        var missed = decided
        (missed.passed, missed.tally.quorum) = (false, false)
        #expect(announcer.notices(for: missed, audience: ["r-h1"]).first?.text.contains("参与表决未达三分之二，未获通过") == true)

        func step(_ step: DeliberationStep, _ changes: (inout DeliberationProgressed) -> Void = { _ in }) -> [Notice] {
            var event = DeliberationProgressed(proposal: "lift-3", area: Area(street: "s01", community: "c01"), question: "3号楼加装电梯", step: step)
            changes(&event)
            return announcer.notices(for: event, audience: ["r-001"])
        }
        #expect(step(.completed).map(\.text) == ["“3号楼加装电梯”（lift-3）已实施完毕，请评价实施结果：满意 / 基本满意 / 不满意。"])
        #expect(step(.published) { $0.publication = .resolution }.map(\.text) == ["“3号楼加装电梯”（lift-3）的决议已公开。"])
        let rated = SatisfactionTally(households: 30, rated: 20, satisfied: 15, basic: 3, unsatisfied: 2)
        #expect(step(.published) { ($0.publication, $0.satisfaction) = (.result, rated) }.map(\.text) == ["“3号楼加装电梯”（lift-3）的实施结果已公开，住户满意率 90%。"])
        for quiet in [DeliberationStep.proposed, .deliberated, .task, .evaluated] { #expect(step(quiet).isEmpty, "\(quiet)") }
    }

    @Test("assistants' steps, progress notes and steps without a reporter say nothing")
    func silence() {
        #expect(announcer.notice(for: step(TaskStepped(step: .acknowledged, task: "t", department: "pcs", role: .assist, state: .acknowledged))) == nil)
        #expect(announcer.notice(for: step(TaskStepped(step: .progress, task: "t", department: "cg", role: .lead, state: .inProgress))) == nil)
        #expect(announcer.notice(for: step(Referred(note: "n"), reporter: nil)) == nil)
    }

    @Test("retries back off 1, 2, 4 … seconds, at most 60, grown by a jitter under a fifth fixed by the delivery; give up after the last attempt")
    func retryPolicy() {
        let policy = RetryPolicy(maxAttempts: 9)
        #expect((1...9).map { policy.delay(afterFailed: $0) } == [1, 2, 4, 8, 16, 32, 60, 60, nil])
        for seed: Int64 in [0, 7, 42, 1_000_003] {
            for attempt in 1...8 {
                let base = policy.delay(afterFailed: attempt)!
                let waited = policy.delay(afterFailed: attempt, status: 500, retryAfter: nil, seed: seed)!
                #expect(waited >= base && waited < base * 1.2, "delivery \(seed), attempt \(attempt): \(waited)")
                #expect(waited == policy.delay(afterFailed: attempt, status: nil, retryAfter: nil, seed: seed), "the same on a replay")
            }
        }
        let spread = Set((1...50).map { policy.delay(afterFailed: 1, status: 500, retryAfter: nil, seed: Int64($0))! })
        #expect(spread.count > 20, "fifty deliveries failing at once do not all come back at once")
        #expect(policy.delay(afterFailed: 9, status: 500, retryAfter: nil, seed: 1) == nil)
    }

    @Test("410 Gone ends a delivery at once; Retry-After on 429 or 503 is waited at least, at most an hour, and ignored otherwise")
    func receiverSays() {
        let policy = RetryPolicy(maxAttempts: 8)
        #expect(policy.delay(afterFailed: 1, status: 410, retryAfter: nil, seed: 3) == nil)
        #expect(DeliveryDesk.after(attempt: 1, status: 410, error: nil, seed: 3, policy: policy, now: Date(timeIntervalSince1970: 0)).state == .failed)
        #expect(policy.delay(afterFailed: 1, status: 429, retryAfter: 30, seed: 3) == 30)
        #expect(policy.delay(afterFailed: 1, status: 503, retryAfter: 86_400, seed: 3) == RetryPolicy.longestRetryAfter)
        #expect(policy.delay(afterFailed: 7, status: 429, retryAfter: 2, seed: 3)! >= 60, "a shorter Retry-After does not shorten the back-off")
        #expect(policy.delay(afterFailed: 1, status: 500, retryAfter: 30, seed: 3)! < 2, "only 429 and 503 ask for a wait")
        let now = Date(timeIntervalSince1970: 1_795_395_600)
        #expect(JSONPost.seconds(retryAfter: "120", now: now) == 120)
        #expect(JSONPost.seconds(retryAfter: "Mon, 23 Nov 2026 01:02:00 GMT", now: now) == 120)
        #expect(JSONPost.seconds(retryAfter: "soon", now: now) == nil)
    }

    @Test("a delivery is due when its time comes on the clock, and each attempt is recorded")
    func dueDeliveries() throws {
        let clock = ManualClock()
        let store = try NotificationStore(.inMemory, name: "notification-1", logger: Logger(label: "test"))
        let notice = Notice(kind: .received, recipient: "r-001", subject: .case("c"), text: "t")
        let policy = RetryPolicy(maxAttempts: 8)
        let deliveries = DeliveryDesk.deliveries(of: notice, followers: [], addresses: Addressbook(webhooks: ["r-001": "http://127.0.0.1:9/x"]), critical: false,
                                                 event: "/s#1", now: clock.now())
        try store.database.write { db in
            try store.record(db, deliveries)
            try store.record(db, deliveries)
        }
        #expect(try store.deliveries(to: "r-001").map(\.channel) == [.inbox, .webhook], "one event, one delivery per channel")
        let due = try store.due(limit: 10, now: clock.now())
        #expect(due.count == 1)
        let failed = DeliveryDesk.after(attempt: 1, status: 500, error: nil, seed: due[0].id!, policy: policy, now: clock.now())
        let wait = try #require(policy.delay(afterFailed: 1, status: 500, retryAfter: nil, seed: due[0].id!))
        #expect(failed.state == .pending && failed.error == "HTTP 500" && failed.nextAttemptAt == clock.now().addingTimeInterval(wait))
        try store.record(due[0], failed, at: clock.now())
        clock.advance(by: 0.99)
        #expect(try store.due(limit: 10, now: clock.now()).isEmpty)
        clock.advance(by: wait - 0.99)
        let again = try store.due(limit: 10, now: clock.now())
        try store.record(again[0], DeliveryDesk.after(attempt: 2, status: 204, error: nil, policy: policy, now: clock.now()), at: clock.now())
        #expect(try store.deliveries(to: "r-001").last.map { ($0.state, $0.attempts) } ?? (.failed, 0) == (.delivered, 2))
    }

    @Test("each recipient's oldest pending webhook only is due, also while it waits for a retry; emergencies first; busy recipients skipped")
    func oneAtATimePerRecipient() throws {
        let clock = ManualClock()
        let store = try NotificationStore(.inMemory, name: "notification-1", logger: Logger(label: "test"))
        let hooks = ["r-001": "http://127.0.0.1:9/a", "r-002": "http://127.0.0.1:9/b"]
        func owe(_ recipient: String, _ event: String, critical: Bool = false) throws {
            let notice = Notice(kind: .received, recipient: recipient, subject: .case("c-\(event)"), text: "t")
            try store.database.write { db in
                try store.record(db, DeliveryDesk.deliveries(of: notice, followers: [], addresses: Addressbook(webhooks: hooks), critical: critical, event: event, now: clock.now()))
            }
        }
        try owe("r-001", "/s#1")
        try owe("r-001", "/s#2")
        try owe("r-002", "/s#3")
        try owe("r-002", "/s#4", critical: true)
        #expect(try store.due(limit: 10, now: clock.now()).map(\.eventID) == ["/s#1", "/s#3"], "r-002's emergency waits behind its earlier message")
        #expect(try store.due(limit: 10, now: clock.now(), excluding: [DeliveryLane(recipient: "r-001", channel: .webhook)]).map(\.eventID) == ["/s#3"])
        let first = try #require(try store.due(limit: 1, now: clock.now()).first)
        try store.record(first, DeliveryDesk.after(attempt: 1, status: 503, error: nil, policy: RetryPolicy(maxAttempts: 8), now: clock.now()), at: clock.now())
        #expect(try store.due(limit: 10, now: clock.now()).map(\.eventID) == ["/s#3"], "r-001's second waits for the first's retry")
        clock.advance(by: 1.2)
        let retry = try #require(try store.due(limit: 10, now: clock.now()).first { $0.recipient == "r-001" })
        #expect(retry.eventID == "/s#1")
        try store.record(retry, DeliveryDesk.after(attempt: 2, status: 204, error: nil, policy: RetryPolicy(maxAttempts: 8), now: clock.now()), at: clock.now())
        #expect(try store.due(limit: 10, now: clock.now()).map(\.eventID) == ["/s#2", "/s#3"])
    }

    @Test("who hears what: one row for every event type the contracts define, and notification handles exactly those someone hears")
    func audienceTable() throws {
        #expect(Set(Audience.table.keys) == Set(Catalogue.eventTypes), "a new event type needs its row")
        let store = try NotificationStore(.inMemory, name: "notification-1", logger: Logger(label: "test"))
        let handlers = NotificationHandlers(store: store, announcer: announcer, addresses: Addressbook(), city: try City.demo(), clock: ManualClock(), bell: DeliveryBell()).handlers
        #expect(handlers.eventTypes == Set(Audience.table.filter { $0.value != .nobody }.keys))
    }

    @Test("a task's holder hears its task, 催办, overdue, 督办, withdrawal, send-back and rework; a mediator a dispute and its reminders")
    func holderMessages() throws {
        let at = Date(timeIntervalSince1970: 1_795_395_600)        // 2026-11-23 09:00 +08:00
        let report = CaseReported(caseID: "intake-1-7", category: "ljdf", categoryName: "垃圾堆放", priority: .normal, level: .grid,
                                  dispute: false, location: place, description: "d", origin: .resident,
                                  source: SourceEvent(source: "/t", id: "1", type: "whistle.report.resident"), reporter: "r-001")
        let lead = TaskAssigned(report: report, task: "t-3", department: "cg", holder: "cg", kind: .department, role: .lead, level: .street,
                                acknowledgeBy: at, handleBy: at.addingTimeInterval(86_400))
        let assigned = try #require(announcer.notice(for: lead))
        #expect(assigned.recipient == "cg" && assigned.kind == .taskAssigned && assigned.caseID == "intake-1-7")
        #expect(assigned.text == "新任务 t-3（案件 intake-1-7）：垃圾堆放，中山社区第1网格。主办，请于 2026-11-23 09:00:00 +08:00 前报到、2026-11-24 09:00:00 +08:00 前办结。")
        var gridTask = lead
        (gridTask.holder, gridTask.role, gridTask.acknowledgeBy) = ("gw-g01", .lead, nil)
        #expect(announcer.notice(for: gridTask)?.text.hasSuffix("请于 2026-11-24 09:00:00 +08:00 前处理。") == true)
        func notice<D: TaskNoticeDetail>(_ detail: D) -> TaskNotice<D> {
            TaskNotice(caseID: "intake-1-7", task: "t-3", department: "cg", holder: "cg", location: place, detail: detail)
        }
        #expect(announcer.notice(for: notice(TaskReminder(stage: .acknowledge, dueAt: at)))?.text == "催办：任务 t-3（案件 intake-1-7）报到将于 2026-11-23 09:00:00 +08:00 到期。")
        #expect(announcer.notice(for: notice(TaskLateness(stage: .handle, dueAt: at)))?.kind == .taskOverdue)
        #expect(announcer.notice(for: notice(SupervisionOrder(order: "o-1", opinion: "请加快处理", answerBy: at, by: "so-s01")))?.text
                == "督办：任务 t-3（案件 intake-1-7）收到督办单 o-1：请加快处理。请于 2026-11-23 09:00:00 +08:00 前答复。")
        #expect(announcer.notice(for: notice(Withdrawal(reason: "案件已上报")))?.recipient == "cg")
        #expect(announcer.notice(for: notice(SendingBack(opinion: "属城管职责", acknowledgeBy: at)))?.kind == .taskSentBack)
        #expect(announcer.notice(for: notice(Reopening(round: 2, acknowledgeBy: nil, handleBy: at)))?.text.contains("第 2 轮") == true)
        let opened = MediationOpened(mediation: "m-intake-1-7", caseID: "intake-1-7", category: "fljf", level: .grid, location: place,
                                     mediator: PersonRef(id: "med-g01", name: "王芳"), reporter: "r-001", description: "d")
        #expect(announcer.notice(for: MediationAssigned(opened)).map { ($0.recipient, $0.kind) } ?? ("", .received) == ("med-g01", .disputeAssigned))
        let reminded = try #require(announcer.notice(for: step(Reminded(task: "t-1", department: "grid", stage: .handle, dueAt: at,
                                                                        supervisor: PersonRef(id: "co-c01", name: "中山社区居委会")))))
        #expect(reminded.recipient == "co-c01" && reminded.text == "催办提醒：您督办的案件 intake-1-7，王芳的任务 t-1办结将于 2026-11-23 09:00:00 +08:00 到期。")
        let late = try #require(announcer.notice(for: step(WentOverdue(task: "t-3", department: "cg", stage: .acknowledge, dueAt: at,
                                                                      supervisor: PersonRef(id: "so-s01", name: "东关街道办事处")))))
        #expect(late.recipient == "so-s01" && late.text.hasSuffix("城管的任务 t-3报到已于 2026-11-23 09:00:00 +08:00 超时，可以督办。"))
        #expect(announcer.notice(for: step(Reminded(task: "t-1", department: "grid", stage: .handle, dueAt: at, supervisor: nil))) == nil)
    }
}
