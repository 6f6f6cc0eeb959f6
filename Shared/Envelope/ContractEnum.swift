/// A closed set of string values in a contract (`lead`/`assist`, `acknowledge`/`complete` …). Decoding
/// an unknown value names the allowed ones, and the JSON Schema lists them as an `enum`.
public protocol ContractEnum: CaseIterable, Codable, Sendable, RawRepresentable where RawValue == String {}

extension ContractEnum {
    /// The allowed values, in declaration order.
    public static var allowedValues: [String] { allCases.map(\.rawValue) }

    static func from(_ text: String) -> Self? { Self(rawValue: text) }
}
