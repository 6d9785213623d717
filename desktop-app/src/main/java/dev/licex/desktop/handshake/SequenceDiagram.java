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
import javafx.scene.text.FontWeight;
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
    private HandshakeFrame frame;
    private double scale = 1;

    public SequenceDiagram() {
        getChildren().add(canvas);
        setMinHeight(200);
    }

    public void show(HandshakeFrame shown, boolean large) {
        this.frame = shown;
        this.scale = large ? 1.45 : 1;
        requestLayout();
        draw();
    }

    private double rowHeight() {
        return 30 * scale;
    }

    private double headerHeight() {
        return 150 * scale;
    }

    @Override
    protected double computePrefHeight(double width) {
        int rows = frame == null ? 0 : frame.rows().size();
        return headerHeight() + rows * rowHeight() + 40 * scale;
    }

    @Override
    protected double computePrefWidth(double height) {
        return 900;
    }

    @Override
    protected void layoutChildren() {
        double width = Math.max(600, getWidth());
        double height = computePrefHeight(width);
        if (canvas.getWidth() != width || canvas.getHeight() != height) {
            canvas.setWidth(width);
            canvas.setHeight(height);
            draw();
        }
    }

    public WritableImage snapshotImage() {
        return canvas.snapshot(null, null);
    }

    private void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        g.setFill(PAPER);
        g.fillRect(0, 0, w, h);
        if (frame == null) {
            return;
        }
        double clientX = w * 0.2;
        double serverX = w * 0.8;
        double top = headerHeight();
        lifelineHeader(g, clientX, "Device", frame.client(), true);
        lifelineHeader(g, serverX, "Rights server", frame.server(), false);
        g.setStroke(MUTED);
        g.setLineWidth(1);
        g.setLineDashes(4, 4);
        g.strokeLine(clientX, top - 8 * scale, clientX, h - 10);
        g.strokeLine(serverX, top - 8 * scale, serverX, h - 10);
        g.setLineDashes();
        holdingBar(g, clientX, frame.clientBar(), frame.rows().size(), top);
        holdingBar(g, serverX, frame.serverBar(), frame.rows().size(), top);
        List<DiagramRow> rows = frame.rows();
        for (int i = 0; i < rows.size(); i++) {
            double y = top + i * rowHeight() + rowHeight() / 2;
            if (i == rows.size() - 1) {
                g.setFill(CURSOR);
                g.fillRect(0, y - rowHeight() / 2, w, rowHeight());
            }
            row(g, rows.get(i), y, clientX, serverX, i == rows.size() - 1);
        }
    }

    private void lifelineHeader(GraphicsContext g, double x, String title, Holding holding, boolean device) {
        double boxWidth = Math.min(canvas.getWidth() * 0.36, 330 * scale);
        double left = device ? Math.max(8, x - boxWidth / 2) : Math.min(canvas.getWidth() - boxWidth - 8,
                x - boxWidth / 2);
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
            g.fillText(line, left + 4, y, boxWidth - 8);
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

    private void holdingBar(GraphicsContext g, double x, int[] bar, int rows, double top) {
        if (bar == null) {
            return;
        }
        int end = bar[1] < 0 ? rows - 1 : bar[1];
        double y1 = top + bar[0] * rowHeight() + rowHeight() / 2;
        double y2 = top + end * rowHeight() + rowHeight() / 2;
        g.setFill(Color.web(x < canvas.getWidth() / 2 ? "#4f46e5" : "#0d9488", 0.28));
        g.fillRoundRect(x - 5 * scale, y1, 10 * scale, Math.max(6, y2 - y1), 6, 6);
    }

    private void row(GraphicsContext g, DiagramRow row, double y, double clientX, double serverX, boolean current) {
        g.setFont(Font.font("System", current ? FontWeight.BOLD : FontWeight.NORMAL, 12 * scale));
        g.setTextBaseline(VPos.BOTTOM);
        switch (row.kind()) {
            case ARROW -> arrow(g, row, y, clientX, serverX);
            case NOTE -> note(g, row, y, clientX, serverX);
            case FAULT -> {
                g.setFill(LOSS);
                g.setTextAlign(TextAlignment.CENTER);
                g.setTextBaseline(VPos.CENTER);
                g.fillText("\u26A1 " + row.label(), (clientX + serverX) / 2, y, serverX - clientX - 20);
            }
            case RESTART -> {
                g.setStroke(LOSS);
                g.setLineDashes(8, 5);
                g.setLineWidth(2);
                g.strokeLine((clientX + serverX) / 2, y, canvas.getWidth() - 8, y);
                g.setLineDashes();
                g.setFill(LOSS);
                g.setTextAlign(TextAlignment.RIGHT);
                g.fillText(row.label(), canvas.getWidth() - 10, y - 3, canvas.getWidth() * 0.45);
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
        g.fillText(label, (clientX + serverX) / 2, y + 2 * scale, serverX - clientX - 16);
    }

    private void note(GraphicsContext g, DiagramRow row, double y, double clientX, double serverX) {
        g.setFill(MUTED);
        g.setTextBaseline(VPos.CENTER);
        double room = (serverX - clientX) * 0.9;
        if (row.from() == Side.CLIENT) {
            g.setTextAlign(TextAlignment.LEFT);
            g.fillText(row.label(), clientX + 12 * scale, y, room);
        } else {
            g.setTextAlign(TextAlignment.RIGHT);
            g.fillText(row.label(), serverX - 12 * scale, y, room);
        }
    }
}
