package dev.licex.desktop.handshake;

import dev.licex.desktop.handshake.DiagramRow.Fate;
import dev.licex.protocol.event.Holding;
import dev.licex.protocol.event.Side;
import java.util.List;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontPosture;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;

/**
 * The sequence diagram of one transaction: the device's and the server's lifelines, what each
 * holds durably, the holding bars, and a row per message, write, retry and fault. Drawn on a
 * canvas so it exports to PNG exactly as seen.
 */
public final class SequenceDiagram extends Region {

    private static final Color INK = Color.web("#1f2330");
    private static final Color MUTED = Color.web("#667085");
    private static final Color ACCENT = Color.web("#4f46e5");
    private static final Color TEAL = Color.web("#0d9488");
    private static final Color LOSS = Color.web("#d92d20");
    private static final Color WARN = Color.web("#dc6803");
    private static final Color PAPER = Color.web("#ffffff");
    private static final Color CURSOR = Color.web("#eef2ff");

    private final Canvas canvas = new Canvas();
    private final Text measure = new Text();
    private HandshakeFrame frame;
    private double scale = 1;

    public SequenceDiagram() {
        getChildren().add(canvas);
        setMinHeight(240);
    }

    public void show(HandshakeFrame shown, boolean large) {
        this.frame = shown;
        this.scale = large ? 1.45 : 1;
        draw(canvas, false);
    }

    private double rowHeight() {
        return 30 * scale;
    }

    private double headerHeight() {
        return 150 * scale;
    }

    @Override
    protected double computePrefHeight(double width) {
        return 600;
    }

    @Override
    protected double computePrefWidth(double height) {
        return 900;
    }

    @Override
    protected void layoutChildren() {
        if (canvas.getWidth() != getWidth() || canvas.getHeight() != getHeight()) {
            canvas.setWidth(Math.max(1, getWidth()));
            canvas.setHeight(Math.max(1, getHeight()));
            draw(canvas, false);
        }
    }

    /** The whole diagram, every row, as a picture (taller than the window when the trace is long). */
    public WritableImage snapshotImage() {
        int rows = frame == null ? 0 : frame.rows().size();
        Canvas full = new Canvas(Math.max(700, canvas.getWidth()), headerHeight() + rows * rowHeight() + 30 * scale);
        draw(full, true);
        return full.snapshot(null, null);
    }

    /**
     * Draws the lifelines with their holdings at the top and as many rows as fit below them,
     * ending at the current one; {@code everything} draws all rows (the canvas is made tall enough).
     */
    private void draw(Canvas target, boolean everything) {
        GraphicsContext g = target.getGraphicsContext2D();
        double w = target.getWidth();
        double h = target.getHeight();
        g.setFill(PAPER);
        g.fillRect(0, 0, w, h);
        if (frame == null) {
            return;
        }
        double clientX = w * 0.2;
        double serverX = w * 0.8;
        double top = headerHeight();
        List<DiagramRow> rows = frame.rows();
        int fits = Math.max(1, (int) ((h - top - 10) / rowHeight()));
        int first = everything ? 0 : Math.max(0, rows.size() - fits);
        lifelineHeader(g, w, clientX, "Device", frame.client(), true);
        lifelineHeader(g, w, serverX, "Rights server", frame.server(), false);
        g.setStroke(MUTED);
        g.setLineWidth(1);
        g.setLineDashes(4, 4);
        g.strokeLine(clientX, top - 8 * scale, clientX, h - 10);
        g.strokeLine(serverX, top - 8 * scale, serverX, h - 10);
        g.setLineDashes();
        holdingBar(g, w, clientX, frame.clientBar(), rows.size(), first, top);
        holdingBar(g, w, serverX, frame.serverBar(), rows.size(), first, top);
        if (first > 0) {
            g.setFill(MUTED);
            g.setFont(Font.font("System", FontPosture.ITALIC, 11 * scale));
            g.setTextAlign(TextAlignment.CENTER);
            g.setTextBaseline(VPos.BOTTOM);
            g.fillText("\u25B2 " + first + " earlier " + (first == 1 ? "step" : "steps") + " (replay or export to see "
                    + "them)", w / 2, top - 2);
        }
        for (int i = first; i < rows.size(); i++) {
            double y = top + (i - first) * rowHeight() + rowHeight() / 2;
            boolean current = !everything && i == rows.size() - 1;
            if (current) {
                g.setFill(CURSOR);
                g.fillRect(0, y - rowHeight() / 2, w, rowHeight());
            }
            row(g, w, rows.get(i), y, clientX, serverX, current);
        }
    }

    /** {@code text} cut to {@code width} with an ellipsis in the current font, instead of squeezed. */
    private String fit(GraphicsContext g, String text, double width) {
        measure.setFont(g.getFont());
        measure.setText(text);
        if (measure.getLayoutBounds().getWidth() <= width) {
            return text;
        }
        int low = 0;
        int high = text.length();
        while (low < high) {
            int mid = (low + high + 1) / 2;
            measure.setText(text.substring(0, mid) + "\u2026");
            if (measure.getLayoutBounds().getWidth() <= width) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return text.substring(0, low) + "\u2026";
    }

    private void lifelineHeader(GraphicsContext g, double w, double x, String title, Holding holding,
            boolean device) {
        double boxWidth = Math.min(w * 0.36, 330 * scale);
        double left = device ? Math.max(8, x - boxWidth / 2) : Math.min(w - boxWidth - 8, x - boxWidth / 2);
        g.setFill(device ? ACCENT : TEAL);
        g.fillRoundRect(left, 10, boxWidth, 30 * scale, 10, 10);
        g.setFill(PAPER);
        g.setFont(Font.font("System", FontWeight.BOLD, 14 * scale));
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.CENTER);
        g.fillText(title, left + boxWidth / 2, 10 + 15 * scale);
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.TOP);
        g.setFont(Font.font("System", 11.5 * scale));
        g.setFill(INK);
        double y = 10 + 36 * scale;
        for (String line : holdingLines(holding, device)) {
            g.fillText(fit(g, line, boxWidth - 8), left + 4, y);
            y += 16 * scale;
        }
    }

    static List<String> holdingLines(Holding holding, boolean device) {
        if (holding == null) {
            return List.of("holds nothing yet");
        }
        return List.of(
                "holds T: " + (holding.holdsId() ? "yes (" + holding.state() + ")" : "no, archived (" + holding.state()
                        + ")"),
                "request: " + (holding.offerId() == null ? "-" : holding.offerId()),
                "rights: " + (holding.rightsId() == null ? "-" : holding.rightsId().toString().substring(0, 8) + "...")
                        + (device && holding.holdsRights() ? " (stored, verified)" : ""),
                device ? "" : "stock left: " + (holding.stock() == null ? "-" : holding.stock()));
    }

    private void holdingBar(GraphicsContext g, double w, double x, int[] bar, int rows, int first, double top) {
        if (bar == null) {
            return;
        }
        int end = bar[1] < 0 ? rows - 1 : bar[1];
        if (end < first) {
            return;
        }
        double y1 = bar[0] < first ? top : top + (bar[0] - first) * rowHeight() + rowHeight() / 2;
        double y2 = top + (end - first) * rowHeight() + rowHeight() / 2;
        g.setFill(Color.web(x < w / 2 ? "#4f46e5" : "#0d9488", 0.28));
        g.fillRoundRect(x - 5 * scale, y1, 10 * scale, Math.max(6, y2 - y1), 6, 6);
    }

    private void row(GraphicsContext g, double w, DiagramRow row, double y, double clientX, double serverX,
            boolean current) {
        g.setFont(Font.font("System", current ? FontWeight.BOLD : FontWeight.NORMAL, 12 * scale));
        g.setTextBaseline(VPos.BOTTOM);
        switch (row.kind()) {
            case ARROW -> arrow(g, row, y, clientX, serverX);
            case NOTE -> note(g, row, y, clientX, serverX);
            case FAULT -> {
                g.setFill(LOSS);
                g.setTextAlign(TextAlignment.CENTER);
                g.setTextBaseline(VPos.CENTER);
                g.fillText(fit(g, "\u26A1 " + row.label(), serverX - clientX - 20), (clientX + serverX) / 2, y);
            }
            case RESTART -> {
                g.setStroke(LOSS);
                g.setLineDashes(8, 5);
                g.setLineWidth(2);
                g.strokeLine((clientX + serverX) / 2, y, w - 8, y);
                g.setLineDashes();
                g.setFill(LOSS);
                g.setTextAlign(TextAlignment.RIGHT);
                g.fillText(fit(g, row.label(), w * 0.45), w - 10, y - 3);
            }
        }
    }

    private void arrow(GraphicsContext g, DiagramRow row, double y, double clientX, double serverX) {
        boolean toServer = row.from() == Side.CLIENT;
        double start = toServer ? clientX : serverX;
        double target = toServer ? serverX : clientX;
        double end = switch (row.fate()) {
            case LOST -> start + (target - start) * 0.62;
            case IN_FLIGHT -> start + (target - start) * 0.5;
            default -> target;
        };
        Color colour = switch (row.fate()) {
            case LOST -> LOSS;
            case SPOILED -> WARN;
            case IN_FLIGHT -> MUTED;
            default -> toServer ? ACCENT : TEAL;
        };
        g.setStroke(colour);
        g.setFill(colour);
        g.setLineWidth(2 * scale);
        if (row.fate() == Fate.IN_FLIGHT) {
            g.setLineDashes(6, 4);
        }
        g.strokeLine(start, y + 6 * scale, end, y + 6 * scale);
        g.setLineDashes();
        double dir = Math.signum(end - start);
        if (row.fate() == Fate.LOST) {
            double s = 7 * scale;
            g.strokeLine(end - s, y + 6 * scale - s, end + s, y + 6 * scale + s);
            g.strokeLine(end - s, y + 6 * scale + s, end + s, y + 6 * scale - s);
        } else if (row.fate() != Fate.IN_FLIGHT) {
            double s = 8 * scale;
            g.fillPolygon(new double[] {end, end - dir * s, end - dir * s},
                    new double[] {y + 6 * scale, y + 6 * scale - s / 2, y + 6 * scale + s / 2}, 3);
        }
        g.setTextAlign(TextAlignment.CENTER);
        g.setFill(colour == MUTED ? MUTED : INK);
        String label = row.label() + (row.fate() == Fate.SPOILED ? "   (unusable)" : "")
                + (row.fate() == Fate.LOST ? "   (lost)" : "");
        g.fillText(fit(g, label, serverX - clientX - 16), (clientX + serverX) / 2, y + 2 * scale);
    }

    private void note(GraphicsContext g, DiagramRow row, double y, double clientX, double serverX) {
        g.setFill(MUTED);
        g.setTextBaseline(VPos.CENTER);
        double room = (serverX - clientX) * 0.9;
        if (row.from() == Side.CLIENT) {
            g.setTextAlign(TextAlignment.LEFT);
            g.fillText(fit(g, row.label(), room), clientX + 12 * scale, y);
        } else {
            g.setTextAlign(TextAlignment.RIGHT);
            g.fillText(fit(g, row.label(), room), serverX - 12 * scale, y);
        }
    }
}
