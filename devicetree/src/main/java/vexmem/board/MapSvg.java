package vexmem.board;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Draws a {@link PhysMap} as SVG. The address axis is piecewise: every span between two entry
 * boundaries gets a height growing with log2 of its length (so 4 KiB registers and 1 GiB of DRAM are
 * both legible), and address ranges no entry covers are elided as marked gaps. Labels carry exact sizes.
 */
public final class MapSvg {
    private static final int TOP = 70;
    private static final int AXIS_X = 112;
    private static final int COL_X = 122;
    private static final int COL_W = 54;
    private static final int COL_GAP = 8;
    private static final int LABEL_GAP = 14;
    private static final int LINE = 13;
    private static final int MIN_SPAN = 15;
    private static final int GAP_SPAN = 22;
    private static final int SMALL_GAP = 5;
    private static final long ELIDE_FROM = 1 << 20;

    private static final Map<PhysMap.Kind, String[]> STYLE = Map.of(
            PhysMap.Kind.DRAM, new String[] {"#d9d9d9", "DRAM bank"},
            PhysMap.Kind.SYSTEM_RAM, new String[] {"#b7e1a1", "System RAM (linear map)"},
            PhysMap.Kind.CMA, new String[] {"#f6a94a", "CMA area (reusable)"},
            PhysMap.Kind.CARVEOUT, new String[] {"#e86a6a", "no-map reservation (ION carveout/chunk)"},
            PhysMap.Kind.DMA_COHERENT, new String[] {"#b58ce0", "coherent DMA pool (no-map)"},
            PhysMap.Kind.RESERVED, new String[] {"#f3e07a", "reserved, still mapped"},
            PhysMap.Kind.MEMRESERVE, new String[] {"#a07850", "/memreserve/"},
            PhysMap.Kind.DEVICE, new String[] {"#8fb8e8", "device registers / memory"});

    private record Placed(PhysMap.Entry e, int depth, double y0, double y1) { }

    private MapSvg() { }

    public static String render(PhysMap map, String title) {
        List<Placed> placed = new ArrayList<>();
        TreeSet<Long> bounds = new TreeSet<>();
        List<PhysMap.Entry> all = new ArrayList<>();
        map.roots().forEach(e -> flatten(e, 0, all, bounds));
        Scale scale = new Scale(bounds, all);
        int maxDepth = 0;
        for (PhysMap.Entry e : all) {
            int d = depth(map, e);
            maxDepth = Math.max(maxDepth, d);
            placed.add(new Placed(e, d, scale.y(e.base()), scale.y(e.end())));
        }
        int labelX = COL_X + (maxDepth + 1) * (COL_W + COL_GAP) + LABEL_GAP + 20;
        double bottom = scale.y(bounds.isEmpty() ? 0 : bounds.last());
        List<Double> labelY = spreadLabels(placed);
        double labelsBottom = labelY.stream().mapToDouble(Double::doubleValue).max().orElse(bottom);
        int height = (int) Math.max(bottom, labelsBottom) + 40 + 22 * STYLE.size() / 2 + 30;
        int width = labelX + 470;

        StringBuilder s = new StringBuilder();
        s.append(String.format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                + "font-family=\"DejaVu Sans Mono, Menlo, Consolas, monospace\" font-size=\"11\">%n", width, height, width, height));
        s.append(String.format("<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
        s.append(String.format("<text x=\"10\" y=\"24\" font-size=\"16\" font-weight=\"bold\">%s</text>%n", esc(title)));
        s.append("<text x=\"10\" y=\"40\" fill=\"#444\">Piecewise scale, low addresses at the top: each span between "
                + "boundaries is drawn log2(size) tall;</text>\n");
        s.append("<text x=\"10\" y=\"54\" fill=\"#444\">unused ranges of 1 MiB or more are cut out (zigzag). "
                + "Labels give exact sizes.</text>\n");
        scale.drawGapsAndAxis(s, labelX - LABEL_GAP - 20);
        // Leaders first so that boxes of deeper columns hide the part of a leader that runs behind them.
        for (int i = 0; i < placed.size(); i++) {
            Placed p = placed.get(i);
            double bx = COL_X + p.depth() * (COL_W + COL_GAP) + COL_W;
            double ly = labelY.get(i);
            double from = tall(p) ? p.y0() + LINE - 4 : (p.y0() + p.y1()) / 2;
            s.append(String.format("<polyline points=\"%.1f,%.1f %d,%.1f %d,%.1f\" fill=\"none\" stroke=\"#777\" stroke-width=\"0.6\"/>%n",
                    bx, from, labelX - 14, from, labelX - 4, ly - 4));
            s.append(String.format("<text x=\"%d\" y=\"%.1f\">%s  <tspan fill=\"#555\">%s</tspan></text>%n", labelX, ly,
                    esc(p.e().name()), esc(PhysMap.humanSize(p.e().size()))));
        }
        for (Placed p : placed) {
            double x = COL_X + p.depth() * (COL_W + COL_GAP);
            s.append(String.format("<rect x=\"%.1f\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"%s\" stroke=\"#333\" stroke-width=\"0.6\"/>%n",
                    x, p.y0(), COL_W, Math.max(1, p.y1() - p.y0()), STYLE.get(p.e().kind())[0]));
        }
        legend(s, 10, (int) Math.max(bottom, labelsBottom) + 40);
        return s.append("</svg>\n").toString();
    }

    private static void flatten(PhysMap.Entry e, int depth, List<PhysMap.Entry> out, TreeSet<Long> bounds) {
        out.add(e);
        bounds.add(e.base());
        bounds.add(e.end());
        e.children().forEach(c -> flatten(c, depth + 1, out, bounds));
    }

    private static int depth(PhysMap map, PhysMap.Entry target) {
        for (PhysMap.Entry r : map.roots()) {
            int d = depthIn(r, target, 0);
            if (d >= 0) {
                return d;
            }
        }
        return 0;
    }

    private static int depthIn(PhysMap.Entry e, PhysMap.Entry target, int d) {
        if (e == target) {
            return d;
        }
        for (PhysMap.Entry c : e.children()) {
            int r = depthIn(c, target, d + 1);
            if (r >= 0) {
                return r;
            }
        }
        return -1;
    }

    /** Label baselines in entry order, pushed apart so no two overlap (entries are already sorted by address). */
    private static List<Double> spreadLabels(List<Placed> placed) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < placed.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingDouble(i -> placed.get(i).y0()));
        Double[] ys = new Double[placed.size()];
        double last = TOP - LINE;
        for (int i : order) {
            Placed p = placed.get(i);
            double want = tall(p) ? p.y0() + LINE : (p.y0() + p.y1()) / 2 + 4;
            ys[i] = Math.max(want, last + LINE);
            last = ys[i];
        }
        return List.of(ys);
    }

    private static boolean tall(Placed p) {
        return p.y1() - p.y0() > LINE * 2;
    }

    private static void legend(StringBuilder s, int x, int y) {
        s.append(String.format("<text x=\"%d\" y=\"%d\" font-weight=\"bold\">Legend</text>%n", x, y));
        int i = 0;
        for (PhysMap.Kind k : PhysMap.Kind.values()) {
            int cx = x + (i % 2) * 330;
            int cy = y + 10 + (i / 2) * 22;
            s.append(String.format("<rect x=\"%d\" y=\"%d\" width=\"18\" height=\"14\" fill=\"%s\" stroke=\"#333\" stroke-width=\"0.6\"/>"
                    + "<text x=\"%d\" y=\"%d\">%s</text>%n", cx, cy, STYLE.get(k)[0], cx + 26, cy + 11, esc(STYLE.get(k)[1])));
            i++;
        }
    }

    static String esc(String t) {
        return t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** Maps addresses to y: boundaries in order, covered spans log-sized, uncovered spans a fixed gap. */
    private static final class Scale {
        private final List<Long> points = new ArrayList<>();
        private final List<Double> ys = new ArrayList<>();
        private final List<Boolean> gapAfter = new ArrayList<>();

        private final java.util.Set<Long> starts = new java.util.HashSet<>();

        Scale(TreeSet<Long> bounds, List<PhysMap.Entry> entries) {
            entries.forEach(e -> starts.add(e.base()));
            double y = TOP;
            Long prev = null;
            for (long b : bounds) {
                if (prev != null) {
                    final long lo = prev;
                    boolean covered = entries.stream().anyMatch(e -> e.base() <= lo && lo < e.end());
                    boolean elided = !covered && b - lo >= ELIDE_FROM;
                    gapAfter.add(elided);
                    y += covered ? MIN_SPAN + 5.5 * log2((b - lo) / 4096.0) : elided ? GAP_SPAN : SMALL_GAP;
                }
                points.add(b);
                ys.add(y);
                prev = b;
            }
        }

        private static double log2(double v) {
            return v <= 1 ? 0 : Math.log(v) / Math.log(2);
        }

        double y(long addr) {
            int i = points.indexOf(addr);
            return i >= 0 ? ys.get(i) : TOP;
        }

        void drawGapsAndAxis(StringBuilder s, int right) {
            // Tick labels that would collide: keep the one where an entry starts, it is the address people look for.
            List<Integer> shown = new ArrayList<>();
            for (int i = 0; i < points.size(); i++) {
                int last = shown.isEmpty() ? -1 : shown.get(shown.size() - 1);
                if (last < 0 || ys.get(i) - ys.get(last) >= 11) {
                    shown.add(i);
                } else if (starts.contains(points.get(i)) && !starts.contains(points.get(last))) {
                    shown.set(shown.size() - 1, i);
                }
            }
            for (int i : shown) {
                s.append(String.format("<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"#333\">%08x</text>%n",
                        AXIS_X - 4, ys.get(i) + 4, points.get(i)));
            }
            for (int i = 0; i < points.size(); i++) {
                double y = ys.get(i);
                s.append(String.format("<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ccc\" stroke-width=\"0.5\"/>%n",
                        AXIS_X, y, COL_X - 2, y));
                if (i < gapAfter.size() && gapAfter.get(i)) {
                    double y0 = y + 4;
                    double y1 = ys.get(i + 1) - 4;
                    StringBuilder zig = new StringBuilder();
                    for (int x = COL_X - 6, k = 0; x <= right; x += 8, k++) {
                        zig.append(String.format("%d,%.1f ", x, k % 2 == 0 ? y0 : y1));
                    }
                    s.append(String.format("<polyline points=\"%s\" fill=\"none\" stroke=\"#bbb\" stroke-width=\"0.8\"/>%n", zig));
                    s.append(String.format("<text x=\"%d\" y=\"%.1f\" fill=\"#888\" font-style=\"italic\">gap %s</text>%n",
                            right + 4, (y0 + y1) / 2 + 4, esc(PhysMap.humanSize(points.get(i + 1) - points.get(i)))));
                }
            }
            s.append(String.format("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%.1f\" stroke=\"#333\"/>%n", AXIS_X, TOP,
                    AXIS_X, ys.isEmpty() ? TOP : ys.get(ys.size() - 1)));
        }
    }
}
