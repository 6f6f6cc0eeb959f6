extension City {
    /// The city's residents in the order the city file lists them (its `residents:`, then its `residentsFile`'s rows),
    /// found by id in constant time — a city of a quarter of a million residents is asked on every Open311 request
    /// and welfare check. Written and read as a plain list.
    public struct Residents: RandomAccessCollection, Sendable, Codable, Equatable, ExpressibleByArrayLiteral {
        private var list: [Resident]
        private var positions: [String: Int]

        public init(_ residents: [Resident]) {
            list = residents
            positions = Dictionary(residents.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        }

        public init(arrayLiteral residents: Resident...) { self.init(residents) }

        public init(from decoder: any Decoder) throws { self.init(try [Resident](from: decoder)) }

        public func encode(to encoder: any Encoder) throws { try list.encode(to: encoder) }

        public static func == (lhs: Residents, rhs: Residents) -> Bool { lhs.list == rhs.list }

        public var startIndex: Int { list.startIndex }
        public var endIndex: Int { list.endIndex }
        public subscript(position: Int) -> Resident { list[position] }

        /// The resident with this id (the first listed, should a file list one twice — validation refuses that).
        public subscript(id id: String) -> Resident? { positions[id].map { list[$0] } }

        /// More residents after these (a residents file's rows after the city file's list).
        public mutating func append(contentsOf more: [Resident]) { self = Residents(list + more) }
    }
}
