extension City {
    /// The street of a code, nil for one the city does not have.
    public func street(_ code: String) -> Street? { streets.first { $0.code == code } }

    /// The community of a code in a street, nil for one the city does not have there.
    public func community(_ code: String, in street: String) -> Community? {
        self.street(street)?.communities.first { $0.code == code }
    }
}
