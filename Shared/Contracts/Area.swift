/// Where something happened, from the widest unit to the narrowest. Codes are lowercase (`s01`, `c02`,
/// `g05`); a shorter area (a street alone) is a partition key too.
public struct Area: Sendable, Hashable, Codable {
    public var street: String
    public var community: String?
    public var grid: String?

    public init(street: String, community: String? = nil, grid: String? = nil) {
        self.street = street
        self.community = community
        self.grid = grid
    }

    /// The topic segments, widest first.
    public var segments: [String] { [street, community, grid].compactMap { $0 } }
}

/// A grid, with the community and street it lies in: where a case is.
public struct GridLocation: Sendable, Hashable, Codable {
    public var street: String
    public var community: String
    public var grid: String

    public init(street: String, community: String, grid: String) {
        self.street = street
        self.community = community
        self.grid = grid
    }

    /// The topic area (`s01.c02.g05`).
    public var area: Area { Area(street: street, community: community, grid: grid) }
}
