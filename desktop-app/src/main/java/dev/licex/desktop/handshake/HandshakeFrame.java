package dev.licex.desktop.handshake;

import dev.licex.protocol.event.Holding;
import java.util.List;

/**
 * What the handshake view shows at one point of a trace.
 *
 * @param rows         the diagram's rows up to that point
 * @param clientBar    rows [start, end] during which the device holds T; end is -1 while it still does; null before
 * @param serverBar    the same for the server
 * @param client       what the device holds durably now, or null before it stored anything
 * @param server       what the server holds durably now, or null
 * @param explanation  the current step in plain language
 */
public record HandshakeFrame(List<DiagramRow> rows, int[] clientBar, int[] serverBar, Holding client, Holding server,
        String explanation) {
}
