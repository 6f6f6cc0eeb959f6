import Foundation

/// libFuzzer's entry: the first byte picks what the rest is fed to — the JSON parser, the CloudEvent
/// envelope, the five frames of a bus message and a replay message, an ingest body (a report or a
/// device event), or a command (department, staff, rating, mediator) read as strictly as a command desk
/// reads it. Every path must end in a value or a thrown error: a crash, a hang or a leak is a finding.
/// Built with the Envelope and Contracts sources by `build.sh` (`swiftc -sanitize=fuzzer`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    guard count > 0 else { return 0 }
    let bytes = Data(bytes: start, count: count)
    let target = bytes[bytes.startIndex], body = bytes.dropFirst()
    switch target % 6 {
    case 0: _ = try? JSONValue.parse(Data(body))
    case 1: _ = try? CloudEvent.decode(Data(body))
    case 2:
        let frames = FuzzFrames.split(Data(body))
        _ = try? WireMessage(frames: frames)
        _ = try? ReplayMessage(frames: frames)
    case 3:
        guard let event = try? CloudEvent.decode(Data(body)), let data = event.data else { return 0 }
        _ = try? JSONValueDecoder().decode(ResidentReport.self, from: data)
        _ = try? JSONValueDecoder().decode(DeviceEvent.self, from: data)
    case 4:
        guard let tree = try? JSONValue.parse(Data(body)) else { return 0 }
        let strict = JSONValueDecoder(rejectingUnknownKeys: true)
        _ = try? strict.decode(DepartmentCommand.self, from: tree)
        _ = try? strict.decode(StaffCommand.self, from: tree)
        _ = try? strict.decode(RatingCommand.self, from: tree)
        _ = try? strict.decode(MediatorCommand.self, from: tree)
    default:
        guard let tree = try? JSONValue.parse(Data(body)) else { return 0 }
        _ = try? tree.jsonData()
        _ = try? JSONValueDecoder().decode(CaseView.self, from: tree)
    }
    return 0
}

/// Frames from one buffer: split at every `0xFF 0x00` pair (so the fuzzer can grow and shrink the count).
enum FuzzFrames {
    static func split(_ data: Data) -> [Data] {
        var frames: [Data] = []
        var current = Data()
        var previous: UInt8?
        for byte in data {
            if previous == 0xFF, byte == 0x00 {
                current.removeLast()
                frames.append(current)
                current = Data()
                previous = nil
                continue
            }
            current.append(byte)
            previous = byte
        }
        frames.append(current)
        return frames
    }
}
