package vexmem.kernel.inspect;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Draws {@link PhysMapSnapshot}s (peak use and end of run) as one SVG: per snapshot, each DRAM bank
 * to scale with its reservations outlined, then each reservation zoomed to the full width so single
 * pages of CMA or carveout fragmentation show. Allocations are coloured by heap (hue) and owner
 * (shade); the legend names every heap/owner pair. Runs narrower than a pixel are drawn one pixel wide.
 */
public final class PhysMapSvg {
    private static final int W = 1200, X0 = 20, BAR_W = W - 2 * X0, BAR_H = 22;
    private static final String[] HUES = {"#4e79a7", "#e15759", "#59a14f", "#b07aa1", "#edc948", "#76b7b2", "#ff9da7", "#9c755f"};

    private PhysMapSvg() {
    }

    public static String render(String title, List<PhysMapSnapshot> snaps) {
        Map<String, String> heapColor = new LinkedHashMap<>();
        Map<String, List<String>> ownersByHeap = new LinkedHashMap<>();
        for (PhysMapSnapshot s : snaps) {
            for (PhysMapSnapshot.Alloc a : s.allocs()) {
                heapColor.computeIfAbsent(a.heap(), h -> h.equals("page allocator") ? "#8c8c8c"
                        : h.startsWith("cma ") ? "#f28e2b" : HUES[(heapColor.size()) % HUES.length]);
                List<String> os = ownersByHeap.computeIfAbsent(a.heap(), h -> new ArrayList<>());
                if (!os.contains(a.owner())) {
                    os.add(a.owner());
                }
            }
        }
        StringBuilder body = new StringBuilder();
        double y = 56;
        for (PhysMapSnapshot s : snaps) {
            body.append(text(X0, y, 14, "bold", s.when() + " — " + s.usedPages() + " pages (" + human(s.usedPages() * 4096) + ") allocated"));
            y += 10;
            for (PhysMapSnapshot.Span bank : s.banks()) {
                y += 16;
                body.append(text(X0, y, 11, "normal", "DRAM " + bank.name() + "  " + range(bank) + "  " + human(bank.size())
                        + "  (boxes: reservations, zoomed below)"));
                y += 6;
                y = bar(body, s, bank, y, heapColor, ownersByHeap, true, "#f4f4f4");
            }
            for (PhysMapSnapshot.Span bank : s.banks()) {
                // System RAM outside the reservations, zoomed to the part in use (1 MiB granules).
                long lo = Long.MAX_VALUE, hi = 0;
                for (PhysMapSnapshot.Alloc a : s.allocs()) {
                    boolean inRes = s.reserved().stream().anyMatch(r -> a.base() >= r.base() && a.base() < r.end());
                    if (!inRes && a.base() >= bank.base() && a.base() < bank.end()) {
                        lo = Math.min(lo, a.base());
                        hi = Math.max(hi, a.end());
                    }
                }
                if (hi > lo) {
                    lo &= ~((1L << 20) - 1);
                    hi = (hi + (1L << 20) - 1) & ~((1L << 20) - 1);
                    PhysMapSnapshot.Span z = new PhysMapSnapshot.Span(bank.name(), "System RAM in use", lo, hi - lo);
                    List<PhysMapSnapshot.Alloc> in = s.allocs().stream().filter(a -> a.base() < z.end() && a.end() > z.base()).toList();
                    long used = in.stream().mapToLong(a -> Math.min(a.end(), z.end()) - Math.max(a.base(), z.base())).sum();
                    y += 16;
                    body.append(text(X0, y, 11, "normal", "System RAM, zoomed to the part in use  " + range(z) + "  " + human(z.size())
                            + ":  " + human(used) + " used in " + in.size() + " run(s)"));
                    y += 6;
                    y = bar(body, s, z, y, heapColor, ownersByHeap, false, "#f4f4f4");
                }
            }
            for (PhysMapSnapshot.Span r : s.reserved()) {
                List<PhysMapSnapshot.Alloc> in = s.allocs().stream().filter(a -> a.base() < r.end() && a.end() > r.base()).toList();
                long used = in.stream().mapToLong(a -> Math.min(a.end(), r.end()) - Math.max(a.base(), r.base())).sum();
                y += 16;
                body.append(text(X0, y, 11, "normal", r.kind() + " " + r.name() + "  " + range(r) + "  " + human(r.size())
                        + ":  " + human(used) + " used in " + in.size() + " run(s), largest free run " + human(largestFree(r, in))));
                y += 6;
                y = bar(body, s, r, y, heapColor, ownersByHeap, false, "url(#hatch)");
            }
            y += 24;
        }
        // legend
        body.append(text(X0, y, 12, "bold", "Legend: colour = heap or allocator, shade = owner (the processes mapping the pages; kernel = none)"));
        y += 8;
        int col = 0;
        double rowY = y;
        for (Map.Entry<String, List<String>> e : ownersByHeap.entrySet()) {
            for (String o : e.getValue()) {
                double lx = X0 + col * 390;
                String c = shade(heapColor.get(e.getKey()), e.getValue().indexOf(o), e.getValue().size());
                body.append(String.format("<rect x=\"%.1f\" y=\"%.1f\" width=\"14\" height=\"12\" fill=\"%s\" stroke=\"#333\" stroke-width=\"0.5\"/>%n", lx, rowY + 6, c));
                body.append(text(lx + 20, rowY + 16, 11, "normal", clip(e.getKey() + " — " + o, 56)));
                col++;
                if (col == 3) {
                    col = 0;
                    rowY += 18;
                }
            }
        }
        double lx = X0 + col * 390;
        body.append(String.format("<rect x=\"%.1f\" y=\"%.1f\" width=\"14\" height=\"12\" fill=\"url(#hatch)\" stroke=\"#555\"/>%n", lx, rowY + 6));
        body.append(text(lx + 20, rowY + 16, 11, "normal", "reservation (free)"));
        int height = (int) rowY + 40;
        StringBuilder s = new StringBuilder();
        s.append(String.format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                + "font-family=\"DejaVu Sans Mono, Menlo, Consolas, monospace\" font-size=\"11\">%n", W, height, W, height));
        s.append("<defs><pattern id=\"hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
                + "<rect width=\"6\" height=\"6\" fill=\"#fbf3e4\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#e0c9a0\" stroke-width=\"2\"/></pattern></defs>\n");
        s.append(String.format("<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", W, height));
        s.append(text(X0, 24, 16, "bold", title));
        s.append(text(X0, 40, 11, "normal", "Physical address space, low addresses on the left; every bar is to scale over the range written above it."));
        s.append(body);
        s.append("</svg>\n");
        return s.toString();
    }

    private static double bar(StringBuilder b, PhysMapSnapshot s, PhysMapSnapshot.Span span, double y,
                              Map<String, String> heapColor, Map<String, List<String>> owners, boolean showReserved,
                              String background) {
        double scale = (double) BAR_W / span.size();
        b.append(String.format("<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%d\" fill=\"%s\" stroke=\"#666\" stroke-width=\"0.6\"/>%n",
                X0, y, BAR_W, BAR_H, background));
        if (showReserved) {
            for (PhysMapSnapshot.Span r : s.reserved()) {
                if (r.base() < span.end() && r.end() > span.base()) {
                    double x = X0 + (Math.max(r.base(), span.base()) - span.base()) * scale;
                    double w = Math.max(1, (Math.min(r.end(), span.end()) - Math.max(r.base(), span.base())) * scale);
                    b.append(String.format("<rect x=\"%.2f\" y=\"%.1f\" width=\"%.2f\" height=\"%d\" fill=\"url(#hatch)\" stroke=\"#b08850\" stroke-width=\"0.8\"><title>%s %s %s</title></rect>%n",
                            x, y, w, BAR_H, esc(r.kind()), esc(r.name()), range(r)));
                }
            }
        }
        for (PhysMapSnapshot.Alloc a : s.allocs()) {
            if (a.base() >= span.end() || a.end() <= span.base()) {
                continue;
            }
            double x = X0 + (Math.max(a.base(), span.base()) - span.base()) * scale;
            double w = Math.max(1, (Math.min(a.end(), span.end()) - Math.max(a.base(), span.base())) * scale);
            List<String> os = owners.get(a.heap());
            String c = shade(heapColor.get(a.heap()), os.indexOf(a.owner()), os.size());
            String sep = w > 4 ? " stroke=\"white\" stroke-width=\"1\"" : "";
            b.append(String.format("<rect x=\"%.2f\" y=\"%.1f\" width=\"%.2f\" height=\"%d\" fill=\"%s\"" + sep + "><title>%s — %s: 0x%08x-0x%08x (%s)</title></rect>%n",
                    x, y + 1, w, BAR_H - 2, c, esc(a.heap()), esc(a.owner()), a.base(), a.end() - 1, human(a.size())));
        }
        y += BAR_H + 12;
        b.append(text(X0, y, 10, "normal", String.format("0x%08x", span.base())));
        b.append(String.format("<text x=\"%d\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\">0x%08x</text>%n", X0 + BAR_W, y, span.end() - 1));
        return y;
    }

    private static long largestFree(PhysMapSnapshot.Span r, List<PhysMapSnapshot.Alloc> in) {
        long best = 0, at = r.base();
        for (PhysMapSnapshot.Alloc a : in) {
            best = Math.max(best, Math.max(a.base(), r.base()) - at);
            at = Math.max(at, a.end());
        }
        return Math.max(best, r.end() - at);
    }

    /** The heap's colour, lighter for each further owner. */
    static String shade(String hex, int idx, int n) {
        int rgb = Integer.parseInt(hex.substring(1), 16);
        double f = n <= 1 ? 0 : 0.6 * idx / (n - 1);
        int r = (int) (((rgb >> 16) & 255) + (255 - ((rgb >> 16) & 255)) * f);
        int g = (int) (((rgb >> 8) & 255) + (255 - ((rgb >> 8) & 255)) * f);
        int bl = (int) ((rgb & 255) + (255 - (rgb & 255)) * f);
        return String.format("#%02x%02x%02x", r, g, bl);
    }

    private static String range(PhysMapSnapshot.Span s) {
        return String.format("0x%08x-0x%08x", s.base(), s.end() - 1);
    }

    static String human(long b) {
        if (b >= 1L << 30 && b % (1L << 30) == 0) {
            return (b >> 30) + " GiB";
        }
        if (b >= 1L << 20 && b % (1L << 20) == 0) {
            return (b >> 20) + " MiB";
        }
        if (b >= 1L << 20) {
            return String.format("%.1f MiB", b / 1048576.0);
        }
        if (b >= 1024) {
            return (b % 1024 == 0 ? Long.toString(b >> 10) : String.format("%.1f", b / 1024.0)) + " KiB";
        }
        return b + " B";
    }

    private static String clip(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }

    private static String text(double x, double y, int size, String weight, String t) {
        return String.format("<text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" font-weight=\"%s\">%s</text>%n", x, y, size, weight, esc(t));
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
