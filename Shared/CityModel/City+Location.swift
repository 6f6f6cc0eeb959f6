public import Contracts

extension City {
    /// The grid whose polygon contains the point (ray casting; a point on a shared edge goes to the
    /// first grid listed). Nil outside every grid.
    public func locate(longitude: Double, latitude: Double) -> GridLocation? {
        for street in streets {
            for community in street.communities {
                for grid in community.grids where grid.contains(longitude: longitude, latitude: latitude) {
                    return GridLocation(street: street.code, community: community.code, grid: grid.code)
                }
            }
        }
        return nil
    }

    /// The grid one of whose address fragments occurs in the address (the longest fragment wins).
    public func locate(address: String) -> GridLocation? {
        let text = address.lowercased()
        var best: (GridLocation, Int)?
        for street in streets {
            for community in street.communities {
                for grid in community.grids {
                    for fragment in grid.addresses where text.contains(fragment.lowercased()) {
                        if fragment.count > best?.1 ?? 0 {
                            best = (GridLocation(street: street.code, community: community.code, grid: grid.code), fragment.count)
                        }
                    }
                }
            }
        }
        return best?.0
    }

    /// The grid with this code, with its community and street.
    public func location(ofGrid code: String) -> GridLocation? {
        for street in streets {
            for community in street.communities where community.grids.contains(where: { $0.code == code }) {
                return GridLocation(street: street.code, community: community.code, grid: code)
            }
        }
        return nil
    }
}

extension City.Grid {
    /// Even-odd ray casting over the ring; points on the lower/left edges count as inside.
    public func contains(longitude x: Double, latitude y: Double) -> Bool {
        var inside = false
        var j = polygon.count - 1
        for i in polygon.indices {
            let (xi, yi, xj, yj) = (polygon[i][0], polygon[i][1], polygon[j][0], polygon[j][1])
            if (yi > y) != (yj > y), x < (xj - xi) * (y - yi) / (yj - yi) + xi {
                inside.toggle()
            }
            j = i
        }
        return inside
    }
}
