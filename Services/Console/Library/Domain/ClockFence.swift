internal import Foundation

/// A decision takes `now` from its caller: in domain code `Date()` is ambiguous and `Date.now` throws, so neither builds.
extension Date {
    @available(*, deprecated, message: "a decision takes `now` from its caller") init() throws(ClockRead) { throw ClockRead() }
    @available(*, deprecated, message: "a decision takes `now` from its caller") static var now: Date { get throws(ClockRead) { throw ClockRead() } }
}
struct ClockRead: Error {}
