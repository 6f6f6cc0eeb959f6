import Contracts
import Envelope
import Foundation
import Messaging
import Synchronization
import ZeroMQ

/// What the simulator hears on the buses while it drives the suite, on a socket thread of its own: the first task of
/// every case (report→task latency), the departments' tasks to answer, the grid workers' to settle, and every
/// heartbeat — each producer's head and how far each consumer has applied it, the backlog.
final class SimulationWatch: Sendable {
    /// A department's task, and the instance that holds it (the task's producer) with its command address, as its
    /// heartbeat announced it — the documented routing rule (nil before its heartbeat is heard: the suite's own).
    struct DepartmentTask: Sendable {
        let department, task, holder: String
        let commands: String?
    }

    /// A case with a grid's worker (its grid task), and the resident who reported it (nil: a patrol's, a device's).
    struct GridTask: Sendable {
        let caseID, worker, holder: String
        let commands, reporter: String?
    }

    private struct State {
        var sent: [String: ContinuousClock.Instant] = [:]
        var firstTask: [String: ContinuousClock.Instant] = [:]
        var toAnswer: [DepartmentTask] = []
        var toSettle: [GridTask] = []
        var heads: [String: (sequence: UInt64, epoch: UInt64)] = [:]
        var applied: [String: [String: Heartbeat.Position]] = [:]
        var seen = SeenCopies()
    }

    private let state = Mutex(State())
    private let stopping = Atomic<Bool>(false)
    private let failure = Mutex<(any Error)?>(nil)
    private let thread = Mutex<SocketThread?>(nil)
    private let departments: Set<String>
    /// Where each producer is reached, from its newest epoch's heartbeat.
    private let peers = PeerDirectory()

    init(departments: Set<String>) { self.departments = departments }

    /// Subscribes (with `security`) on every bus and returns once a heartbeat has come through, so nothing sent
    /// after it is missed; fails if none comes within 5 s.
    func start(buses: [String], security: SocketSecurity) async throws {
        let started = SocketThread(name: "whistle-simulate-watch") { [self] in
            do {
                let context = try ZMQContext()
                let subscriber = try security.busSubscriber(context, buses: buses, prefixes: [Topics.tasks, Heartbeat.topicPrefix])
                defer { subscriber.close() }
                try subscriber.setReceiveTimeout(milliseconds: 100)
                while !stopping.load(ordering: .relaxed) {
                    guard let frames = try subscriber.receive(), let message = try? WireMessage(frames: frames) else { continue }
                    hear(message)
                }
            } catch {
                failure.withLock { $0 = error }
            }
        }
        thread.withLock { $0 = started }
        let deadline = ContinuousClock.now + .seconds(5)
        while state.withLock({ $0.heads.isEmpty }) {
            if let error = failure.withLock({ $0 }) { throw error }
            guard ContinuousClock.now < deadline else {
                throw Requests.CommandFailure("no heartbeat on \(buses.joined(separator: ", ")) within 5 s — is the suite running (`whistle up`)?")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    private func hear(_ message: WireMessage) {
        let now = ContinuousClock.now
        if let heartbeat = message.heartbeat {
            peers.record(message, heartbeat)
            return state.withLock { state in
                if message.epoch >= state.heads[message.producer]?.epoch ?? 0 { state.heads[message.producer] = (message.sequence, message.epoch) }
                if let applied = heartbeat.applied { state.applied[message.producer] = applied }
            }
        }
        guard let event = try? CloudEvent.decode(message.payload), let data = event.data else { return }
        // A case's first task: a rung's or a department's (dispatch), or a mediator's (mediation) for a dispute.
        let task = TaskAssigned.eventTypes.contains(event.type) ? try? JSONValueDecoder().decode(TaskAssigned.self, from: data) : nil
        let mediation = MediationAssigned.eventTypes.contains(event.type) ? try? JSONValueDecoder().decode(MediationAssigned.self, from: data) : nil
        guard let caseID = task?.report.caseID ?? mediation?.caseID else { return }
        state.withLock { state in
            guard state.seen.first(producer: message.producer, sequence: message.sequence) else { return }
            if state.firstTask[caseID] == nil { state.firstTask[caseID] = now }
            let commands = peers.peer(named: message.producer)?.addresses["commands"]
            if let task, departments.contains(task.department), task.holder == task.department {
                state.toAnswer.append(DepartmentTask(department: task.department, task: task.task, holder: message.producer, commands: commands))
            } else if let task, task.kind == .grid {
                state.toSettle.append(GridTask(caseID: caseID, worker: task.holder, holder: message.producer, commands: commands,
                                               reporter: task.report.origin == .resident ? task.report.reporter : nil))
            }
        }
    }

    /// Notes when the report that opened `caseID` was sent.
    func sent(_ caseID: String, at instant: ContinuousClock.Instant) { state.withLock { $0.sent[caseID] = instant } }

    /// The departments' tasks heard since the last call.
    func takeTasks() -> [DepartmentTask] { state.withLock { state in defer { state.toAnswer = [] }; return state.toAnswer } }

    /// The grid workers' tasks heard since the last call.
    func takeGridTasks() -> [GridTask] { state.withLock { state in defer { state.toSettle = [] }; return state.toSettle } }

    /// Each consumer's backlog: the events of every producer it applies that it has not applied yet (by their heartbeats).
    func backlogs() -> [String: UInt64] {
        state.withLock { state in
            state.applied.mapValues { applied in
                applied.reduce(UInt64(0)) { total, entry in
                    guard let head = state.heads[entry.key], head.epoch == entry.value.epoch else { return total }
                    return total + (head.sequence > entry.value.sequence ? head.sequence - entry.value.sequence : 0)
                }
            }
        }
    }

    /// Report→task latencies of the cases opened by what was sent, in milliseconds; and how many such cases had none yet.
    func latencies() -> (milliseconds: [Double], waiting: Int) {
        state.withLock { state in
            var found: [Double] = []
            for (caseID, sent) in state.sent {
                guard let task = state.firstTask[caseID] else { continue }
                let elapsed = (task - sent).components
                found.append(max(0, Double(elapsed.seconds) * 1000 + Double(elapsed.attoseconds) / 1e15))
            }
            return (found, state.sent.count - found.count)
        }
    }

    func stop() async throws {
        stopping.store(true, ordering: .relaxed)
        await thread.withLock { $0 }?.finish()
        if let error = failure.withLock({ $0 }) { throw error }
    }
}
