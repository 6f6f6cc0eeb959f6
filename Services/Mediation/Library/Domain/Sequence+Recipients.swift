extension Sequence<String> {
    /// Each resident id once, sorted; nil when there is none — the shape of an event's optional list of who hears of it.
    var recipients: [String]? {
        let ids = Set(self).sorted()
        return ids.isEmpty ? nil : ids
    }
}
