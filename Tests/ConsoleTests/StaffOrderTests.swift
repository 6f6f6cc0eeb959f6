import CityModel
import Contracts
import Foundation
import Testing
import WhistleConsoleDomain

@Suite("A staff action from a form, and the tasks it touches")
struct StaffOrderTests {
    let open = CaseBoard.reported(Ladder.report("a"), onto: nil, at: Ladder.start).row

    @Test("a form becomes the staff command dispatch takes, for the signed-in person; what an action needs is asked for by name")
    func forms() throws {
        let whistle = try StaffOrder.command(from: ["command": "p1-whistle", "action": "whistle"], staff: "co-c01", caseID: "a")
        #expect(whistle == StaffCommand(command: "p1-whistle", staff: "co-c01", caseID: "a", action: .whistle))
        let supervise = try StaffOrder.command(from: ["command": "p1-s", "action": "supervise", "task": "a-cg", "opinion": " 今日内处置 ", "within": ""],
                                               staff: "co-c01", caseID: "a")
        #expect(supervise.task == "a-cg" && supervise.opinion == "今日内处置" && supervise.within == nil)
        #expect(throws: StaffOrder.Invalid(message: "escalate needs reason: why the case moves")) {
            try StaffOrder.command(from: ["command": "c", "action": "escalate"], staff: "co-c01", caseID: "a")
        }
        #expect(throws: StaffOrder.Invalid(message: "verify needs outcome: fixed, unfixable, invalid")) {
            try StaffOrder.command(from: ["command": "c", "action": "verify", "outcome": "done"], staff: "co-c01", caseID: "a")
        }
        #expect(throws: StaffOrder.Invalid(message: "verify needs reason: why it is unfixable")) {
            try StaffOrder.command(from: ["command": "c", "action": "verify", "outcome": "unfixable"], staff: "co-c01", caseID: "a")
        }
        #expect(throws: StaffOrder.Invalid.self) { try StaffOrder.command(from: ["action": "whistle"], staff: "co-c01", caseID: "a") }
        #expect(throws: StaffOrder.Invalid(message: "action 'rate' is not one of: resolve, escalate, deescalate, whistle, summon, reassign, triage, supervise, verify")) {
            try StaffOrder.command(from: ["command": "c", "action": "rate"], staff: "co-c01", caseID: "a")
        }
    }

    @Test("staff act on the open cases of their area; departments, operators and other areas only read")
    func offered() {
        let city = Ladder.city
        #expect(StaffOrder.offered(to: Viewer(identity: "co-c01", role: "staff", city: city), on: open).contains(.whistle))
        #expect(StaffOrder.offered(to: Viewer(identity: "co-c02", role: "staff", city: city), on: open).isEmpty)
        #expect(StaffOrder.offered(to: Viewer(identity: "operator", role: "operator", city: city), on: open).isEmpty)
        #expect(StaffOrder.offered(to: Viewer(identity: "cg", role: "department", city: city), on: open).isEmpty)
        var closed = open
        closed.status = .closed
        #expect(StaffOrder.offered(to: Viewer(identity: "co-c01", role: "staff", city: city), on: closed).isEmpty)
    }

    @Test("a task: given green, red once overdue, an order on it until answered, withdrawn when reassigned")
    func tasks() throws {
        let given = TaskAssigned(report: Ladder.report("a"), task: "a-cg", department: "cg", holder: "cg", kind: .department, role: .lead,
                                 level: .community, acknowledgeBy: nil, handleBy: Ladder.start)
        var task: BoardTask? = TaskBoard.assigned(given, at: Ladder.start)
        #expect(task?.light == .green && task?.state == .dispatched && task?.isOpen == true && task?.community == "c01")
        let overdue = Ladder.step("a", .dispatched, WentOverdue(task: "a-cg", department: "cg", stage: .acknowledge, dueAt: Ladder.start, supervisor: nil))
        task = TaskBoard.stepped(overdue, onto: task, at: Ladder.start)
        let order = Ladder.step("a", .dispatched, Supervised(order: "a-cg-o1", task: "a-cg", department: "cg", opinion: "快", answerBy: Ladder.start, by: "co-c01"))
        task = TaskBoard.stepped(order, onto: task, at: Ladder.start)
        #expect(task?.light == .red && task?.order == "a-cg-o1" && task?.orderAnswered == false)
        let answer = Ladder.step("a", .dispatched, SupervisionAnswered(order: "a-cg-o1", task: "a-cg", department: "cg", answer: "已处置"))
        task = TaskBoard.stepped(answer, onto: task, at: Ladder.start)
        #expect(task?.orderAnswered == true && task?.light == .red)
        let acknowledged = Ladder.step("a", .acknowledged, TaskStepped(step: .acknowledged, task: "a-cg", department: "cg", role: .lead, state: .acknowledged))
        task = TaskBoard.stepped(acknowledged, onto: task, at: Ladder.start)
        #expect(task?.state == .acknowledged)
        let moved = Ladder.step("a", .dispatched, Reassigned(task: "a-wy", department: "wy", role: .lead, fromTask: "a-cg", fromDepartment: "cg", by: "co-c01", reason: nil))
        #expect(moved.withdrawn == "a-cg" && TaskBoard.withdrawn(task, at: Ladder.start)?.isOpen == false)
        #expect(TaskBoard.stepped(overdue, onto: nil, at: Ladder.start) == nil, "a task the console never heard given stays unknown")
    }
}

@Suite("A named account: its details checked against the city, its password's rule, its lock")
struct StaffAccountTests {
    let city = Ladder.city

    @Test("an account acts as an office or worker of its own rung, or a department; a read-only one as nobody; names and displays are checked")
    func details() throws {
        #expect(try StaffAccount.check(name: "wangfang", display: " 王芳 ", role: .community, actsAs: "co-c01", city: city).display == "王芳")
        #expect(try StaffAccount.check(name: "wall", display: "大屏", role: .readonly, actsAs: nil, city: city).viewer == ("wall", "readonly") as (String, String))
        #expect(try StaffAccount.check(name: "zhao.cg", display: "赵", role: .department, actsAs: "cg", city: city).viewer.role == "department")
        #expect(throws: StaffAccount.Invalid("a community account acts as a community office of the city (such as co-c01): 'gw-g01' is none")) {
            try StaffAccount.check(name: "lisi", display: "李四", role: .community, actsAs: "gw-g01", city: city)
        }
        #expect(throws: StaffAccount.Invalid.self) { try StaffAccount.check(name: "lisi", display: "李四", role: .department, actsAs: "nope", city: city) }
        #expect(try StaffAccount.check(name: "zhang", display: "张", role: .mediator, actsAs: "med-c01", city: city).viewer == ("med-c01", "mediator") as (String, String))
        #expect(throws: StaffAccount.Invalid("a mediator account acts as one of the city's mediators (such as med-g01): 'co-c01' is none")) {
            try StaffAccount.check(name: "zhang", display: "张", role: .mediator, actsAs: "co-c01", city: city)
        }
        let mediator = Viewer(identity: "med-c01", role: "mediator", city: city)
        #expect(mediator.scope == .nothing && mediator.proposalScope == .nothing && mediator.evaluationReach == .refused("'med-c01' reads no evaluation"))
        #expect(throws: StaffAccount.Invalid("a readonly account acts as nobody: leave actsAs out")) {
            try StaffAccount.check(name: "lisi", display: "李四", role: .readonly, actsAs: "co-c01", city: city)
        }
        for name in ["Li", "WangFang", "-x1", "1abc", "wang fang", String(repeating: "a", count: 33)] {
            #expect(throws: StaffAccount.Invalid.self, "\(name)") { try StaffAccount.check(name: name, display: "x", role: .readonly, actsAs: nil, city: city) }
        }
        #expect(throws: StaffAccount.Invalid.self) { try StaffAccount.check(name: "lisi", display: "   ", role: .readonly, actsAs: nil, city: city) }
    }

    @Test("a password is 12–72 bytes (bcrypt reads 72), without the account's name, not one or two characters repeated")
    func passwords() throws {
        try StaffAccount.check(password: "zhongshan-2026-春", for: "wangfang")
        #expect(throws: StaffAccount.Invalid("the password must be 12–72 bytes long (11 given)")) { try StaffAccount.check(password: "short-pass1", for: "x") }
        #expect(throws: StaffAccount.Invalid.self) { try StaffAccount.check(password: String(repeating: "春", count: 25), for: "x") }   // 75 bytes
        #expect(throws: StaffAccount.Invalid("the password must not contain the account's name")) { try StaffAccount.check(password: "my-WangFang-2026", for: "wangfang") }
        #expect(throws: StaffAccount.Invalid.self) { try StaffAccount.check(password: "abababababab", for: "x") }
    }

    @Test("the fifth wrong password in a row locks for 15 minutes; a sign-in clears what was held against it")
    func lock() {
        let now = Ladder.start
        var account = StaffAccount(name: "wangfang", display: "王芳", role: .community, actsAs: "co-c01")
        for _ in 1..<StaffAccount.attemptsBeforeLock { account = account.afterWrongPassword(at: now) }
        #expect(account.failedSignIns == 4 && !account.isLocked(at: now))
        account = account.afterWrongPassword(at: now)
        #expect(account.isLocked(at: now.addingTimeInterval(899)) && !account.isLocked(at: now.addingTimeInterval(900)) && account.failedSignIns == 0)
        #expect(account.afterSignIn().lockedUntil == nil)
    }
}

@Suite("A department's action on its own task from a case's page")
struct TaskOrderTests {
    let task = BoardTask(taskID: "a-cg", caseID: "a", location: Ladder.g01, department: "cg", holder: "cg", role: .lead, state: .dispatched, light: .green,
                         handleBy: Ladder.start, order: nil, answerBy: nil, orderAnswered: false, updatedAt: Ladder.start)

    @Test("its own open task only: report for duty or return it when dispatched, then progress, complete or return; answer while an order awaits")
    func offered() {
        let (cg, wy) = (Viewer(identity: "cg", role: "department", city: Ladder.city), Viewer(identity: "wy", role: "department", city: Ladder.city))
        #expect(TaskOrder.offered(to: cg, on: task) == [.acknowledge, .return])
        #expect(TaskOrder.offered(to: wy, on: task).isEmpty && TaskOrder.offered(to: Viewer(identity: "co-c01", role: "staff", city: Ladder.city), on: task).isEmpty)
        var working = task
        (working.state, working.order) = (.acknowledged, "o-1")
        #expect(TaskOrder.offered(to: cg, on: working) == [.progress, .complete, .return, .answer])
        working.orderAnswered = true
        #expect(!TaskOrder.offered(to: cg, on: working).contains(.answer))
        for state in [TaskState.completed, .withdrawn, .returned] {
            working.state = state
            #expect(TaskOrder.offered(to: cg, on: working).isEmpty, "\(state)")
        }
    }

    @Test("a form becomes the department command: a return's note is its reason, an answer names its order and says what was done")
    func forms() throws {
        #expect(try TaskOrder.command(from: ["command": "p-1", "action": "acknowledge", "note": " 已到现场 "], department: "cg", task: "a-cg")
            == DepartmentCommand(command: "p-1", department: "cg", task: "a-cg", action: .acknowledge, note: "已到现场"))
        #expect(try TaskOrder.command(from: ["command": "p-2", "action": "return", "note": "不属城管", "suggest": "wy"], department: "cg", task: "a-cg")
            == DepartmentCommand(command: "p-2", department: "cg", task: "a-cg", action: .return, reason: "不属城管", suggest: "wy"))
        #expect(throws: StaffOrder.Invalid(message: "return needs a reason in the note: why the task is not this department's")) {
            try TaskOrder.command(from: ["command": "p-3", "action": "return"], department: "cg", task: "a-cg")
        }
        #expect(try TaskOrder.command(from: ["command": "p-4", "action": "answer", "order": "o-1", "note": "已处置"], department: "cg", task: "a-cg").order == "o-1")
        #expect(throws: StaffOrder.Invalid.self) { try TaskOrder.command(from: ["command": "p-5", "action": "answer", "order": "o-1"], department: "cg", task: "a-cg") }
        #expect(throws: StaffOrder.Invalid.self) { try TaskOrder.command(from: ["command": "p-6", "action": "close"], department: "cg", task: "a-cg") }
    }
}
