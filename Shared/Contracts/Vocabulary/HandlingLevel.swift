public import Envelope

/// The rungs of the ladder, lowest first (the "721" levels grid → community → street, and the district
/// on top under "4321").
public enum HandlingLevel: String, ContractEnum, Comparable, CodingKeyRepresentable {
    case grid, community, street, district

    public static func < (lhs: HandlingLevel, rhs: HandlingLevel) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// The next rung up, or nil at the top.
    public var next: HandlingLevel? {
        let index = HandlingLevel.allCases.firstIndex(of: self)! + 1
        return index < HandlingLevel.allCases.count ? HandlingLevel.allCases[index] : nil
    }
}

/// How urgent a case is; emergencies jump the queue.
public enum Priority: String, ContractEnum, Comparable {
    case normal, high, emergency

    public static func < (lhs: Priority, rhs: Priority) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// Who or what raised a case.
public enum Origin: String, ContractEnum {
    case resident, gridWorker = "grid-worker", sensor, gate
}
