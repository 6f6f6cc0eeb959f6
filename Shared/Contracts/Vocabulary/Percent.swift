/// A part of a whole in percent, to one decimal, as every report states it; nil when the whole is empty.
public enum Percent {
    public static func of(_ part: Int, _ whole: Int) -> Double? {
        whole == 0 ? nil : (Double(part) * 1000 / Double(whole)).rounded() / 10
    }
}
