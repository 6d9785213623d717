package dev.licex.cli.chaos;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.licex.protocol.json.Json;
import dev.licex.simulator.chaos.ChaosResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** Writes a chaos run as JSON, and as a self-contained HTML page with its figures and charts. */
public final class ChaosReportWriter {

    private ChaosReportWriter() {
    }

    /** Writes {@code file} (JSON) and a page beside it ({@code .html}); returns the page's path. */
    public static Path write(ChaosResult result, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.write(file, Json.mapper().writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(result));
        String name = file.getFileName().toString();
        Path html = file.resolveSibling((name.endsWith(".json") ? name.substring(0, name.length() - 5) : name) + ".html");
        Files.writeString(html, html(result));
        return html;
    }

    static String html(ChaosResult r) {
        boolean holds = r.holds();
        StringBuilder page = new StringBuilder();
        page.append("""
                <!doctype html><html lang="en"><head><meta charset="utf-8">
                <title>licex chaos report</title><style>
                body{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;color:#1f2330;padding:0 1rem}
                h1{font-size:1.6rem}h2{font-size:1.15rem;margin-top:2rem}
                .verdict{font-size:2rem;font-weight:700;padding:1rem 1.5rem;border-radius:.6rem;color:#fff}
                .ok{background:#1f8a4c}.bad{background:#c0392b}
                table{border-collapse:collapse}td,th{padding:.3rem .8rem;border-bottom:1px solid #e3e6ee;text-align:left}
                td.n{text-align:right;font-variant-numeric:tabular-nums}
                .muted{color:#667}</style></head><body>
                """);
        page.append("<h1>licex chaos report</h1>");
        page.append("<p class=\"muted\">").append(esc(r.server())).append(" &middot; started ")
                .append(esc(r.startedAt().toString())).append(" &middot; ").append(seconds(r.durationMillis()))
                .append(" &middot; ").append(r.settings().acquisitions()).append(" acquisitions, fault rate ")
                .append(r.settings().faultRate()).append(", seed ").append(r.settings().seed()).append(", ")
                .append(r.settings().devices()).append(" devices</p>");
        page.append("<div class=\"verdict ").append(holds ? "ok\">Exactly once: holds" : "bad\">Exactly once: broken")
                .append("</div>");
        page.append("<h2>Conservation check</h2><table>");
        row(page, "issued by the server (net of returns)", r.check().issued());
        row(page, "held on the devices", r.check().held());
        row(page, "duplicated", r.check().duplicated());
        row(page, "lost", r.check().lost());
        row(page, "held but never issued", r.check().surplus());
        row(page, "pending after recovery", r.check().pending());
        page.append("</table>");
        if (!r.check().problems().isEmpty()) {
            page.append("<ul>");
            r.check().problems().forEach(p -> page.append("<li>").append(esc(p)).append("</li>"));
            page.append("</ul>");
        }
        page.append("<h2>Outcomes of the first attempt</h2>").append(bars(r.outcomes(), "#3b5bdb"));
        page.append("<p>").append(r.recovered()).append(" acquisition(s) left pending by the faults were finished by "
                + "recovery afterwards. Clients retried ").append(r.retries()).append(" leg(s); ").append(r.lostMessages())
                .append(" request(s) got no usable answer.</p>");
        page.append("<h2>Faults injected, by kind</h2>").append(bars(r.faultsInjected(), "#e8590c"));
        page.append("<h2>Acquisition latency</h2><table>");
        r.latencyMillis().forEach((k, v) -> page.append("<tr><th>").append(k).append("</th><td class=\"n\">")
                .append(String.format(Locale.ROOT, "%.1f ms", v)).append("</td></tr>"));
        page.append("</table></body></html>\n");
        return page.toString();
    }

    private static void row(StringBuilder page, String label, long value) {
        page.append("<tr><th>").append(label).append("</th><td class=\"n\">").append(value).append("</td></tr>");
    }

    /** A horizontal bar chart as inline SVG. */
    private static String bars(Map<String, Long> values, String colour) {
        if (values.isEmpty()) {
            return "<p class=\"muted\">none</p>";
        }
        long max = values.values().stream().mapToLong(Long::longValue).max().orElse(1);
        int rowHeight = 26;
        int labelWidth = 190;
        int barWidth = 460;
        StringBuilder svg = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(labelWidth + barWidth + 80).append("\" height=\"").append(values.size() * rowHeight + 4)
                .append("\" role=\"img\" font-family=\"system-ui,sans-serif\" font-size=\"13\">");
        int y = 0;
        for (Map.Entry<String, Long> entry : values.entrySet()) {
            long width = Math.max(1, Math.round((double) entry.getValue() / Math.max(1, max) * barWidth));
            svg.append("<text x=\"0\" y=\"").append(y + 17).append("\">").append(esc(entry.getKey())).append("</text>")
                    .append("<rect x=\"").append(labelWidth).append("\" y=\"").append(y + 4).append("\" width=\"")
                    .append(width).append("\" height=\"").append(rowHeight - 8).append("\" rx=\"3\" fill=\"")
                    .append(colour).append("\"/>")
                    .append("<text x=\"").append(labelWidth + width + 6).append("\" y=\"").append(y + 17).append("\">")
                    .append(entry.getValue()).append("</text>");
            y += rowHeight;
        }
        return svg.append("</svg>").toString();
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    private static String esc(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
