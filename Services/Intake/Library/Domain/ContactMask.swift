/// Masks personal contact before it leaves intake: 13812345678 → 138****5678.
public enum ContactMask {
    /// Digits, spaces and `+-()`, at most 32 characters: what intake takes as a telephone number.
    public static func isPhoneNumber(_ text: String) -> Bool {
        text.count <= 32 && text.allSatisfy { $0.isNumber || "+-() ".contains($0) }
    }

    public static func phone(_ number: String) -> String {
        let characters = Array(number.filter { !$0.isWhitespace && $0 != "-" })
        guard characters.count >= 7 else { return String(repeating: "*", count: characters.count) }
        let kept = characters.count >= 11 ? 3 : 2
        return String(characters.prefix(kept)) + String(repeating: "*", count: characters.count - kept - 4) + String(characters.suffix(4))
    }
}
