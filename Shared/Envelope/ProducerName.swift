/// Producer names: 1-64 of [a-z0-9_-], unique across the suite (`intake-1`, `dispatch-s01`).
public enum ProducerName {
    public static func validated(_ name: String) throws(EnvelopeError) -> String {
        guard (1...64).contains(name.utf8.count), name.utf8.allSatisfy({ byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
        }) else { throw .invalidProducer(name) }
        return name
    }
}
