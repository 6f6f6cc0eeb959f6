public import CityModel
public import Contracts
import Foundation

/// The map page's drawing: the grids a viewer may see as SVG polygons in a 1000-wide box (longitude scaled by the
/// cosine of the latitude, so squares stay square), each shaded by its open cases' worst light.
public struct CityMap: Sendable, Equatable {
    public struct Grid: Sendable, Equatable {
        public var code, name, community, street, worker: String
        /// The polygon's points, `x,y x,y …`.
        public var points: String
        /// Where its label sits: the mean of its corners.
        public var labelX, labelY: Double
        public var openCases: Int
        /// The worst light among its open cases; nil with none open.
        public var light: Light?
        /// Its open cases a sensor or gate raised, its welfare checks, its silent devices' maintenance cases.
        public var alarms, welfare, maintenance: Int
    }

    public var grids: [Grid]
    public var width: Double
    public var height: Double

    /// Open cases in one grid and their worst light.
    public struct Shade: Sendable, Equatable {
        public var openCases: Int
        public var light: Light
        public var alarms, welfare, maintenance: Int
        public init(openCases: Int, light: Light, alarms: Int = 0, welfare: Int = 0, maintenance: Int = 0) {
            (self.openCases, self.light, self.alarms, self.welfare, self.maintenance) = (openCases, light, alarms, welfare, maintenance)
        }
    }

    /// `open`: each grid's open cases the viewer sees, by grid code.
    /// `123.4`: one decimal, without Foundation's formatter (a map of 5,000 grids writes 40,000 of them).
    public static func tenths(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return (tenths < 0 ? "-" : "") + "\(abs(tenths) / 10).\(abs(tenths) % 10)"
    }

    public init(city: City, viewer: Viewer, open: [String: Shade]) {
        var shapes: [(City.Grid, City.Community, City.Street)] = []
        for street in city.streets {
            for community in street.communities {
                for grid in community.grids where viewer.seesGrid(GridLocation(street: street.code, community: community.code, grid: grid.code)) {
                    shapes.append((grid, community, street))
                }
            }
        }
        let corners = shapes.flatMap { $0.0.polygon }
        let (west, east) = (corners.map { $0[0] }.min() ?? 0, corners.map { $0[0] }.max() ?? 1)
        let (south, north) = (corners.map { $0[1] }.min() ?? 0, corners.map { $0[1] }.max() ?? 1)
        let squeeze = cos((south + north) / 2 * .pi / 180)
        let scale = 1000 / max((east - west) * squeeze, (north - south), 1e-9)
        (width, height) = (((east - west) * squeeze * scale).rounded(), ((north - south) * scale).rounded())
        func point(_ corner: [Double]) -> (Double, Double) { ((corner[0] - west) * squeeze * scale, (north - corner[1]) * scale) }
        grids = shapes.map { grid, community, street in
            let drawn = grid.polygon.map(point)
            let shade = open[grid.code]
            return Grid(code: grid.code, name: grid.name, community: community.name, street: street.name, worker: grid.worker.id,
                        points: drawn.map { Self.tenths($0.0) + "," + Self.tenths($0.1) }.joined(separator: " "),
                        labelX: drawn.map(\.0).reduce(0, +) / Double(max(drawn.count, 1)), labelY: drawn.map(\.1).reduce(0, +) / Double(max(drawn.count, 1)),
                        openCases: shade?.openCases ?? 0, light: shade?.light, alarms: shade?.alarms ?? 0, welfare: shade?.welfare ?? 0,
                        maintenance: shade?.maintenance ?? 0)
        }
    }
}
